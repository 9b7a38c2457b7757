#pragma once
// The hot loops' kernels, compiled once per instruction set (cpu_kernels_isa.cpp: AVX2 + FMA,
// and AVX-512 on x86-64) and chosen once at run time by what the processor has, so the
// default build, an installed copy and a package run on any AVX2 machine and still use
// 512-bit vectors where there are. FLOWSCOPE_KERNELS=avx2|avx512|auto forces a choice
// (auto: the widest the processor runs). The kernels take raw column-major storage: the
// same source is compiled with different flags, and no type crosses between them but
// numbers and pointers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace flowscope {

template <class S>
struct CpuKernelOps {
    // Packing buffers (numbers, each aligned to kCpuKernelAlignment) that gemm needs for this shape.
    void (*packingSizes)(std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t depth, std::size_t* sizeA,
                         std::size_t* sizeB);
    // out (rows x cols, column stride ldo) = alpha op(a) op(b), or += when accumulate; op(a) is
    // rows x depth read from a's column-major storage, transposed when aTransposed; likewise b.
    // Eigen's blocked product with the instruction set's packets.
    void (*gemm)(bool aTransposed, bool bTransposed, std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t depth,
                 S alpha, const S* a, std::ptrdiff_t lda, const S* b, std::ptrdiff_t ldb, S* out, std::ptrdiff_t ldo,
                 bool accumulate, S* packA, S* packB);
    // The left factor of gemm (rows x depth) packed once, for many products with right
    // factors of up to colsHint columns (gemmPackedLeft), into packedLeftSize numbers
    // aligned to kCpuKernelAlignment.
    std::size_t (*packedLeftSize)(std::ptrdiff_t rows, std::ptrdiff_t depth, std::ptrdiff_t colsHint);
    void (*packLeft)(bool aTransposed, std::ptrdiff_t rows, std::ptrdiff_t depth, std::ptrdiff_t colsHint, const S* a,
                     std::ptrdiff_t lda, S* packed);
    // gemm with a left factor from packLeft (same rows, depth and colsHint; cols <= colsHint);
    // packB as packingSizes gives for rows x colsHint x depth. Equals gemm up to rounding.
    void (*gemmPackedLeft)(bool bTransposed, std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t depth,
                           std::ptrdiff_t colsHint, S alpha, const S* packedA, const S* b, std::ptrdiff_t ldb, S* out,
                           std::ptrdiff_t ldo, bool accumulate, S* packB);
    // v <- sigmoid(v), activation.hpp's activateInPlace. (The ReLU's units are never
    // stored: reluOutputAndSigns below.)
    void (*sigmoid)(S* v, std::ptrdiff_t n);
    // out <- sigmoid'(z) r = v (1 - v) r from values v = sigmoid(z); returns v . r.
    S (*sigmoidDerivativeTimes)(const S* values, const S* r, S* out, std::ptrdiff_t n);
    // A unit's ReLU, used and not kept (relu_signs.hpp): share += weight max(z, 0) (NaN
    // kept), and bit k % 64 of positive[k / 64] <- z[k] > 0 ((n + 63) / 64 words).
    void (*reluOutputAndSigns)(const S* z, S weight, S* share, std::uint64_t* positive, std::ptrdiff_t n);
    // out <- r where the sign's bit is set, else 0: the ReLU's derivative times r.
    void (*signsTimes)(const std::uint64_t* positive, const S* r, S* out, std::ptrdiff_t n);
    // signsTimes for cols units (unit j's signs from positive + j signStride), written as the
    // right factor of gemmBothPacked (n x cols numbers, the kernel's packed layout).
    void (*signsTimesPacked)(const std::uint64_t* positive, std::ptrdiff_t signStride, const S* r, S* out,
                             std::ptrdiff_t n, std::ptrdiff_t cols);
    // gemmPackedLeft with its right factor (depth x cols) from signsTimesPacked: the same sums.
    void (*gemmBothPacked)(std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t depth, std::ptrdiff_t colsHint,
                           S alpha, const S* packedA, const S* packedB, S* out, std::ptrdiff_t ldo, bool accumulate);
    // One column of the ReLU kernel's pairwise matrices (relu_pair_column.hpp).
    void (*pairColumn)(bool weighted, std::ptrdiff_t count, S inverseNormA, const S* inverseNormB, const S* c, S* cs,
                       S* sn, S* angle);
};

struct CpuKernels {
    const char* name;  // "avx2", "avx512"
    CpuKernelOps<double> d;
    CpuKernelOps<float> f;
    template <class S>
    const CpuKernelOps<S>& ops() const;
};
template <>
inline const CpuKernelOps<double>& CpuKernels::ops<double>() const { return d; }
template <>
inline const CpuKernelOps<float>& CpuKernels::ops<float>() const { return f; }

// Alignment of gemm's packing buffers: a 512-bit vector.
constexpr std::size_t kCpuKernelAlignment = 64;

// The kernels in use: chosen at the first call from FLOWSCOPE_KERNELS and the processor.
const CpuKernels& cpuKernels();
// Names of the kernel sets this build has and this processor runs, narrowest first.
std::vector<std::string> supportedCpuKernels();
// Uses the named set from now on (tests, benchmarks); false, changing nothing, when this
// build or processor does not have it. "auto" is the widest supported.
bool useCpuKernels(const std::string& name);

}  // namespace flowscope

// The tables of the instruction sets, each defined in its own compilation of
// cpu_kernels_isa.cpp. Outside namespace flowscope: that compilation renames it.
namespace flowscope_isa {
template <class S>
using Ops = flowscope::CpuKernelOps<S>;
using Table = flowscope::CpuKernels;
Table avx2Kernels();
Table avx512Kernels();
}  // namespace flowscope_isa
