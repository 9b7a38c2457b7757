// The paper's claims (paper-notes section 4) on the presets, each at its default steps.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <map>

#include "scenario_library.hpp"
#include "simulation.hpp"
#include "spike_recovery.hpp"

using namespace flowscope;

namespace {
Simulation finished(Scenario s) {
    Simulation sim(s);
    sim.run(s.run.steps);
    return sim;
}
// The preset on run.seed = seed, with every seed following it: a claim about many seeds
// varies the truth and the start together, as the paper's experiments do.
Scenario preset(const std::string& name, std::uint64_t seed) {
    Scenario s = loadScenarioNamed(name);
    s.run.seed = seed;
    s.truth.seed.reset();
    s.init.seed.reset();
    return s;
}
double reduction(const Simulation& sim) { return sim.current().objective / sim.history().points().front().objective; }
}  // namespace

TEST_CASE("deconvolution with 100 particles recovers the five spikes: positions within 1e-2, right signs") {
    for (std::uint64_t seed : {1, 2, 3}) {
        INFO("seed ", seed);
        const Simulation sim = finished(preset("deconv1d", seed));
        CHECK(sim.status() != RunStatus::Diverged);
        CHECK(recoversSpikes(sim.particles(), sim.problem().truth(), 1e-2));
    }
}

TEST_CASE("deconvolution with 6 particles ends at a spurious point of clearly higher objective") {
    int spurious = 0;
    for (std::uint64_t seed : {1, 2, 3}) {
        const Simulation many = finished(preset("deconv1d", seed));
        const Simulation few = finished(preset("deconv1d-few", seed));
        INFO("seed ", seed, ": m=100 objective ", many.current().objective, ", m=6 objective ", few.current().objective);
        spurious += few.current().objective > 2.0 * many.current().objective;
        CHECK(!recoversSpikes(few.particles(), few.problem().truth(), 1e-2));
    }
    CHECK(spurious >= 2);
}

TEST_CASE("a ReLU network with 100 units drives the loss below 1e-4 of its start within its default steps") {
    for (std::uint64_t seed : {1, 2}) {
        INFO("seed ", seed);
        const Simulation sim = finished(preset("relu2d", seed));
        CHECK(reduction(sim) < 1e-4);
    }
}

TEST_CASE("with as many units as the teacher (m = m0 = 3) some of 10 seeds stall far above that") {
    int stalled = 0;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) stalled += reduction(finished(preset("relu2d-few", seed))) > 1e-2;
    MESSAGE(stalled, " of 10 seeds stalled above 1e-2 of the initial loss");
    CHECK(stalled >= 2);
    CHECK(stalled <= 9);
}

TEST_CASE("the initialization matters: all particles at one point fail where the separating sphere succeeds") {
    for (std::uint64_t seed : {1, 2, 3}) {
        INFO("seed ", seed);
        Scenario point = preset("relu2d", seed);
        point.init.kind = InitKind::Point;
        CHECK(reduction(finished(point)) > 1e-2);
        CHECK(reduction(finished(preset("relu2d", seed))) < 1e-4);
    }
    Scenario subinterval = preset("deconv1d", 1);
    subinterval.init.kind = InitKind::Subinterval;
    subinterval.init.intervalLo = 0.3;
    subinterval.init.intervalHi = 0.5;
    const Simulation stuck = finished(subinterval);
    CHECK(!recoversSpikes(stuck.particles(), stuck.problem().truth(), 1e-2));
}

namespace {
double excessReduction(const Simulation& sim) { return sim.current().excess / sim.history().points().front().excess; }

// (1/m) sum |w_i| over the particles farther than `radius` from every true spike, against
// the truth's total |amplitude|.
double strayMass(const ParticleSet& particles, const ParticleSet& truth, double radius = 0.05) {
    double stray = 0.0;
    for (int i = 0; i < particles.count(); ++i) {
        bool near = false;
        for (int j = 0; j < truth.count() && !near; ++j) {
            double squared = 0.0;
            for (int k = 0; k < particles.dim(); ++k) squared += std::pow(torusDelta(particles.theta(k, i), truth.theta(k, j)), 2);
            near = std::sqrt(squared) < radius;
        }
        if (!near) stray += std::abs(particles.w[i]);
    }
    return stray / particles.count() / truth.w.cwiseAbs().sum();
}

// The objective never rises over the second half of the run beyond round-off: settled,
// not oscillating (at step 0.01 deconv1d-few alternated between 13.54 and 13.50).
bool settlesWithoutOscillating(const Simulation& sim) {
    const auto& points = sim.history().points();
    for (std::size_t k = points.size() / 2 + 1; k < points.size(); ++k)
        if (points[k].objective > points[k - 1].objective * (1.0 + 1e-12)) return false;
    return true;
}
}  // namespace

