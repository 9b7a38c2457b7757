// The vectorized exp against std::exp, and Estrin's scheme against Horner's.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

#include "vector_math.hpp"

using namespace flowscope;

namespace {
// The largest relative error of vectorExp over [lo, hi] on a grid plus random points.
template <class S>
double worstRelativeError(double lo, double hi) {
    std::mt19937 gen(3);
    std::uniform_real_distribution<double> uniform(lo, hi);
    double worst = 0.0;
    for (int k = 0; k < 400000; ++k) {
        const S x = S(k < 200000 ? lo + (hi - lo) * k / 199999.0 : uniform(gen));
        const long double exact = std::exp(static_cast<long double>(x));
        worst = std::max(worst, double(std::abs((vectorExp(x) - exact) / exact)));
    }
    return worst;
}
}  // namespace

TEST_CASE("vectorExp is within a few units in the last place of exp over the finite range") {
    // Documented in vector_math.hpp: below two units in the last place (measured 4.0e-16 in
    // double, where one unit is 2.2e-16, and below 2e-7 in float).
    CHECK(worstRelativeError<double>(-700.0, 700.0) < 4.5e-16);
    CHECK(worstRelativeError<double>(-1.0, 1.0) < 4.5e-16);
    CHECK(worstRelativeError<float>(-80.0f, 80.0f) < 2.5e-7);
    CHECK(worstRelativeError<float>(-1.0f, 1.0f) < 2.5e-7);
}

TEST_CASE("vectorExp at the edges: exact at 0, infinity past the limit, NaN stays NaN, tiny below") {
    CHECK(vectorExp(0.0) == 1.0);
    CHECK(vectorExp(0.0f) == 1.0f);
    CHECK(std::isinf(vectorExp(710.0)));
    CHECK(std::isinf(vectorExp(1e300)));
    CHECK(std::isinf(vectorExp(90.0f)));
    CHECK(std::isnan(vectorExp(std::numeric_limits<double>::quiet_NaN())));
    CHECK(vectorExp(-1e300) < 1e-307);  // clamped at exp(-708): below it, at most that
    CHECK(vectorExp(-1e300) >= 0.0);
    CHECK(vectorExp(-100.0f) < 1e-37f);
}

TEST_CASE("Estrin's scheme gives the polynomial (against Horner in long double)") {
    std::mt19937 gen(9);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    double c[14];
    for (double& v : c) v = uniform(gen);
    for (int k = 0; k < 1000; ++k) {
        const double x = uniform(gen);
        long double horner = 0;
        for (int i = 13; i >= 0; --i) horner = horner * x + c[i];
        long double scale = 0;  // sum of |terms|: the size rounding is relative to
        for (int i = 0; i < 14; ++i) scale += std::abs(c[i] * std::pow(x, i));
        CHECK(std::abs(estrin<14>(c, x) - horner) <= 8 * std::numeric_limits<double>::epsilon() * scale);
        CHECK(std::abs(estrin<5>(c, x) - (c[0] + x * (c[1] + x * (c[2] + x * (c[3] + x * c[4]))))) <= 1e-14);
        CHECK(estrin<1>(c, x) == c[0]);
    }
}
