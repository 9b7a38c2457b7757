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
#include "relu_signs.hpp"

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

// Eigen's kernel adds to its output: a product that overwrites starts from zeros.
template <class S>
void zero(Index rows, Index cols, S* out, Index ldo) {
    for (Index j = 0; j < cols; ++j) std::fill(out + j * ldo, out + j * ldo + rows, S(0));
}

template <class S>
void gemm(bool aTransposed, bool bTransposed, Index rows, Index cols, Index depth, S alpha, const S* a, Index lda,
          const S* b, Index ldb, S* out, Index ldo, bool accumulate, S* packA, S* packB) {
    if (!accumulate) zero(rows, cols, out, ldo);
    if (rows == 0 || cols == 0 || depth == 0) return;
    constexpr int R = Eigen::RowMajor, C = Eigen::ColMajor;
    if (aTransposed && bTransposed) product<S, R, R>(rows, cols, depth, alpha, a, lda, b, ldb, out, ldo, packA, packB);
    else if (aTransposed) product<S, R, C>(rows, cols, depth, alpha, a, lda, b, ldb, out, ldo, packA, packB);
    else if (bTransposed) product<S, C, R>(rows, cols, depth, alpha, a, lda, b, ldb, out, ldo, packA, packB);
    else product<S, C, C>(rows, cols, depth, alpha, a, lda, b, ldb, out, ldo, packA, packB);
}

// A left factor packed once for many products (the samples X, against every chunk of
// units): the panels Eigen's product packs block by block, for every row block and depth
// block, one after the other, each starting on a 64-byte boundary (the kernel loads them
// aligned). The blocking is the one the product computes for `colsHint` columns, so the
// sums run in its order.
template <class S>
struct LeftBlocks {
    Index rows, depth, kc, mc;
    LeftBlocks(Index rows_, Index depth_, Index colsHint) : rows(rows_), depth(depth_) {
        const Blocking<S> blocking(rows, colsHint, depth, nullptr, nullptr);
        kc = blocking.kc(), mc = std::min(rows, blocking.mc());
    }
    static Index padded(Index n) {
        constexpr Index kPerLine = Index(64 / sizeof(S));  // kCpuKernelAlignment, unnamed here (renamed namespace)
        return (n + kPerLine - 1) / kPerLine * kPerLine;
    }
    Index rowBlockSize(Index actualMc) const {
        Index size = 0;
        for (Index k2 = 0; k2 < depth; k2 += kc) size += padded((std::min(k2 + kc, depth) - k2) * actualMc);
        return size;
    }
    // Where the panel of rows i2.. and depth k2.. starts (i2 and k2 multiples of mc and kc).
    Index offset(Index i2, Index k2) const {
        const Index actualMc = std::min(i2 + mc, rows) - i2;
        return (i2 / mc) * rowBlockSize(mc) + (k2 / kc) * padded(kc * actualMc);  // earlier depth blocks are whole
    }
    Index total() const {
        if (rows == 0 || depth == 0) return 0;
        return (rows / mc) * rowBlockSize(mc) + (rows % mc ? rowBlockSize(rows % mc) : 0);
    }
};

template <class S>
std::size_t packedLeftSize(Index rows, Index depth, Index colsHint) {
    return std::size_t(LeftBlocks<S>(rows, depth, colsHint).total());
}

template <class S, int LhsOrder>
void packLhs(Index rows, Index depth, Index colsHint, const S* a, Index lda, S* packed) {
    using Traits = Eigen::internal::gebp_traits<S, S>;
    using LhsMapper = Eigen::internal::const_blas_data_mapper<S, Index, LhsOrder>;
    Eigen::internal::gemm_pack_lhs<S, Index, LhsMapper, Traits::mr, Traits::LhsProgress,
                                   typename Traits::LhsPacket4Packing, LhsOrder>
        pack;
    const LeftBlocks<S> blocks(rows, depth, colsHint);
    const LhsMapper lhs(a, lda);
    for (Index i2 = 0; i2 < rows; i2 += blocks.mc) {
        const Index actualMc = std::min(i2 + blocks.mc, rows) - i2;
        for (Index k2 = 0; k2 < depth; k2 += blocks.kc)
            pack(packed + blocks.offset(i2, k2), lhs.getSubMapper(i2, k2), std::min(k2 + blocks.kc, depth) - k2, actualMc);
    }
}

