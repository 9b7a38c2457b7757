#pragma once
// The ReLU that keeps the signs of its inputs as bits, and their use: the derivative's
// blend rebuilt from the bits. A network's sample risk keeps a bit per entry of Z between
// its two sweeps instead of the entry (see TwoLayerNetwork::evaluateSamples). Included by
// cpu_kernels_isa.cpp only: written with the instruction set's own comparisons, because
// the compiler does not turn a comparison into a bit of a word, and the bytes it does
// make, it makes one at a time in double.
//
// Bits: 64 to a word, entry k of a column in bit k % 64 of word k / 64.
#include <cstddef>
#include <cstdint>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace flowscope {

// Packets of the instruction set: load, store, max(0, x) with NaN kept, the bits of x > 0,
// and r where a bit is set (else 0).
template <class S>
struct SignPacket;

#if defined(__AVX512F__)
template <>
struct SignPacket<double> {
    static constexpr int kSize = 8;
    using V = __m512d;
    static V load(const double* p) { return _mm512_loadu_pd(p); }
    static void store(double* p, V v) { _mm512_storeu_pd(p, v); }
    static V relu(V v) { return _mm512_max_pd(_mm512_setzero_pd(), v); }  // the second operand when NaN
    static unsigned positive(V v) { return _mm512_cmp_pd_mask(v, _mm512_setzero_pd(), _CMP_GT_OQ); }
    static V keep(unsigned bits, V r) { return _mm512_maskz_mov_pd(__mmask8(bits), r); }
};
template <>
struct SignPacket<float> {
    static constexpr int kSize = 16;
    using V = __m512;
    static V load(const float* p) { return _mm512_loadu_ps(p); }
    static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
    static V relu(V v) { return _mm512_max_ps(_mm512_setzero_ps(), v); }
    static unsigned positive(V v) { return _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GT_OQ); }
    static V keep(unsigned bits, V r) { return _mm512_maskz_mov_ps(__mmask16(bits), r); }
};
#elif defined(__AVX2__)
template <>
struct SignPacket<double> {
    static constexpr int kSize = 4;
    using V = __m256d;
    static V load(const double* p) { return _mm256_loadu_pd(p); }
    static void store(double* p, V v) { _mm256_storeu_pd(p, v); }
    static V relu(V v) { return _mm256_max_pd(_mm256_setzero_pd(), v); }
    static unsigned positive(V v) { return unsigned(_mm256_movemask_pd(_mm256_cmp_pd(v, _mm256_setzero_pd(), _CMP_GT_OQ))); }
    static V keep(unsigned bits, V r) {
        const __m256i lanes = _mm256_setr_epi64x(1, 2, 4, 8);
        const __m256i set = _mm256_cmpeq_epi64(_mm256_and_si256(_mm256_set1_epi64x(bits), lanes), lanes);
        return _mm256_and_pd(_mm256_castsi256_pd(set), r);
    }
};
template <>
struct SignPacket<float> {
    static constexpr int kSize = 8;
    using V = __m256;
    static V load(const float* p) { return _mm256_loadu_ps(p); }
    static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
    static V relu(V v) { return _mm256_max_ps(_mm256_setzero_ps(), v); }
    static unsigned positive(V v) { return unsigned(_mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_GT_OQ))); }
    static V keep(unsigned bits, V r) {
        const __m256i lanes = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
        const __m256i set = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32(int(bits)), lanes), lanes);
        return _mm256_and_ps(_mm256_castsi256_ps(set), r);
    }
};
#else  // a processor without either: one number at a time
template <class S>
struct SignPacket {
    static constexpr int kSize = 1;
    using V = S;
    static V load(const S* p) { return *p; }
    static void store(S* p, V v) { *p = v; }
    static V relu(V v) { return v < S(0) ? S(0) : v; }
    static unsigned positive(V v) { return v > S(0); }
    static V keep(unsigned bits, V r) { return bits ? r : S(0); }
};
#endif

// v <- max(v, 0), NaN kept; the bits of v > 0 into positive ((n + 63) / 64 words, all written).
template <class S>
void reluKeepingSigns(S* v, std::uint64_t* positive, std::ptrdiff_t n) {
    using P = SignPacket<S>;
    for (std::ptrdiff_t start = 0; start < n; start += 64) {
        std::uint64_t word = 0;
        std::ptrdiff_t k = start;
        const std::ptrdiff_t end = start + 64 < n ? start + 64 : n;
        for (; k + P::kSize <= end; k += P::kSize) {
            const typename P::V x = P::relu(P::load(v + k));
            P::store(v + k, x);
            word |= std::uint64_t(P::positive(x)) << (k - start);
        }
        for (; k < end; ++k) {
            v[k] = v[k] < S(0) ? S(0) : v[k];
            word |= std::uint64_t(v[k] > S(0)) << (k - start);
        }
        positive[start / 64] = word;
    }
}

// out <- r where the bit is set, else 0.
template <class S>
void signsTimes(const std::uint64_t* positive, const S* r, S* out, std::ptrdiff_t n) {
    using P = SignPacket<S>;
    constexpr unsigned kLanes = (1u << P::kSize) - 1u;
    for (std::ptrdiff_t start = 0; start < n; start += 64) {
        const std::uint64_t word = positive[start / 64];
        std::ptrdiff_t k = start;
        const std::ptrdiff_t end = start + 64 < n ? start + 64 : n;
        for (; k + P::kSize <= end; k += P::kSize)
            P::store(out + k, P::keep(unsigned(word >> (k - start)) & kLanes, P::load(r + k)));
        for (; k < end; ++k) out[k] = (word >> (k - start)) & 1u ? r[k] : S(0);
    }
}

}  // namespace flowscope
