#include <doctest/doctest.h>

#include <cmath>

#include "rng.hpp"

using flowscope::Rng;

TEST_CASE("the generator is deterministic given its seed and its state can be saved and restored") {
    Rng a(42), b(42), c(43);
    for (int k = 0; k < 100; ++k) CHECK(a.next() == b.next());
    CHECK(a.next() != c.next());
    a.normal();  // leaves a spare normal in the state
    const Rng::State saved = a.state();
    const double x = a.normal(), y = a.uniform();
    a.setState(saved);
    CHECK(a.normal() == x);
    CHECK(a.uniform() == y);
}

TEST_CASE("uniform and normal draws have the right moments") {
    Rng rng(7);
    const int n = 400000;
    double su = 0, suu = 0, sn = 0, snn = 0, sn4 = 0;
    for (int k = 0; k < n; ++k) {
        const double u = rng.uniform(), z = rng.normal();
        CHECK((u >= 0.0 && u < 1.0));
        su += u, suu += u * u, sn += z, snn += z * z, sn4 += z * z * z * z;
    }
    CHECK(su / n == doctest::Approx(0.5).epsilon(0.01));
    CHECK(suu / n - std::pow(su / n, 2) == doctest::Approx(1.0 / 12.0).epsilon(0.01));
    CHECK(std::abs(sn / n) < 4.0 / std::sqrt(n));
    CHECK(snn / n == doctest::Approx(1.0).epsilon(0.01));
    CHECK(sn4 / n == doctest::Approx(3.0).epsilon(0.03));
}
