#pragma once
// Matrix products whose packing buffers are kept between calls. Eigen's product
// expression allocates its packing buffers on every call; a particle step runs the same
// shapes step after step, so these keep them and stepping allocates nothing. The kernel
// is Eigen's own (its internal GEMM entry point, stable since Eigen 3.3), compiled for the
// processor's widest vectors (cpu_kernels.hpp), so results are those of
// `out.noalias() = alpha * a * b` built for the same instruction set.
#include <Eigen/Core>
#include <cstdlib>
#include <memory>
#include <new>

#include "cpu_kernels.hpp"

namespace flowscope {

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

private:
    // Packing buffer aligned for the widest packets any kernel set loads; it only grows.
    class Buffer {
    public:
        S* atLeast(std::size_t count) {
            if (count > size_) {
                const std::size_t bytes = (count * sizeof(S) + kCpuKernelAlignment - 1) / kCpuKernelAlignment *
                                          kCpuKernelAlignment;
                data_.reset(static_cast<S*>(std::aligned_alloc(kCpuKernelAlignment, bytes)));
                if (!data_) throw std::bad_alloc();
                size_ = count;
            }
            return data_.get();
        }

    private:
        struct Free {
            void operator()(S* p) const { std::free(p); }
        };
        std::unique_ptr<S, Free> data_;
        std::size_t size_ = 0;
    };

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

    Buffer packedA_, packedB_;
};

}  // namespace flowscope
