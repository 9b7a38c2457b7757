#pragma once
// Elementary functions written so that GCC vectorizes the loops that call them (no
// branches, no library calls, no division), at full precision. The particle loops of the
// problems and dynamics use them where a libm call per particle was most of the time.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace flowscope {

// exp(x) without division (Eigen's exp divides): x = n ln2 + r with |r| <= ln2/2,
// exp(r) by its Taylor polynomial (relative error below 4.5e-16 in double, two units in
// the last place, and 2.5e-7 in float; tests/vector_math_test.cpp), 2^n written straight
// into the exponent bits. Above 708 (87 in float) the result is infinity, a little before
// std::exp overflows; below -708 it stays at exp(-708); NaN stays NaN.
template <class S>
struct ExpTraits;
template <>
struct ExpTraits<double> {
    using Bits = std::uint64_t;
    static constexpr int mantissa = 52, bias = 1023, degree = 13;
    static constexpr double limit = 708.0, ln2Hi = 6.93145751953125e-1, ln2Lo = 1.42860682030941723212e-6;
};
template <>
struct ExpTraits<float> {
    using Bits = std::uint32_t;
    static constexpr int mantissa = 23, bias = 127, degree = 7;
    static constexpr float limit = 87.0f, ln2Hi = 0.693359375f, ln2Lo = -2.12194440e-4f;
};

template <class S>
struct InverseFactorials {
    S c[ExpTraits<S>::degree + 1];
    constexpr InverseFactorials() : c() {
        double factorial = 1.0;
        for (int k = 0; k <= ExpTraits<S>::degree; ++k) {
            if (k > 0) factorial *= k;
            c[k] = S(1.0 / factorial);
        }
    }
};

// x^K for K a power of two, by squaring.
template <int K, class S>
inline S powerOfTwo(S x) {
    if constexpr (K == 1) return x;
    else {
        const S half = powerOfTwo<K / 2>(x);
        return half * half;
    }
}

// c[0] + c[1] x + ... + c[N-1] x^(N-1) by Estrin's scheme: the lower terms plus x^H times
// the upper ones (H the largest power of two below N), recursively; the compiler shares
// the powers. A loop over values then runs at the rate of the multiply-adds rather than
// waiting on Horner's chain of N dependent ones (the exp's 14 terms ran 2.5 times slower so).
template <int N, class S>
inline S estrin(const S* c, S x) {
    if constexpr (N == 1) return c[0];
    else if constexpr (N == 2) return c[0] + c[1] * x;
    else {
        constexpr int H = N > 4 ? (N > 8 ? 8 : 4) : 2;  // up to 16 terms
        static_assert(N <= 16, "more terms need a larger split");
        return estrin<H>(c, x) + powerOfTwo<H>(x) * estrin<N - H>(c + H, x);
    }
}

template <class S>
inline S vectorExp(S x) {
    using T = ExpTraits<S>;
    static constexpr InverseFactorials<S> inverse;
    const S overflow = x > T::limit ? S(INFINITY) : S(0);
    x = std::min(std::max(x, -T::limit), T::limit);
    const S magic = S(1.5) * S(typename T::Bits(1) << T::mantissa);  // rounds to an integer in the low bits
    const S t = x * S(M_LOG2E) + magic;
    const S n = t - magic;
    const S r = (x - n * T::ln2Hi) - n * T::ln2Lo;  // ln2 in two parts: n ln2Hi is exact
    const S p = estrin<T::degree + 1>(inverse.c, r);
    typename T::Bits bits;
    std::memcpy(&bits, &t, sizeof bits);
    bits = (bits + T::bias) << T::mantissa;  // 2^n
    S scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return overflow != S(0) ? overflow : p * scale;
}

}  // namespace flowscope
