#pragma once
// The ReLU that keeps the signs of its inputs as bits, and their use: the derivative's
// blend rebuilt from the bits. A network's sample risk keeps a bit per entry of Z between
// its two sweeps instead of the entry (see TwoLayerNetwork::evaluateSamples). Included by
// cpu_kernels_isa.cpp only: written with the instruction set's own comparisons, because
// the compiler does not turn a comparison into a bit of a word, and the bytes it does
// make, it makes one at a time in double.
//
// Bits: 64 to a word, entry k of a column in bit k % 64 of word k / 64.
#include <cmath>
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
    static V madd(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
    static V broadcast(double x) { return _mm512_set1_pd(x); }
    static unsigned positive(V v) { return _mm512_cmp_pd_mask(v, _mm512_setzero_pd(), _CMP_GT_OQ); }
    static V keep(unsigned bits, V r) { return _mm512_maskz_mov_pd(__mmask8(bits), r); }
    // out[4 k + c] = v[c][k]: rows 2q, 2q + 1 of each unit into the q-th packet, by
    // two-source permutes (units 0 and 1, units 2 and 3) and a blend.
    static void interleave4(const V v[4], double* out) {
        for (int q = 0; q < 4; ++q) {
            const __m512i from = _mm512_setr_epi64(2 * q, 8 + 2 * q, 2 * q, 8 + 2 * q, 2 * q + 1, 9 + 2 * q, 2 * q + 1, 9 + 2 * q);
            const V a = _mm512_permutex2var_pd(v[0], from, v[1]), b = _mm512_permutex2var_pd(v[2], from, v[3]);
            store(out + 8 * q, _mm512_mask_blend_pd(__mmask8(0xCC), a, b));
        }
    }
};
template <>
struct SignPacket<float> {
    static constexpr int kSize = 16;
    using V = __m512;
    static V load(const float* p) { return _mm512_loadu_ps(p); }
    static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
    static V relu(V v) { return _mm512_max_ps(_mm512_setzero_ps(), v); }
    static V madd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
    static V broadcast(float x) { return _mm512_set1_ps(x); }
    static unsigned positive(V v) { return _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GT_OQ); }
    static V keep(unsigned bits, V r) { return _mm512_maskz_mov_ps(__mmask16(bits), r); }
    // out[4 k + c] = v[c][k]: rows 4q to 4q + 3 of each unit into the q-th packet.
    static void interleave4(const V v[4], float* out) {
        for (int q = 0; q < 4; ++q) {
            const int b = 4 * q;
            const __m512i from = _mm512_setr_epi32(b, 16 + b, b, 16 + b, b + 1, 17 + b, b + 1, 17 + b, b + 2, 18 + b, b + 2,
                                                   18 + b, b + 3, 19 + b, b + 3, 19 + b);
            const V lo = _mm512_permutex2var_ps(v[0], from, v[1]), hi = _mm512_permutex2var_ps(v[2], from, v[3]);
            store(out + 16 * q, _mm512_mask_blend_ps(__mmask16(0xCCCC), lo, hi));
        }
    }
};
#elif defined(__AVX2__)
template <>
struct SignPacket<double> {
    static constexpr int kSize = 4;
    using V = __m256d;
    static V load(const double* p) { return _mm256_loadu_pd(p); }
    static void store(double* p, V v) { _mm256_storeu_pd(p, v); }
    static V relu(V v) { return _mm256_max_pd(_mm256_setzero_pd(), v); }
    static V madd(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
    static V broadcast(double x) { return _mm256_set1_pd(x); }
    static unsigned positive(V v) { return unsigned(_mm256_movemask_pd(_mm256_cmp_pd(v, _mm256_setzero_pd(), _CMP_GT_OQ))); }
    static V keep(unsigned bits, V r) {
        const __m256i lanes = _mm256_setr_epi64x(1, 2, 4, 8);
        const __m256i set = _mm256_cmpeq_epi64(_mm256_and_si256(_mm256_set1_epi64x(bits), lanes), lanes);
        return _mm256_and_pd(_mm256_castsi256_pd(set), r);
    }
    // out[4 k + c] = v[c][k]: a 4 x 4 transpose.
    static void interleave4(const V v[4], double* out) {
        const V t0 = _mm256_unpacklo_pd(v[0], v[1]), t1 = _mm256_unpackhi_pd(v[0], v[1]);  // rows 0, 2 | 1, 3 of units 0, 1
        const V t2 = _mm256_unpacklo_pd(v[2], v[3]), t3 = _mm256_unpackhi_pd(v[2], v[3]);
        store(out, _mm256_permute2f128_pd(t0, t2, 0x20));
        store(out + 4, _mm256_permute2f128_pd(t1, t3, 0x20));
        store(out + 8, _mm256_permute2f128_pd(t0, t2, 0x31));
        store(out + 12, _mm256_permute2f128_pd(t1, t3, 0x31));
    }
};
template <>
struct SignPacket<float> {
    static constexpr int kSize = 8;
    using V = __m256;
    static V load(const float* p) { return _mm256_loadu_ps(p); }
    static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
    static V relu(V v) { return _mm256_max_ps(_mm256_setzero_ps(), v); }
    static V madd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
    static V broadcast(float x) { return _mm256_set1_ps(x); }
    static unsigned positive(V v) { return unsigned(_mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_GT_OQ))); }
    static V keep(unsigned bits, V r) {
        const __m256i lanes = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
        const __m256i set = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32(int(bits)), lanes), lanes);
        return _mm256_and_ps(_mm256_castsi256_ps(set), r);
    }
    // out[4 k + c] = v[c][k]: pairs of units side by side, then the four, then rows by 128-bit halves.
    static void interleave4(const V v[4], float* out) {
        const V t0 = _mm256_unpacklo_ps(v[0], v[1]), t1 = _mm256_unpackhi_ps(v[0], v[1]);
        const V t2 = _mm256_unpacklo_ps(v[2], v[3]), t3 = _mm256_unpackhi_ps(v[2], v[3]);
        const V u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);  // rows 0 | 4, 1 | 5
        const V u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);  // rows 2 | 6, 3 | 7
        store(out, _mm256_permute2f128_ps(u0, u1, 0x20));
        store(out + 8, _mm256_permute2f128_ps(u2, u3, 0x20));
        store(out + 16, _mm256_permute2f128_ps(u0, u1, 0x31));
        store(out + 24, _mm256_permute2f128_ps(u2, u3, 0x31));
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
    static V madd(V a, V b, V c) { return std::fma(a, b, c); }
    static V broadcast(S x) { return x; }
    static unsigned positive(V v) { return v > S(0); }
    static V keep(unsigned bits, V r) { return bits ? r : S(0); }
    static void interleave4(const V v[4], S* out) { out[0] = v[0], out[1] = v[1], out[2] = v[2], out[3] = v[3]; }
};
#endif

