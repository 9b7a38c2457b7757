// The simulation: determinism, resizing, re-seeding, divergence and convergence.
#include <doctest/doctest.h>

#include <cmath>

#include "input_error.hpp"
#include "scenario_library.hpp"
#include "simulation.hpp"

using namespace flowscope;

namespace {
Scenario preset(const std::string& name) { return loadScenarioNamed(name); }
}  // namespace

TEST_CASE("a run is deterministic given its scenario, and its resolved scenario reproduces it bit for bit") {
    for (const char* name : {"relu2d", "deconv1d", "sigmoid2d"}) {
        INFO(name);
        Scenario s = preset(name);
        s.network.risk = std::string(name) == "sigmoid2d" ? "minibatch" : s.network.risk;
        Simulation a(s);
        a.run(150);
        Simulation b(scenarioFromJson(scenarioToJson(a.scenario()), "resolved"));
        b.run(150);
        CHECK(a.particles().w == b.particles().w);
        CHECK(a.particles().theta == b.particles().theta);
        CHECK(a.current().objective == b.current().objective);
    }
}

TEST_CASE("fresh mini-batches make the loss noisy where the empirical risk is smooth") {
    Scenario s = preset("sigmoid2d");
    s.network.risk = "minibatch";
    s.network.batchSize = 32;
    Simulation sim(s);
    int rises = 0;
    double previous = sim.current().loss;
    for (int k = 0; k < 50; ++k) {
        sim.advance();
        rises += sim.current().loss > previous;
        previous = sim.current().loss;
    }
    CHECK(rises > 5);
}

TEST_CASE("resizing keeps the existing particles, draws new ones from the initial law, and the curves continue") {
    Simulation sim(preset("relu2d"));
    sim.run(100);
    const ParticleSet before = sim.particles();
    const auto historyBefore = sim.history().size();
    sim.resize(150);
    CHECK(sim.particles().count() == 150);
    CHECK(sim.scenario().particleCount == 150);
    CHECK(sim.particles().w.head(100) == before.w);
    CHECK(sim.particles().theta.leftCols(100) == before.theta);
    // New particles lie on the initial sphere of radius 1 in R^(1+d).
    for (int i = 100; i < 150; ++i) {
        const double radius = std::sqrt(sim.particles().w[i] * sim.particles().w[i] + sim.particles().theta.col(i).squaredNorm());
        CHECK(radius == doctest::Approx(1.0));
    }
    CHECK(sim.stepCount() == 100);
    sim.run(10);
    CHECK(sim.stepCount() == 110);
    CHECK(sim.history().size() > historyBefore);
    const ParticleSet beforeShrink = sim.particles();
    sim.resize(20);
    CHECK(sim.particles().count() == 20);
    CHECK(sim.particles().w == beforeShrink.w.head(20));
    CHECK(sim.particles().theta == beforeShrink.theta.leftCols(20));
}

TEST_CASE("reset restores the initial particles; a new seed draws a new truth") {
    Simulation sim(preset("deconv1d"));
    const ParticleSet start = sim.particles();
    const ParticleSet truth = sim.problem().truth();
    sim.run(50);
    CHECK(sim.particles().w != start.w);
    sim.reset();
    CHECK(sim.particles().w == start.w);
    CHECK(sim.stepCount() == 0);
    sim.reseed(99);
    CHECK(sim.problem().truth().theta != truth.theta);
    CHECK(sim.scenario().run.seed == 99);
}

TEST_CASE("a step size 100 times too large is caught on every problem: the run stops on its last finite state") {
    for (const char* name : {"relu2d", "sigmoid2d", "relu-highdim", "deconv1d", "deconv2d"}) {
        INFO(name);
        Scenario s = preset(name);
        s.dynamics.stepSize *= 100.0;
        Simulation sim(s);
        sim.run(2000);
        REQUIRE(sim.status() == RunStatus::Diverged);
        CHECK(sim.particles().allFinite());
        CHECK(std::isfinite(sim.current().objective));
        CHECK(sim.divergence().step == sim.stepCount() + 1);
        CHECK(sim.divergence().suggestedStepSize < s.dynamics.stepSize);
        CHECK(sim.statusMessage().find("diverged at step") != std::string::npos);
        CHECK(!sim.advance());  // stays stopped until the user acts
        sim.setStepSize(s.dynamics.stepSize / 1000.0);
        CHECK(sim.status() == RunStatus::Running);
        CHECK(sim.advance());
    }
}

TEST_CASE("loading particles of the wrong dimension is refused; good ones restart the run from them") {
    Simulation sim(preset("relu2d"));
    CHECK_THROWS_AS(sim.setParticles(ParticleSet(5, 3)), InputError);
    ParticleSet p(4, 2);
    p.w << 1, -1, 0.5, 0.2;
    p.theta.setOnes();
    sim.setParticles(p);
    CHECK(sim.particles().count() == 4);
    CHECK(sim.stepCount() == 0);
    CHECK(sim.history().size() == 1);
}

TEST_CASE("the convergence rule stops a run that has converged, and not one that is still moving") {
    Scenario s = preset("relu2d");
    s.convergence.tolerance = 1e-4;
    s.convergence.window = 200;
    Simulation converging(s);
    const auto taken = converging.run(12000);
    CHECK(converging.status() == RunStatus::Converged);
    CHECK(taken < 12000);
    CHECK(converging.current().objective < 1e-3 * converging.history().points().front().objective);

    s.convergence.tolerance = 1e-9;  // far stricter than a few hundred steps can reach
    Simulation moving(s);
    CHECK(moving.run(600) == 600);
    CHECK(moving.status() == RunStatus::Running);
}
