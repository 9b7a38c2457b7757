#pragma once
// Matrix products whose packing buffers are kept between calls. Eigen's product
// expression allocates its packing buffers on every call; a particle step runs the same
// shapes step after step, so these keep them and stepping allocates nothing. The kernel
// is Eigen's own (its internal GEMM entry point, stable since Eigen 3.3), compiled for the
// processor's widest vectors (cpu_kernels.hpp), so results are those of
// `out.noalias() = alpha * a * b` built for the same instruction set.
#include <Eigen/Core>
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>

#include "cpu_kernels.hpp"

namespace flowscope {

// A buffer aligned for the widest packets any kernel set loads; it only grows.
template <class S>
class AlignedBuffer {
public:
    S* atLeast(std::size_t count) {
        if (count > size_) {
            const std::size_t bytes =
                (count * sizeof(S) + kCpuKernelAlignment - 1) / kCpuKernelAlignment * kCpuKernelAlignment;
            data_.reset(static_cast<S*>(std::aligned_alloc(kCpuKernelAlignment, bytes)));
            if (!data_) throw std::bad_alloc();
            size_ = count;
        }
        return data_.get();
    }
    const S* data() const { return data_.get(); }

private:
    struct Free {
        void operator()(S* p) const { std::free(p); }
    };
    std::unique_ptr<S, Free> data_;
    std::size_t size_ = 0;
};

// A left factor packed once for many products (KeptProduct::timesPacked): the samples,
// against every chunk of units in a step, rather than packed again for each chunk.
template <class S>
class PackedLeft {
public:
    // The left factor a^T (a is depth x rows), for right factors of up to colsHint columns.
    template <class A>
    void packTransposed(const A& a, Eigen::Index colsHint) { pack(true, a.cols(), a.rows(), colsHint, a.data(), a.outerStride()); }
    // The left factor a (rows x depth).
    template <class A>
    void packPlain(const A& a, Eigen::Index colsHint) { pack(false, a.rows(), a.cols(), colsHint, a.data(), a.outerStride()); }
    Eigen::Index rows() const { return rows_; }
    Eigen::Index depth() const { return depth_; }
    Eigen::Index colsHint() const { return colsHint_; }
    const S* data() const { return packed_.data(); }

    // out = alpha (this factor) B, B (depth() x cols, cols at most colsHint()) already in the
    // kernel's packed layout (CpuKernelOps::signsTimesPacked): no packing at all.
    template <class Out>
    void timesPackedRight(S alpha, const S* packedB, Eigen::Index cols, Out&& out) const {
        eigen_assert(cols <= colsHint_ && out.rows() == rows_ && out.cols() == cols);
        cpuKernels().ops<S>().gemmBothPacked(rows_, cols, depth_, colsHint_, alpha, packed_.data(), packedB, out.data(),
                                              out.outerStride(), false);
    }

private:
    void pack(bool transposed, Eigen::Index rows, Eigen::Index depth, Eigen::Index colsHint, const S* a, Eigen::Index lda) {
        const CpuKernelOps<S>& ops = cpuKernels().ops<S>();
        rows_ = rows, depth_ = depth, colsHint_ = colsHint;
        S* out = packed_.atLeast(std::max<std::size_t>(1, ops.packedLeftSize(rows, depth, colsHint)));
        ops.packLeft(transposed, rows, depth, colsHint, a, lda, out);
    }
    AlignedBuffer<S> packed_;
    Eigen::Index rows_ = 0, depth_ = 0, colsHint_ = 0;
};

template <class S>
class KeptProduct {
public:
    // out = alpha a^T b, or out += alpha a^T b when accumulating. a is depth x rows, b depth x
    // cols, out rows x cols; all column-major (matrices or blocks of their columns).
    template <class A, class B, class Out>
    void transposeTimes(S alpha, const A& a, const B& b, Out&& out, bool accumulate = false) {
        run(true, false, a.cols(), a.rows(), b.cols(), alpha, a, b, out, accumulate);
    }
    // out = alpha a b (or out += ...): a is rows x depth, b depth x cols.
    template <class A, class B, class Out>
    void times(S alpha, const A& a, const B& b, Out&& out, bool accumulate = false) {
        run(false, false, a.rows(), a.cols(), b.cols(), alpha, a, b, out, accumulate);
    }
    // out = alpha a b^T (or out += ...): a is rows x depth, b cols x depth.
    template <class A, class B, class Out>
    void timesTranspose(S alpha, const A& a, const B& b, Out&& out, bool accumulate = false) {
        run(false, true, a.rows(), a.cols(), b.rows(), alpha, a, b, out, accumulate);
    }

    // out = alpha a b (or out += ...) with a packed beforehand; b is a.depth() x cols, cols at
    // most a.colsHint(). The same sums as times() with a's blocking, up to rounding.
    template <class B, class Out>
    void timesPacked(S alpha, const PackedLeft<S>& a, const B& b, Out&& out, bool accumulate = false) {
        eigen_assert(b.rows() == a.depth() && b.cols() <= a.colsHint());
        eigen_assert(out.rows() == a.rows() && out.cols() == b.cols());
        const CpuKernelOps<S>& ops = cpuKernels().ops<S>();
        S* packB = nullptr;
        if (a.rows() > 0 && b.cols() > 0 && a.depth() > 0) {
            std::size_t sizeA = 0, sizeB = 0;
            ops.packingSizes(a.rows(), a.colsHint(), a.depth(), &sizeA, &sizeB);
            packB = packedB_.atLeast(sizeB);
        }
        ops.gemmPackedLeft(false, a.rows(), b.cols(), a.depth(), a.colsHint(), alpha, a.data(), b.data(),
                           b.outerStride(), out.data(), out.outerStride(), accumulate, packB);
    }

private:
    // The left factor is `rows x depth` read from a's column-major storage (transposed when
    // aTransposed), the right one `depth x cols` likewise from b's.
    template <class A, class B, class Out>
    void run(bool aTransposed, bool bTransposed, Eigen::Index rows, Eigen::Index depth, Eigen::Index cols, S alpha,
             const A& a, const B& b, Out& out, bool accumulate) {
        eigen_assert(out.rows() == rows && out.cols() == cols);
        const CpuKernelOps<S>& ops = cpuKernels().ops<S>();
        S *packA = nullptr, *packB = nullptr;
        if (rows > 0 && cols > 0 && depth > 0) {
            std::size_t sizeA = 0, sizeB = 0;
            ops.packingSizes(rows, cols, depth, &sizeA, &sizeB);
            packA = packedA_.atLeast(sizeA), packB = packedB_.atLeast(sizeB);
        }
        ops.gemm(aTransposed, bTransposed, rows, cols, depth, alpha, a.data(), a.outerStride(), b.data(),
                 b.outerStride(), out.data(), out.outerStride(), accumulate, packA, packB);
    }

    AlignedBuffer<S> packedA_, packedB_;
};

}  // namespace flowscope