template <class S>
void packLeft(bool aTransposed, Index rows, Index depth, Index colsHint, const S* a, Index lda, S* packed) {
    if (rows == 0 || depth == 0) return;
    if (aTransposed) packLhs<S, Eigen::RowMajor>(rows, depth, colsHint, a, lda, packed);
    else packLhs<S, Eigen::ColMajor>(rows, depth, colsHint, a, lda, packed);
}

// The output as Eigen's kernel sees it, made to overwrite: the kernel adds its sums to what
// it loads from the output, so on the first depth block of a product that overwrites, every
// load reads zero (and a scalar `+=` assigns). The output then needs no zeroing pass of its
// own, which cost a whole write of it: for the samples' Z, a read of it from memory too.
template <class S>
class OverwriteMapper {
public:
    class LinearMapper {
    public:
        explicit LinearMapper(S* data) : data_(data) {}
        void prefetch(int i) const { Eigen::internal::prefetch(data_ + i); }
        template <class Packet>
        Packet loadPacket(Index) const { return Eigen::internal::pzero(Packet()); }
        template <class Packet>
        void storePacket(Index i, const Packet& p) const { Eigen::internal::pstoreu<S>(data_ + i, p); }

    private:
        S* data_;
    };
    struct Assigning {  // `res(i, j) += x` in the kernel's scalar tail
        S& to;
        void operator+=(S x) const { to = x; }
    };
    OverwriteMapper(S* data, Index stride) : data_(data), stride_(stride) {}
    OverwriteMapper getSubMapper(Index i, Index j) const { return OverwriteMapper(at(i, j), stride_); }
    LinearMapper getLinearMapper(Index i, Index j) const { return LinearMapper(at(i, j)); }
    Assigning operator()(Index i, Index j) const { return {*at(i, j)}; }
    template <class Packet>
    Packet gatherPacket(Index, Index) const { return Eigen::internal::pzero(Packet()); }
    template <class Packet>
    void scatterPacket(Index i, Index j, const Packet& p) const { Eigen::internal::pscatter<S, Packet>(at(i, j), p, stride_); }
    Index stride() const { return stride_; }

private:
    S* at(Index i, Index j) const { return data_ + i + j * stride_; }
    S* data_;
    Index stride_;
};

// One block of a product added into out (column-major, stride ldo) by Eigen's kernel, or
// written over it: the first depth block of a product that does not accumulate. B's
// panels may be longer than the block (strideB numbers, the block's rows from offsetB).
template <class S>
struct BlockKernel {
    using Traits = Eigen::internal::gebp_traits<S, S>;
    using ResMapper = Eigen::internal::blas_data_mapper<S, Index, Eigen::ColMajor, Eigen::Unaligned, 1>;
    Eigen::internal::gebp_kernel<S, S, Index, ResMapper, Traits::mr, Traits::nr, false, false> adding;
    Eigen::internal::gebp_kernel<S, S, Index, OverwriteMapper<S>, Traits::mr, Traits::nr, false, false> overwriting;
    void operator()(bool overwrite, S* out, Index ldo, const S* packedA, const S* packedB, Index rows, Index depth,
                    Index cols, S alpha, Index strideB = -1, Index offsetB = 0) {
        if (overwrite)
            overwriting(OverwriteMapper<S>(out, ldo), packedA, packedB, rows, depth, cols, alpha, -1, strideB, 0, offsetB);
        else adding(ResMapper(out, ldo), packedA, packedB, rows, depth, cols, alpha, -1, strideB, 0, offsetB);
    }
};

