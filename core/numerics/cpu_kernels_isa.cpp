// The kernels of cpu_kernels.hpp for one instruction set. This one source is compiled once
// per set with that set's flags (core/CMakeLists.txt: FLOWSCOPE_ISA names it); the
// dispatcher (cpu_kernels.cpp) calls the table of the set the processor runs.
//
// Every inline function and template instance a compilation emits is named in it: the
// namespaces flowscope and Eigen are renamed per set below, so the linker never takes the
// AVX-512 copy of an inline function for a caller compiled for AVX2 (one definition per
// name, whichever object comes first, would otherwise run 512-bit instructions on a
// processor without them). Only numbers and pointers cross into this file.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "cpu_kernels.hpp"

#ifndef FLOWSCOPE_ISA
#error "cpu_kernels_isa.cpp is compiled with FLOWSCOPE_ISA set to avx2 or avx512"
#endif
#define FLOWSCOPE_ISA_PASTE2(a, b) a##b
#define FLOWSCOPE_ISA_PASTE(a, b) FLOWSCOPE_ISA_PASTE2(a, b)
#define Eigen FLOWSCOPE_ISA_PASTE(flowscope_eigen_, FLOWSCOPE_ISA)
#define flowscope FLOWSCOPE_ISA_PASTE(flowscope_kernels_, FLOWSCOPE_ISA)

#include <Eigen/Core>

#include "activation.hpp"
#include "relu_pair_column.hpp"

namespace flowscope {
namespace {

using Index = std::ptrdiff_t;

// Eigen's blocking for the shape, computed as its product expression computes it.
template <class S>
struct Blocking : Eigen::internal::level3_blocking<S, S> {
    Blocking(Index rows, Index cols, Index depth, S* packA, S* packB) {
        this->m_mc = rows, this->m_nc = cols, this->m_kc = depth;
        Eigen::internal::computeProductBlockingSizes<S, S, 1>(this->m_kc, this->m_mc, this->m_nc, Index(1));
        this->m_blockA = packA, this->m_blockB = packB;
    }
    std::size_t sizeA() const { return std::size_t(this->m_kc * this->m_mc); }
    std::size_t sizeB() const { return std::size_t(this->m_kc * this->m_nc); }
};

template <class S>
void packingSizes(Index rows, Index cols, Index depth, std::size_t* sizeA, std::size_t* sizeB) {
    const Blocking<S> blocking(rows, cols, depth, nullptr, nullptr);
    *sizeA = blocking.sizeA();
    *sizeB = blocking.sizeB();
}

template <class S, int LhsOrder, int RhsOrder>
void product(Index rows, Index cols, Index depth, S alpha, const S* a, Index lda, const S* b, Index ldb, S* out,
             Index ldo, S* packA, S* packB) {
    Blocking<S> blocking(rows, cols, depth, packA, packB);
    Eigen::internal::general_matrix_matrix_product<Index, S, LhsOrder, false, S, RhsOrder, false, Eigen::ColMajor,
                                                   1>::run(rows, cols, depth, a, lda, b, ldb, out, 1, ldo, alpha,
                                                           blocking);
}

template <class S>
void gemm(bool aTransposed, bool bTransposed, Index rows, Index cols, Index depth, S alpha, const S* a, Index lda,
          const S* b, Index ldb, S* out, Index ldo, bool accumulate, S* packA, S* packB) {
    if (!accumulate)
        for (Index j = 0; j < cols; ++j) std::fill(out + j * ldo, out + j * ldo + rows, S(0));
    if (rows == 0 || cols == 0 || depth == 0) return;
    constexpr int R = Eigen::RowMajor, C = Eigen::ColMajor;
    if (aTransposed && bTransposed) product<S, R, R>(rows, cols, depth, alpha, a, lda, b, ldb, out, ldo, packA, packB);
    else if (aTransposed) product<S, R, C>(rows, cols, depth, alpha, a, lda, b, ldb, out, ldo, packA, packB);
    else if (bTransposed) product<S, C, R>(rows, cols, depth, alpha, a, lda, b, ldb, out, ldo, packA, packB);
    else product<S, C, C>(rows, cols, depth, alpha, a, lda, b, ldb, out, ldo, packA, packB);
}

template <class S>
void activate(bool sigmoid, S* v, Index n) {
    activateInPlace(sigmoid ? Activation::Sigmoid : Activation::Relu, Eigen::Map<Eigen::Matrix<S, -1, 1>>(v, n));
}

template <class S>
S derivative(bool sigmoid, const S* values, const S* r, S* out, Index n) {
    using Vector = Eigen::Matrix<S, -1, 1>;
    const Eigen::Map<const Vector> v(values, n), rv(r, n);
    derivativeTimes(sigmoid ? Activation::Sigmoid : Activation::Relu, v, rv, Eigen::Map<Vector>(out, n));
    return v.dot(rv);
}

template <class S>
void pair(bool weighted, Index count, S inverseNormA, const S* inverseNormB, const S* c, S* cs, S* sn, S* angle) {
    if (weighted) pairColumn<true, S>(count, inverseNormA, inverseNormB, c, cs, sn, angle);
    else pairColumn<false, S>(count, inverseNormA, inverseNormB, c, cs, sn, angle);
}

template <class S>
flowscope_isa::Ops<S> opsOf() {
    return {&packingSizes<S>, &gemm<S>, &activate<S>, &derivative<S>, &pair<S>};
}

}  // namespace
}  // namespace flowscope

#define FLOWSCOPE_ISA_STRING2(x) #x
#define FLOWSCOPE_ISA_STRING(x) FLOWSCOPE_ISA_STRING2(x)
flowscope_isa::Table flowscope_isa::FLOWSCOPE_ISA_PASTE(FLOWSCOPE_ISA, Kernels)() {
    return {FLOWSCOPE_ISA_STRING(FLOWSCOPE_ISA), flowscope::opsOf<double>(), flowscope::opsOf<float>()};
}
