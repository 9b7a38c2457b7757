#pragma once
// Matrix products whose packing buffers are kept between calls. Eigen's product
// expression allocates its packing buffers on every call; a particle step runs the same
// shapes step after step, so these keep them and stepping allocates nothing. The kernel
// is Eigen's own (its internal GEMM entry point, stable since Eigen 3.3), so results are
// those of `out.noalias() = alpha * a * b`.
#include <Eigen/Core>
#include <vector>

namespace flowscope {

template <class S>
class KeptProduct {
public:
    // out = alpha a^T b, or out += alpha a^T b when accumulating. a is depth x rows, b depth x
    // cols, out rows x cols; all column-major (matrices or blocks of their columns).
    template <class A, class B, class Out>
    void transposeTimes(S alpha, const A& a, const B& b, Out&& out, bool accumulate = false) {
        run<Eigen::RowMajor, Eigen::ColMajor>(a.cols(), a.rows(), b.cols(), alpha, a, b, out, accumulate);
    }
    // out = alpha a b (or out += ...): a is rows x depth, b depth x cols.
    template <class A, class B, class Out>
    void times(S alpha, const A& a, const B& b, Out&& out, bool accumulate = false) {
        run<Eigen::ColMajor, Eigen::ColMajor>(a.rows(), a.cols(), b.cols(), alpha, a, b, out, accumulate);
    }
    // out = alpha a b^T (or out += ...): a is rows x depth, b cols x depth.
    template <class A, class B, class Out>
    void timesTranspose(S alpha, const A& a, const B& b, Out&& out, bool accumulate = false) {
        run<Eigen::ColMajor, Eigen::RowMajor>(a.rows(), a.cols(), b.rows(), alpha, a, b, out, accumulate);
    }

private:
    // Eigen's blocking for this shape (computed exactly as its own product does, so results
    // are those of the product expression and do not depend on earlier calls), pointing
    // into the kept buffers.
    using Buffer = std::vector<S, Eigen::aligned_allocator<S>>;
    struct Blocking : Eigen::internal::level3_blocking<S, S> {
        Blocking(Eigen::Index rows, Eigen::Index cols, Eigen::Index depth, Buffer& packedA, Buffer& packedB) {
            this->m_mc = rows, this->m_nc = cols, this->m_kc = depth;
            Eigen::internal::computeProductBlockingSizes<S, S, 1>(this->m_kc, this->m_mc, this->m_nc, Eigen::Index(1));
            // The buffers only grow: after a run's first step every shape fits.
            const auto sizeA = std::size_t(this->m_kc * this->m_mc), sizeB = std::size_t(this->m_kc * this->m_nc);
            if (packedA.size() < sizeA) packedA.resize(sizeA);
            if (packedB.size() < sizeB) packedB.resize(sizeB);
            this->m_blockA = packedA.data(), this->m_blockB = packedB.data();
        }
    };

    // The left factor is `rows x depth` read from a's column-major storage in LhsOrder (RowMajor:
    // a transposed), the right one `depth x cols` likewise from b's.
    template <int LhsOrder, int RhsOrder, class A, class B, class Out>
    void run(Eigen::Index rows, Eigen::Index depth, Eigen::Index cols, S alpha, const A& a, const B& b, Out& out,
             bool accumulate) {
        eigen_assert(out.rows() == rows && out.cols() == cols);
        if (!accumulate) out.setZero();
        if (rows == 0 || cols == 0 || depth == 0) return;
        Blocking blocking(rows, cols, depth, packedA_, packedB_);
        Eigen::internal::general_matrix_matrix_product<Eigen::Index, S, LhsOrder, false, S, RhsOrder, false,
                                                       Eigen::ColMajor, 1>::run(rows, cols, depth, a.data(),
                                                                                a.outerStride(), b.data(),
                                                                                b.outerStride(), out.data(), 1,
                                                                                out.outerStride(), alpha, blocking);
    }

    Buffer packedA_, packedB_;
};

}  // namespace flowscope
