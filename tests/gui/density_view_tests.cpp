// The density view's logic without a window: where particles are placed in bulk, what
// the grid holds, when the density shows and the discs fade, where the colours saturate.
// Each against an independent computation (place() one by one, sums of weights, the
// grid of the turned points computed directly).
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "camera.hpp"
#include "density_colors.hpp"
#include "density_map.hpp"
#include "density_worker.hpp"
#include "embedding.hpp"
#include "particle_view.hpp"

using namespace flowscope;
using namespace flowscope::gui;

namespace {

ParticleSet randomParticles(int m, int dim, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> n;
    ParticleSet p(m, dim);
    for (int i = 0; i < m; ++i) {
        p.w[i] = n(rng);
        for (int k = 0; k < dim; ++k) p.theta(k, i) = n(rng);
    }
    return p;
}

Embedding embeddingOf(EmbeddingKind kind, int dim, bool homogeneous) {
    Embedding e;
    e.kind = kind;
    e.homogeneous = homogeneous;
    e.massScale = 0.37;
    e.basis = Eigen::MatrixXd::Identity(std::min(dim, 3), dim);
    if (kind == EmbeddingKind::Projection) e.basis = Eigen::MatrixXd::Random(2, dim).rowwise().normalized();
    return e;
}

}  // namespace

TEST_SUITE("gui.logic") {

TEST_CASE("placeAll puts every particle where place() puts it, in every kind of view") {
    struct Case { EmbeddingKind kind; int dim; bool homogeneous; };
    const Case cases[] = {{EmbeddingKind::Spikes1D, 1, false}, {EmbeddingKind::Torus2D, 2, false}, {EmbeddingKind::Plane, 2, true},
                          {EmbeddingKind::Plane, 2, false},    {EmbeddingKind::Plane, 1, true},    {EmbeddingKind::Space, 3, true},
                          {EmbeddingKind::Projection, 7, true}, {EmbeddingKind::Projection, 7, false}};
    for (const Case& c : cases) {
        const Embedding e = embeddingOf(c.kind, c.dim, c.homogeneous);
        const ParticleSet p = randomParticles(200, c.dim, 7);
        const Eigen::Matrix3Xd all = e.placeAll(p);
        REQUIRE(all.cols() == 200);
        double worst = 0.0;
        for (int i = 0; i < p.count(); ++i) worst = std::max(worst, (all.col(i) - e.place(p.w[i], p.theta.col(i))).norm());
        INFO("kind ", static_cast<int>(c.kind), ", dim ", c.dim);
        CHECK(worst < 1e-12);
    }
}

TEST_CASE("the density view's grid holds the measure's mass: (alpha/m) sum |w|, or sum w when signed") {
    const ParticleSet p = randomParticles(5000, 2, 11);
    DensityRequest r;
    r.embedding = embeddingOf(EmbeddingKind::Plane, 2, true);
    r.box = {-40.0, 40.0, -40.0, 40.0, 200, 200, false};  // holds every particle, far from the edges
    r.massScale = 2.0 / p.count();
    const DensityResult magnitude = computeDensity(p, r);
    CHECK(magnitude.grid.mass() == doctest::Approx(r.massScale * p.w.cwiseAbs().sum()).epsilon(1e-10));
    CHECK(magnitude.range > 0.0);
    r.signedWeights = true;
    const DensityResult weighed = computeDensity(p, r);
    CHECK(weighed.grid.mass() == doctest::Approx(r.massScale * p.w.sum()).epsilon(1e-8));
}

TEST_CASE("a turned 3-D view's density is the density of the particles turned into the screen plane") {
    const ParticleSet p = randomParticles(3000, 3, 13);
    Orbit orbit;
    orbit.drag(ImVec2(37.0f, -21.0f));
    DensityRequest r;
    r.embedding = embeddingOf(EmbeddingKind::Space, 3, true);
    r.rotation = orbit.rotation();
    r.box = {-3.0, 3.0, -2.0, 2.0, 90, 60, false};
    r.massScale = 1.0 / p.count();
    const DensityResult turned = computeDensity(p, r);
    // By hand: each particle at |w| theta, turned, its first two coordinates.
    std::vector<double> x, y, mass;
    for (int i = 0; i < p.count(); ++i) {
        const Eigen::Vector3d q = r.rotation * (std::abs(p.w[i]) * p.theta.col(i));
        x.push_back(q.x()), y.push_back(q.y()), mass.push_back(std::abs(p.w[i]) / p.count());
    }
    const DensityGrid direct = densityOf(x.data(), y.data(), mass.data(), x.size(), r.box, r.sigmaX, r.sigmaY);
    REQUIRE(direct.values.size() == turned.grid.values.size());
    double worst = 0.0, top = 0.0;
    for (std::size_t k = 0; k < direct.values.size(); ++k)
        worst = std::max(worst, std::abs(direct.values[k] - turned.grid.values[k])), top = std::max(top, direct.values[k]);
    CHECK(top > 0.0);
    CHECK(worst < 1e-12 * top);
}

TEST_CASE("auto shows the density from 10^4 particles on; the discs then fade, to nothing at 10^5") {
    CHECK(!densityShown(DensityChoice::Auto, kDensityAutoCount - 1));
    CHECK(densityShown(DensityChoice::Auto, kDensityAutoCount));
    CHECK(densityShown(DensityChoice::Mass, 1));
    CHECK(densityShown(DensityChoice::Signed, 1));
    CHECK(!densityShown(DensityChoice::Off, 1000000));
    CHECK(!densityShown(DensityChoice::Mass, 0));
    CHECK(densitySigned(DensityChoice::Auto, EmbeddingKind::Spikes1D));
    CHECK(!densitySigned(DensityChoice::Auto, EmbeddingKind::Plane));
    CHECK(densitySigned(DensityChoice::Signed, EmbeddingKind::Plane));
    CHECK(!densitySigned(DensityChoice::Mass, EmbeddingKind::Spikes1D));
    CHECK(discOpacity(false, 1000000) == 1.0f);
    CHECK(discOpacity(true, 1000) == 1.0f);
    CHECK(discOpacity(true, 10000) == 1.0f);
    CHECK(discOpacity(true, 31623) == doctest::Approx(0.5).epsilon(1e-3));
    CHECK(discOpacity(true, 100000) == doctest::Approx(0.0).epsilon(1e-6));
    CHECK(discOpacity(true, 1000000) == 0.0f);
    float last = 1.0f;
    for (int m = 10000; m <= 100000; m += 5000) {
        CHECK(discOpacity(true, m) <= last);
        last = discOpacity(true, m);
    }
}

TEST_CASE("the colours saturate at the 99.5th percentile of the filled cells, at least a thirtieth of the largest") {
    std::vector<double> even(1000, 0.0);
    for (int k = 0; k < 400; ++k) even[static_cast<std::size_t>(k)] = 2.5;
    CHECK(densityRange(even) == 2.5);
    std::vector<double> ramp;
    for (int k = 1; k <= 1001; ++k) ramp.push_back(-double(k));  // signed grids: by |value|
    CHECK(densityRange(ramp) == 996.0);
    std::vector<double> spike(1000, 1.0);
    spike[3] = 3000.0;  // one dense cell: the rest still shows
    CHECK(densityRange(spike) == 100.0);
    CHECK(densityRange(std::vector<double>(10, 0.0)) == 0.0);
}

TEST_CASE("the particle view keeps its density choice between sessions") {
    for (DensityChoice c : {DensityChoice::Off, DensityChoice::Auto, DensityChoice::Mass, DensityChoice::Signed})
        CHECK(DensityMap::choiceNamed(DensityMap::choiceName(c)) == c);
    CHECK(!DensityMap::choiceNamed("sideways"));
    ParticleView view;
    view.density().choice = DensityChoice::Signed;
    ParticleView again;
    again.restoreOptions(view.savedOptions());
    CHECK(again.density().choice == DensityChoice::Signed);
    again.restoreOptions({{"density", "sideways"}});
    CHECK(again.density().choice == DensityChoice::Signed);
}

}  // TEST_SUITE