// A unit's ReLU on every sample, used where it is computed and not kept: share +=
// weight max(z, 0) (its term of the network's output; NaN kept), and the bits of z > 0 into
// positive ((n + 63) / 64 words, all written) for the derivative.
template <class S>
void reluOutputAndSigns(const S* z, S weight, S* share, std::uint64_t* positive, std::ptrdiff_t n) {
    using P = SignPacket<S>;
    const typename P::V w = P::broadcast(weight);
    for (std::ptrdiff_t start = 0; start < n; start += 64) {
        std::uint64_t word = 0;
        std::ptrdiff_t k = start;
        const std::ptrdiff_t end = start + 64 < n ? start + 64 : n;
        for (; k + P::kSize <= end; k += P::kSize) {
            const typename P::V x = P::relu(P::load(z + k));
            P::store(share + k, P::madd(w, x, P::load(share + k)));
            word |= std::uint64_t(P::positive(x)) << (k - start);
        }
        for (; k < end; ++k) {
            const S x = z[k] < S(0) ? S(0) : z[k];
            share[k] = std::fma(weight, x, share[k]);
            word |= std::uint64_t(x > S(0)) << (k - start);
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

// Four units' relu'(z) r, 64 rows (or fewer, the last block) from one sign word each,
// written row by row with the four units of a row side by side (the product kernel's packed
// layout for panels of 4): each packet of r masked by each unit's bits, the four results
// interleaved (SignPacket::interleave4).
template <class S>
void signsTimesPanel4(const std::uint64_t* const words[4], const S* r, S* out, std::ptrdiff_t length) {
    using P = SignPacket<S>;
    constexpr unsigned kLanes = (1u << P::kSize) - 1u;
    std::ptrdiff_t k = 0;
    for (; k + P::kSize <= length; k += P::kSize) {
        const typename P::V rv = P::load(r + k);
        const typename P::V v[4] = {P::keep(unsigned(*words[0] >> k) & kLanes, rv), P::keep(unsigned(*words[1] >> k) & kLanes, rv),
                                    P::keep(unsigned(*words[2] >> k) & kLanes, rv), P::keep(unsigned(*words[3] >> k) & kLanes, rv)};
        P::interleave4(v, out + 4 * k);
    }
    for (; k < length; ++k)
        for (int c = 0; c < 4; ++c) out[4 * k + c] = (*words[c] >> k) & 1u ? r[k] : S(0);
}

}  // namespace flowscope
