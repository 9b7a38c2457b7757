// The filter's Fourier coefficients against its closed forms.
#include <doctest/doctest.h>

#include <cmath>

#include "test_support.hpp"
#include "torus_kernel.hpp"

using namespace flowscope;

namespace {
double fourierSeries(const TorusKernel& k, double x) {
    double sum = k.coefficients()[0];
    for (int j = 1; j <= k.order(); ++j) sum += 2.0 * k.coefficients()[j] * std::cos(2.0 * M_PI * j * x);
    return sum;
}
}  // namespace

TEST_CASE("the Dirichlet kernel's closed form sin((2K+1) pi x)/sin(pi x) equals its Fourier series") {
    const TorusKernel k = TorusKernel::dirichlet(7);
    CHECK(k.order() == 7);
    for (double x : {0.0, 1e-12, 0.013, 0.1, 0.25, 0.5, 0.77, 0.999, 1.0, -0.3}) {
        INFO("x = ", x);
        CHECK(k.value(x) == doctest::Approx(fourierSeries(k, x)).epsilon(1e-9));
    }
    CHECK(k.value(0.0) == 15.0);
}

TEST_CASE("the periodized Gaussian equals its (cut) Fourier series") {
    const TorusKernel k = TorusKernel::gaussian(0.05);
    CHECK(k.coefficients().back() >= 1e-14);
    for (double x : {0.0, 0.02, 0.1, 0.5, 0.93}) {
        INFO("x = ", x);
        CHECK(k.value(x) == doctest::Approx(fourierSeries(k, x)).epsilon(1e-10));
    }
}

TEST_CASE("kernel derivatives agree with finite differences") {
    for (const auto& k : {TorusKernel::dirichlet(5), TorusKernel::gaussian(0.1)})
        for (double x : {0.03, 0.2, 0.45, 0.8}) {
            const double numeric = testing::centralDifference([&](double y) { return k.value(y); }, x, 1e-5);
            CHECK(k.derivative(x) == doctest::Approx(numeric).epsilon(1e-7));
        }
}