TEST_CASE("the density's colour scale reads over the view's background in both schemes: empty is the background, full is the map's top") {
    const auto rgb = [](ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); };
    const auto near = [](float a, float b) { return std::abs(a - b) <= 0.6f / 255.0f; };  // 8-bit channels
    for (const palette::Scheme* scheme : {&palette::standard, &palette::highContrast}) {
        palette::useScheme(*scheme);
        CAPTURE(scheme->name);
        const palette::Rgb bg = palette::viewBackground();
        for (const bool isSigned : {false, true}) {
            const ImVec4 empty = rgb(densityScaleColor(0.0f, isSigned));  // no mass: the view shows its background
            CHECK(near(empty.x, bg.r));
            CHECK(near(empty.y, bg.g));
            CHECK(near(empty.z, bg.b));
        }
        // Saturated: the shader's colour alone (opaque), whatever the background.
        const ImVec4 full = rgb(densityScaleColor(1.0f, false));
        const palette::Rgb top = palette::densityColor(1.0f);
        CHECK(near(full.x, top.r));
        CHECK(near(full.y, top.g));
        CHECK(near(full.z, top.b));
        const ImVec4 faint = rgb(densityScaleColor(0.01f, false));  // 0.1 of the way by the square root: 30% opaque
        const palette::Rgb c = palette::densityColor(0.1f);
        CHECK(near(faint.x, bg.r + 0.3f * (c.r - bg.r)));
    }
    CHECK(palette::highContrastOn() == true);
    const palette::Rgb black = palette::viewBackground();
    CHECK(black.r + black.g + black.b == 0.0f);  // high contrast: the view is black, as the window
    palette::useScheme(palette::standard);
}
