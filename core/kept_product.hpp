#pragma once
// Matrix products whose packing buffers are kept between calls. Eigen's product
// expression allocates its packing buffers on every call; a particle step runs the same
// shapes step after step, so these keep them and stepping allocates nothing. The kernel
// is Eigen's own (its internal GEMM entry point, stable since Eigen 3.3), so results are
// those of `out.noalias() = alpha * a * b`.
#include <Eigen/Core>
#include <algorithm>
#include <memory>

namespace flowscope {

template <class S>
class KeptProduct {
public:
    // out = alpha a^T b, or out += alpha a^T b when accumulating. a is depth x rows, b depth x
    // cols, out rows x cols; all column-major (matrices or blocks of their columns).
    template <class A, class B, class Out>
    void transposeTimes(S alpha, const A& a, const B& b, Out&& out, bool accumulate = false) {
        run<Eigen::RowMajor>(a.cols(), a.rows(), alpha, a.data(), a.outerStride(), b, out, accumulate);
    }
    // out = alpha a b (or out += ...): a is rows x depth.
    template <class A, class B, class Out>
    void times(S alpha, const A& a, const B& b, Out&& out, bool accumulate = false) {
        run<Eigen::ColMajor>(a.rows(), a.cols(), alpha, a.data(), a.outerStride(), b, out, accumulate);
    }

private:
    using Blocking = Eigen::internal::gemm_blocking_space<Eigen::ColMajor, S, S, Eigen::Dynamic, Eigen::Dynamic,
                                                          Eigen::Dynamic, 1, false>;

    // lhs is `rows x depth` in LhsOrder with the given stride.
    template <int LhsOrder, class B, class Out>
    void run(Eigen::Index rows, Eigen::Index depth, S alpha, const S* lhs, Eigen::Index lhsStride, const B& b,
             Out& out, bool accumulate) {
        const Eigen::Index cols = b.cols();
        eigen_assert(b.rows() == depth && out.rows() == rows && out.cols() == cols);
        if (!accumulate) out.setZero();
        if (rows == 0 || cols == 0 || depth == 0) return;
        Eigen::internal::general_matrix_matrix_product<Eigen::Index, S, LhsOrder, false, S, Eigen::ColMajor, false,
                                                       Eigen::ColMajor, 1>::run(rows, cols, depth, lhs, lhsStride,
                                                                                b.data(), b.outerStride(), out.data(),
                                                                                1, out.outerStride(), alpha,
                                                                                blockingFor(rows, cols, depth));
    }

    // Buffers sized for the largest shape seen: a smaller product uses part of them (the
    // kernel takes the minimum of each block size and the product's extent).
    Blocking& blockingFor(Eigen::Index rows, Eigen::Index cols, Eigen::Index depth) {
        if (!blocking_ || rows > rows_ || cols > cols_ || depth > depth_) {
            rows_ = std::max(rows, rows_), cols_ = std::max(cols, cols_), depth_ = std::max(depth, depth_);
            blocking_ = std::make_unique<Blocking>(rows_, cols_, depth_, 1, true);
            blocking_->allocateAll();
        }
        return *blocking_;
    }

    std::unique_ptr<Blocking> blocking_;
    Eigen::Index rows_ = 0, cols_ = 0, depth_ = 0;
};

}  // namespace flowscope
