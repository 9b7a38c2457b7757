// The density of a measure on a grid (density_grid.hpp), against independent computations:
// the Gaussian density itself, sums of Gaussians placed by hand, mass and centre of mass.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "density_grid.hpp"

using namespace flowscope;

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Points {
    std::vector<double> x, y, m;
    void add(double px, double py, double pm) { x.push_back(px), y.push_back(py), m.push_back(pm); }
    DensityGrid density(const GridBox& box, double sx, double sy) const {
        return densityOf(x.data(), y.data(), m.data(), x.size(), box, sx, sy);
    }
    double total() const {
        double s = 0.0;
        for (double v : m) s += v;
        return s;
    }
};

double cellX(const GridBox& b, int i) { return b.x0 + (i + 0.5) * b.cellWidth(); }
double cellY(const GridBox& b, int i) { return b.y0 + (i + 0.5) * b.cellHeight(); }

double maxValue(const DensityGrid& g) {
    double top = 0.0;
    for (double v : g.values) top = std::max(top, std::abs(v));
    return top;
}

}  // namespace

TEST_CASE("a single particle at a cell centre gives the Gaussian density of the smoothing, in mass per unit area") {
    const GridBox box{-1.0, 1.0, -0.5, 0.5, 80, 40, false};  // cells of 0.025 x 0.025
    Points p;
    p.add(cellX(box, 30), cellY(box, 20), 0.7);
    const double sigma = 2.5;  // cells
    const DensityGrid g = p.density(box, sigma, sigma);
    const double s = sigma * box.cellWidth();  // in world units
    double worst = 0.0;
    for (int iy = 0; iy < box.ny; ++iy)
        for (int ix = 0; ix < box.nx; ++ix) {
            const double dx = cellX(box, ix) - p.x[0], dy = cellY(box, iy) - p.y[0];
            const double r2 = dx * dx + dy * dy;
            // The continuous Gaussian, zero beyond the taps' reach of 4 sigma per axis.
            const bool reached = std::abs(dx) <= 10.0 * box.cellWidth() + 1e-12 && std::abs(dy) <= 10.0 * box.cellHeight() + 1e-12;
            const double expected = reached ? 0.7 / (2.0 * kPi * s * s) * std::exp(-0.5 * r2 / (s * s)) : 0.0;
            worst = std::max(worst, std::abs(g.at(ix, iy) - expected));
        }
    const double peak = 0.7 / (2.0 * kPi * s * s);
    INFO("peak ", peak, ", worst difference ", worst);
    CHECK(worst < 2e-4 * peak);  // the taps cut at 4 sigma and renormalized: ~5e-5 of the mass per axis
    CHECK(g.mass() == doctest::Approx(0.7).epsilon(1e-12));
}

TEST_CASE("mass is kept: inside a bounded box, and anywhere on a periodic one") {
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> inside(0.2, 0.8), anywhere(-3.0, 4.0), weight(-1.0, 2.0);
    Points bounded, wrapped;
    for (int k = 0; k < 5000; ++k) {
        bounded.add(inside(rng), inside(rng), weight(rng));
        wrapped.add(anywhere(rng), anywhere(rng), weight(rng));
    }
    const GridBox box{0.0, 1.0, 0.0, 1.0, 64, 48, false};  // a margin of 9.6 cells: more than the taps and the deposit reach
    CHECK(bounded.density(box, 2.0, 2.0).mass() == doctest::Approx(bounded.total()).epsilon(1e-10));
    GridBox torus = box;
    torus.periodic = true;
    CHECK(wrapped.density(torus, 6.0, 1.5).mass() == doctest::Approx(wrapped.total()).epsilon(1e-10));
    // On a bounded box, what lies beyond it is not counted.
    Points outside;
    outside.add(5.0, 0.5, 1.0), outside.add(0.5, -7.0, 1.0), outside.add(0.5, 0.5, 2.0);
    CHECK(outside.density(box, 2.0, 2.0).mass() == doctest::Approx(2.0).epsilon(1e-10));
}

TEST_CASE("the deposit keeps a particle's centre of mass between cell centres") {
    const GridBox box{0.0, 2.0, 0.0, 1.0, 40, 20, false};
    Points p;
    p.add(0.7321, 0.4142, 1.5);
    std::vector<double> cells;
    depositMasses(p.x.data(), p.y.data(), p.m.data(), 1, box, cells);
    double mass = 0.0, mx = 0.0, my = 0.0;
    int nonzero = 0;
    for (int iy = 0; iy < box.ny; ++iy)
        for (int ix = 0; ix < box.nx; ++ix) {
            const double c = cells[static_cast<std::size_t>(iy) * box.nx + ix];
            nonzero += c != 0.0;
            mass += c, mx += c * cellX(box, ix), my += c * cellY(box, iy);
        }
    CHECK(nonzero == 4);
    CHECK(mass == doctest::Approx(1.5).epsilon(1e-14));
    CHECK(mx / mass == doctest::Approx(0.7321).epsilon(1e-12));
    CHECK(my / mass == doctest::Approx(0.4142).epsilon(1e-12));
}