// out = alpha A b (or +=) with A packed by packLeft for the same rows, depth and colsHint.
// Each panel of b is packed once and met by every row block in turn (Eigen's order when
// it packs the right factor once), so the sums are those of gemm with the same blocking.
template <class S, int RhsOrder>
void productPackedLeft(Index rows, Index cols, Index depth, Index colsHint, S alpha, const S* packedA, const S* b,
                       Index ldb, S* out, Index ldo, bool accumulate, S* packB) {
    using Traits = Eigen::internal::gebp_traits<S, S>;
    using RhsMapper = Eigen::internal::const_blas_data_mapper<S, Index, RhsOrder>;
    Eigen::internal::gemm_pack_rhs<S, Index, RhsMapper, Traits::nr, RhsOrder> packRhs;
    BlockKernel<S> kernel;
    const Blocking<S> blocking(rows, colsHint, depth, nullptr, nullptr);
    const LeftBlocks<S> blocks(rows, depth, colsHint);
    const Index kc = blocks.kc, mc = blocks.mc, nc = std::min(cols, blocking.nc());
    const RhsMapper rhs(b, ldb);
    for (Index k2 = 0; k2 < depth; k2 += kc) {
        const Index actualKc = std::min(k2 + kc, depth) - k2;
        for (Index j2 = 0; j2 < cols; j2 += nc) {
            const Index actualNc = std::min(j2 + nc, cols) - j2;
            packRhs(packB, rhs.getSubMapper(k2, j2), actualKc, actualNc);
            for (Index i2 = 0; i2 < rows; i2 += mc) {
                const Index actualMc = std::min(i2 + mc, rows) - i2;
                kernel(k2 == 0 && !accumulate, out + i2 + j2 * ldo, ldo, packedA + blocks.offset(i2, k2), packB, actualMc,
                       actualKc, actualNc, alpha);
            }
        }
    }
}

template <class S>
void gemmPackedLeft(bool bTransposed, Index rows, Index cols, Index depth, Index colsHint, S alpha, const S* packedA,
                    const S* b, Index ldb, S* out, Index ldo, bool accumulate, S* packB) {
    if (depth == 0 && !accumulate) zero(rows, cols, out, ldo);  // no depth block to overwrite it
    if (rows == 0 || cols == 0 || depth == 0) return;
    if (bTransposed)
        productPackedLeft<S, Eigen::RowMajor>(rows, cols, depth, colsHint, alpha, packedA, b, ldb, out, ldo, accumulate, packB);
    else
        productPackedLeft<S, Eigen::ColMajor>(rows, cols, depth, colsHint, alpha, packedA, b, ldb, out, ldo, accumulate, packB);
}

// The ReLU's relu'(Z) r written straight in the layout Eigen's kernel reads its right factor
// in (what gemm_pack_rhs makes of an n x cols matrix, with the whole depth in one buffer):
// panels of nr units, n rows each, the units of a row next to each other; the last
// cols % nr units as plain columns after them. Writing it there replaces a write of the
// plain matrix and its packing, a pass over n x cols numbers each.
template <class S>
void signsTimesPacked(const std::uint64_t* positive, Index signStride, const S* r, S* out, Index n, Index cols) {
    constexpr Index nr = Eigen::internal::gebp_traits<S, S>::nr;
    static_assert(nr == 4, "signsTimesPanel4 writes panels of 4 units, the kernel's for float and double");
    const Index panels = cols / nr;
    for (Index p = 0; p < panels; ++p)
        for (Index start = 0; start < n; start += 64) {
            const std::uint64_t* words[4];
            for (Index c = 0; c < 4; ++c) words[c] = positive + (p * 4 + c) * signStride + start / 64;
            signsTimesPanel4(words, r + start, out + p * nr * n + start * nr, std::min<Index>(64, n - start));
        }
    for (Index j = panels * nr; j < cols; ++j) signsTimes(positive + j * signStride, r, out + j * n, n);
}