namespace {
// The objective falls (or stays) at every recorded step of the run.
bool descendsThroughout(const Simulation& sim) {
    const auto& points = sim.history().points();
    for (std::size_t k = 1; k < points.size(); ++k)
        if (points[k].objective > points[k - 1].objective) return false;
    return true;
}
}  // namespace

TEST_CASE("every preset does what its description says, on its own seeds") {
    const std::map<std::string, std::function<void(const Simulation&)>> promises = {
        {"relu2d",  // "100 student units learn a teacher of 3 units"
         [](const Simulation& sim) { CHECK(excessReduction(sim) < 1e-4); }},
        {"relu2d-mean-field",  // "100000 student units ... learn a teacher of 3 units" (measured: 5e-5 at t = 1000)
         [](const Simulation& sim) { CHECK(excessReduction(sim) < 1e-4); }},
        {"relu2d-few",  // "the flow stalls at a spurious point": visibly, not by round-off
         [](const Simulation& sim) {
             CHECK(excessReduction(sim) > 1e-3);
             CHECK(sim.current().gradNorm < 1e-6 * sim.history().points().front().gradNorm);
         }},
        {"sigmoid2d",  // "trained by full-batch gradient descent on 2000 fixed samples"
         [](const Simulation& sim) { CHECK(reduction(sim) < 1e-3); }},
        {"relu-highdim",  // "200 units learn a teacher of 5 units"
         [](const Simulation& sim) { CHECK(excessReduction(sim) < 1e-4); }},
        {"deconv1d",  // "find the 5 spikes ...; spare particles die out"
         [](const Simulation& sim) {
             CHECK(recoversSpikes(sim.particles(), sim.problem().truth(), 1e-2));
             CHECK(strayMass(sim.particles(), sim.problem().truth()) < 1e-3);
         }},
        {"deconv1d-few",  // "settles at a spurious stationary point (its velocity vanishes, the spikes are not recovered)"
         [](const Simulation& sim) {
             CHECK(sim.current().gradNorm < 1e-6 * sim.history().points().front().gradNorm);
             CHECK(!recoversSpikes(sim.particles(), sim.problem().truth(), 1e-2));
             CHECK(settlesWithoutOscillating(sim));
         }},
        {"spiral2d",  // "Two interleaved spirals classified ... a fifth of them held out to measure test accuracy"
         [](const Simulation& sim) {
             CHECK(sim.current().accuracy >= 0.97);
             CHECK(sim.current().testAccuracy >= 0.9);
             CHECK(sim.current().loss < 0.2 * sim.history().points().front().loss);
             // A descent all the way: the step size follows the flow (at eta = 1 it oscillated from t = 280).
             CHECK(descendsThroughout(sim));
         }},
        {"xor2d",  // "The XOR of the quadrants classified by a two-layer sigmoid network"
         [](const Simulation& sim) {
             CHECK(sim.current().accuracy >= 0.97);
             CHECK(sim.current().testAccuracy >= 0.9);
             CHECK(settlesWithoutOscillating(sim));
         }},
        {"deconv2d",  // "400 particles on a grid find 4 spikes"
         [](const Simulation& sim) { CHECK(recoversSpikes(sim.particles(), sim.problem().truth(), 1e-2)); }},
    };
    for (const std::string& name : presetNames()) {
        INFO(name);
        const auto promise = promises.find(name);
        REQUIRE_MESSAGE(promise != promises.end(), "every preset needs its promise here");
        const Simulation sim = finished(loadScenarioNamed(name));
        CHECK(sim.status() != RunStatus::Diverged);  // nor did the early blow-up rule fire
        CHECK(sim.stepCount() == sim.scenario().run.steps);
        promise->second(sim);
    }
}

// Restore on every preset: the step size pushed 100 times too far, the run brought back.
TEST_CASE("the blow-up is caught early, and restore goes back to before it began at a step size that holds") {
    for (const std::string& name : presetNames()) {
        INFO(name);
        const Scenario s = loadScenarioNamed(name);
        Simulation sim(s);
        sim.setStepSize(100.0 * s.dynamics.stepSize);  // a slider pushed too far
        sim.run(s.run.steps);
        REQUIRE(sim.status() == RunStatus::Diverged);
        const std::int64_t divergedAt = sim.divergence().step;
        const double blownUp = sim.current().objective;
        // Caught while the objective is still within a few times its start, not at 1e6 times.
        CHECK(blownUp < 100.0 * sim.history().points().front().objective);
        sim.restoreBeforeDivergence();
        CHECK(sim.status() == RunStatus::Running);
        CHECK(sim.stepCount() < divergedAt);
        CHECK(sim.current().objective <= blownUp);
        CHECK(sim.history().back().step == sim.stepCount());
        CHECK(sim.scenario().dynamics.stepSize <= s.dynamics.stepSize);
        CHECK(sim.run(1000) == 1000);
        CHECK(sim.status() != RunStatus::Diverged);
    }
}
