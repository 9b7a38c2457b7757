#pragma once
// One column of the ReLU kernel's pairwise matrices, written so that GCC vectorizes it.
// Compiled per instruction set in cpu_kernels_isa.cpp and called through cpuKernels()
// (relu_kernel.cpp).
#include <algorithm>
#include <cmath>
#include <cstddef>

namespace flowscope {

// asin(y) = sum_n t_n y^(2n+1) with t_0 = 1, t_n = t_(n-1) (2n-1)^2 / (2n (2n+1)). On
// |y| <= 1/2 the terms fall by 4 per order: 22 terms reach double rounding, 10 float's.
template <class S, int N>
struct AsinSeries {
    S t[N + 1];
    constexpr AsinSeries() : t() {
        double term = 1.0;
        t[0] = S(1);
        for (int n = 1; n <= N; ++n) {
            term *= double(2 * n - 1) * (2 * n - 1) / (double(2 * n) * (2 * n + 1));
            t[n] = S(term);
        }
    }
};

// acos without branches or library calls, so the pairwise loop vectorizes (std::acos is
// the bulk of the cost of the population risk otherwise). |x| > 1/2 goes through
// acos(a) = 2 asin(sqrt((1 - a) / 2)), the rest through acos(a) = pi/2 - asin(a); 1 - a
// is exact there, so the result keeps full relative accuracy near a = 1.
template <class S>
inline S fastAcos(S x) {
    constexpr int N = sizeof(S) == 8 ? 22 : 10;
    static constexpr AsinSeries<S, N> series;
    const S a = std::abs(x);
    const bool far = a > S(0.5);
    const S y = far ? std::sqrt((S(1) - a) * S(0.5)) : a;
    const S y2 = y * y;
    S poly = series.t[N];
#pragma GCC unroll 32
    for (int n = N - 1; n >= 1; --n) poly = poly * y2 + series.t[n];
    const S asinY = y + y * y2 * poly;
    const S acosA = far ? S(2) * asinY : S(M_PI / 2) - asinY;
    return x < S(0) ? S(M_PI) - acosA : acosA;
}

// One column a_i of the pairwise matrices, in place of its cosines a_i . b_l: the kernel's
// sin phi + (pi - phi) cos phi, beside it sin phi, and (pi - phi), times c_l when Weighted.
// Only stores, no sums, so that the loop vectorizes. With a zero vector (inverse norm 0)
// the cosine is 0, the angle pi/2 (the average over directions).
template <bool Weighted, class S>
void pairColumn(std::ptrdiff_t count, S inverseNormA, const S* inverseNormB, const S* c, S* cs, S* sn, S* angle) {
    for (std::ptrdiff_t l = 0; l < count; ++l) {
        const S x = std::min(std::max(cs[l] * inverseNormA * inverseNormB[l], S(-1)), S(1));
        const S gap = S(M_PI) - fastAcos(x), y = std::sqrt(std::max(S(0), S(1) - x * x));
        cs[l] = y + gap * x;
        sn[l] = y;
        angle[l] = Weighted ? c[l] * gap : gap;
    }
}

}  // namespace flowscope