// out = alpha A B (or +=) with A packed by packLeft and B by signsTimesPacked (depth x cols,
// cols <= colsHint): the blocks of gemmPackedLeft, with B read in place for every depth block.
template <class S>
void gemmBothPacked(Index rows, Index cols, Index depth, Index colsHint, S alpha, const S* packedA, const S* packedB,
                    S* out, Index ldo, bool accumulate) {
    if (depth == 0 && !accumulate) zero(rows, cols, out, ldo);
    if (rows == 0 || cols == 0 || depth == 0) return;
    BlockKernel<S> kernel;
    const LeftBlocks<S> blocks(rows, depth, colsHint);
    for (Index k2 = 0; k2 < depth; k2 += blocks.kc) {
        const Index actualKc = std::min(k2 + blocks.kc, depth) - k2;
        for (Index i2 = 0; i2 < rows; i2 += blocks.mc) {
            const Index actualMc = std::min(i2 + blocks.mc, rows) - i2;
            // B's panels are `depth` rows long: stride depth, this block's rows from k2 on.
            kernel(k2 == 0 && !accumulate, out + i2, ldo, packedA + blocks.offset(i2, k2), packedB, actualMc, actualKc,
                   cols, alpha, depth, k2);
        }
    }
}

template <class S>
void sigmoid(S* v, Index n) {
    activateInPlace(Activation::Sigmoid, Eigen::Map<Eigen::Matrix<S, -1, 1>>(v, n));
}

// The sigmoid's derivative times r in one pass over the values (they come from memory: Z,
// written a sweep earlier), two packets at a time: out = v (1 - v) r, and the dot product
// of v and r beside it.
template <class S>
S sigmoidDerivativeTimes(const S* values, const S* r, S* out, Index n) {
    namespace ei = Eigen::internal;
    using Packet = typename ei::packet_traits<S>::type;
    constexpr Index P = Index(sizeof(Packet) / sizeof(S));  // lanes
    const Packet one = ei::pset1<Packet>(S(1));
    Packet dot0 = ei::pzero(one), dot1 = ei::pzero(one);
    Index k = 0;
    for (; k + 2 * P <= n; k += 2 * P) {
        const Packet v0 = ei::ploadu<Packet>(values + k), v1 = ei::ploadu<Packet>(values + k + P);
        const Packet r0 = ei::ploadu<Packet>(r + k), r1 = ei::ploadu<Packet>(r + k + P);
        ei::pstoreu(out + k, ei::pmul(ei::pmul(v0, ei::psub(one, v0)), r0));
        ei::pstoreu(out + k + P, ei::pmul(ei::pmul(v1, ei::psub(one, v1)), r1));
        dot0 = ei::pmadd(v0, r0, dot0);
        dot1 = ei::pmadd(v1, r1, dot1);
    }
    S dot = ei::predux(ei::padd(dot0, dot1));
    for (; k < n; ++k) {
        out[k] = values[k] * (S(1) - values[k]) * r[k];
        dot += values[k] * r[k];
    }
    return dot;
}

template <class S>
void pair(bool weighted, Index count, S inverseNormA, const S* inverseNormB, const S* c, S* cs, S* sn, S* angle) {
    if (weighted) pairColumn<true, S>(count, inverseNormA, inverseNormB, c, cs, sn, angle);
    else pairColumn<false, S>(count, inverseNormA, inverseNormB, c, cs, sn, angle);
}

template <class S>
flowscope_isa::Ops<S> opsOf() {
    return {&packingSizes<S>, &gemm<S>, &packedLeftSize<S>, &packLeft<S>, &gemmPackedLeft<S>, &sigmoid<S>, &sigmoidDerivativeTimes<S>,
            &reluOutputAndSigns<S>, &signsTimes<S>, &signsTimesPacked<S>, &gemmBothPacked<S>, &pair<S>};
}

}  // namespace
}  // namespace flowscope

#define FLOWSCOPE_ISA_STRING2(x) #x
#define FLOWSCOPE_ISA_STRING(x) FLOWSCOPE_ISA_STRING2(x)
flowscope_isa::Table flowscope_isa::FLOWSCOPE_ISA_PASTE(FLOWSCOPE_ISA, Kernels)() {
    return {FLOWSCOPE_ISA_STRING(FLOWSCOPE_ISA), flowscope::opsOf<double>(), flowscope::opsOf<float>()};
}