TEST_CASE("mirrored particles give a mirrored density, and opposite weights cancel") {
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> u(-0.9, 0.9), w(0.1, 1.0);
    const GridBox box{-1.0, 1.0, -1.0, 1.0, 50, 50, false};
    Points p, signedPair;
    for (int k = 0; k < 300; ++k) {
        const double x = u(rng), y = u(rng), m = w(rng);
        p.add(x, y, m), p.add(-x, y, m);                       // mirrored in x = 0
        signedPair.add(x, y, m), signedPair.add(x, y, -m);    // the same place, opposite signs
    }
    const DensityGrid g = p.density(box, 1.7, 1.7);
    double asymmetry = 0.0;
    for (int iy = 0; iy < box.ny; ++iy)
        for (int ix = 0; ix < box.nx; ++ix) asymmetry = std::max(asymmetry, std::abs(g.at(ix, iy) - g.at(box.nx - 1 - ix, iy)));
    CHECK(asymmetry < 1e-12 * maxValue(g));
    CHECK(maxValue(g) > 0.0);
    CHECK(maxValue(signedPair.density(box, 1.7, 1.7)) < 1e-12);
}

TEST_CASE("many particles: the grid matches the sum of Gaussians placed at each particle") {
    // The deposit's linear shares widen the kernel by a triangle of variance 1/6 cell^2 per
    // axis, so the reference sums Gaussians of variance sigma^2 + 1/6 (in cells).
    std::mt19937_64 rng(9);
    std::normal_distribution<double> n(0.0, 0.15);
    std::uniform_real_distribution<double> w(0.0, 1.0);
    const GridBox box{-1.0, 1.0, -1.0, 1.0, 60, 60, false};
    Points p;
    for (int k = 0; k < 3000; ++k) p.add(0.3 + n(rng), -0.2 + 0.5 * n(rng), w(rng) / 3000.0);
    const double sigma = 3.0;
    const DensityGrid g = p.density(box, sigma, sigma);
    const double s2 = (sigma * sigma + 1.0 / 6.0) * box.cellWidth() * box.cellWidth();
    double worst = 0.0;
    for (int iy = 0; iy < box.ny; iy += 3)
        for (int ix = 0; ix < box.nx; ix += 3) {
            double expected = 0.0;
            for (std::size_t k = 0; k < p.x.size(); ++k) {
                const double dx = cellX(box, ix) - p.x[k], dy = cellY(box, iy) - p.y[k];
                expected += p.m[k] / (2.0 * kPi * s2) * std::exp(-0.5 * (dx * dx + dy * dy) / s2);
            }
            worst = std::max(worst, std::abs(g.at(ix, iy) - expected));
        }
    INFO("largest density ", maxValue(g), ", worst difference ", worst);
    CHECK(worst < 0.005 * maxValue(g));
}

TEST_CASE("one row: a periodic 1-D density whose point mass peaks at mass / (sqrt(2 pi) sigma)") {
    const GridBox line{0.0, 1.0, 0.0, 1.0, 500, 1, true};
    Points p;
    p.add(0.999, 0.0, 2.0);  // next to the wrap: half its bump shows at the start of the circle
    p.add(std::numeric_limits<double>::quiet_NaN(), 0.0, 5.0);  // a diverged particle is skipped
    p.add(0.3, 0.0, std::numeric_limits<double>::infinity());
    const double sigma = 8.0;
    const DensityGrid g = p.density(line, sigma, 0.0);
    CHECK(g.values.size() == 500u);
    CHECK(g.mass() == doctest::Approx(2.0).epsilon(1e-12));
    const double s = sigma / 500.0;
    // The cell centre 0.999 is nearest (index 499, centre 0.999): the peak there.
    CHECK(g.at(499, 0) == doctest::Approx(2.0 / (std::sqrt(2.0 * kPi) * s)).epsilon(2e-3));
    // 0.009 away across the wrap (index 4, centre 0.009): the Gaussian of that distance.
    CHECK(g.at(4, 0) == doctest::Approx(2.0 / (std::sqrt(2.0 * kPi) * s) * std::exp(-0.5 * 0.01 * 0.01 / (s * s))).epsilon(5e-3));
}
