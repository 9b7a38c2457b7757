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
        s.network.risk = std::string(name) == "sigmoid2d" ? RiskKind::MiniBatch : s.network.risk;
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
    s.network.risk = RiskKind::MiniBatch;
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

TEST_CASE("reset restores the initial particles; reseed draws a new start and new teacher a new truth") {
    Simulation sim(preset("deconv1d"));
    const ParticleSet start = sim.particles();
    const ParticleSet truth = sim.problem().truth();
    sim.run(50);
    CHECK(sim.particles().w != start.w);
    sim.reset();
    CHECK(sim.particles().w == start.w);
    CHECK(sim.stepCount() == 0);
    sim.reseed(99);
    CHECK(sim.scenario().initSeed() == 99);
    CHECK(sim.problem().truth().theta == truth.theta);
    sim.newTeacher(98);
    CHECK(sim.scenario().truthSeed() == 98);
    CHECK(sim.problem().truth().theta != truth.theta);
    sim.reseed(1);  // the first start again, under the new truth
    CHECK(sim.particles().w == start.w);
    CHECK(sim.particles().theta == start.theta);
}

namespace {
// The loss of fixed particles: equal for two problems exactly when their truth and data agree.
double lossOf(const Simulation& sim, const ParticleSet& particles) {
    Evaluation eval;
    const_cast<Problem&>(sim.problem()).evaluate(particles, 1.0, eval);
    return eval.loss;
}
}  // namespace

TEST_CASE("truth.seed and init.seed separate the truth and data from the start and the mini-batches") {
    // Uniform positions and random-sign weights: every initial coordinate comes from init.seed.
    Scenario deconvolution = preset("deconv1d");
    deconvolution.init.kind = InitKind::Uniform;
    deconvolution.init.weights = InitWeights::RandomSign;
    deconvolution.deconvolution.noise = 0.1;  // data of its own: the observation noise
    Scenario empirical = preset("sigmoid2d");  // data of its own: the fixed samples
    Scenario minibatch = preset("relu2d");
    minibatch.network.risk = RiskKind::MiniBatch;
    for (const Scenario& base : {deconvolution, empirical, minibatch}) {
        INFO(base.name, " ", choiceName(base.network.risk));
        Scenario a = base, sameTruth = base, sameStart = base;
        a.truth.seed = 5, a.init.seed = 6;
        sameTruth.truth.seed = 5, sameTruth.init.seed = 7;
        sameStart.truth.seed = 8, sameStart.init.seed = 6;
        Simulation simA(a), simSameTruth(sameTruth), simSameStart(sameStart);
        // Same truth.seed: the same truth and data (the same loss of any particles), another start.
        CHECK(simA.problem().truth().w == simSameTruth.problem().truth().w);
        CHECK(simA.problem().truth().theta == simSameTruth.problem().truth().theta);
        if (base.network.risk != RiskKind::MiniBatch)  // a mini-batch is the start's, not the data's
            CHECK(lossOf(simA, simA.particles()) == lossOf(simSameTruth, simA.particles()));
        CHECK(simA.particles().theta != simSameTruth.particles().theta);
        // Same init.seed: the same start, another truth and other data.
        CHECK(simA.particles().w == simSameStart.particles().w);
        CHECK(simA.particles().theta == simSameStart.particles().theta);
        CHECK(simA.problem().truth().theta != simSameStart.problem().truth().theta);
        // The mini-batches follow init.seed: the same start under the same truth moves alike.
        if (base.network.risk == RiskKind::MiniBatch) {
            Scenario twin = a;
            twin.run.seed = 1234;  // overridden by both
            Simulation simTwin(twin);
            simA.run(20), simTwin.run(20);
            CHECK(simA.particles().theta == simTwin.particles().theta);
        }
    }
}

TEST_CASE("seeds that follow run.seed draw exactly what run.seed alone drew") {
    Scenario noisy = preset("deconv1d");
    noisy.deconvolution.noise = 0.1;
    Scenario minibatch = preset("relu2d");
    minibatch.network.risk = RiskKind::MiniBatch;
    minibatch.particleCount = 20;
    for (const Scenario& base : {preset("relu2d"), noisy, minibatch}) {
        INFO(base.name, " ", choiceName(base.network.risk));
        Scenario follows = base, explicitSeeds = base;
        follows.run.seed = explicitSeeds.run.seed = 17;
        explicitSeeds.truth.seed = explicitSeeds.init.seed = 17;
        Simulation a(follows), b(explicitSeeds);
        a.run(30), b.run(30);
        CHECK(a.particles().w == b.particles().w);
        CHECK(a.particles().theta == b.particles().theta);
        CHECK(a.current().objective == b.current().objective);
    }
}

TEST_CASE("loading a scenario starts it afresh, even the same one; single-key edits keep the particles") {
    const Scenario s = preset("relu2d");
    Simulation sim(s);
    const ParticleSet start = sim.particles();
    sim.run(40);
    sim.setStepSize(0.25);
    Scenario edited = sim.scenario();
    edited.dynamics.kind = DynamicsKind::ForwardBackward;
    sim.setScenario(edited);  // a dynamics change: the flow continues
    CHECK(sim.stepCount() == 40);
    CHECK(sim.particles().w != start.w);
    sim.load(s);
    CHECK(sim.stepCount() == 0);
    CHECK(sim.history().size() == 1);
    CHECK(sim.particles().w == start.w);
    CHECK(sim.particles().theta == start.theta);
    CHECK(sim.scenario().dynamics.stepSize == s.dynamics.stepSize);
    CHECK(sim.scenario().dynamics.kind == s.dynamics.kind);
}

TEST_CASE("reset goes back to the loaded step size after a divergence, and keeps a chosen one that never diverged") {
    const Scenario s = preset("relu2d");
    Simulation sim(s);
    sim.setStepSize(0.3);  // chosen, and fine
    sim.run(20);
    sim.reset();
    CHECK(sim.scenario().dynamics.stepSize == 0.3);
    sim.setStepSize(50.0);  // chosen, and diverges
    sim.run(100);
    REQUIRE(sim.status() == RunStatus::Diverged);
    sim.reset();
    CHECK(sim.scenario().dynamics.stepSize == s.dynamics.stepSize);
    CHECK(sim.status() == RunStatus::Running);
    // A step size that Restore suggested counts as one from a divergence too.
    sim.setStepSize(50.0);
    sim.run(100);
    REQUIRE(sim.status() == RunStatus::Diverged);
    sim.restoreBeforeDivergence();
    sim.run(10);
    sim.reset();
    CHECK(sim.scenario().dynamics.stepSize == s.dynamics.stepSize);
}

TEST_CASE("going back before a blow-up continues bit for bit as the run did from that state") {
    Scenario s = preset("relu2d");
    s.network.risk = RiskKind::MiniBatch;  // the mini-batch stream goes back too
    s.particleCount = 20;
    int wentBack = 0;  // blow-ups over several steps go back to a kept state; sudden ones stay
    for (double factor : {4.0, 6.0, 10.0, 100.0}) {
        INFO("step size x ", factor);
        const double eta = s.dynamics.stepSize, fast = factor * eta;
        Simulation sim(s);
        sim.run(60);
        sim.setStepSize(fast);
        sim.run(1000);
        REQUIRE(sim.status() == RunStatus::Diverged);
        const std::int64_t lastFinite = sim.stepCount();
        sim.restoreBeforeDivergence();
        const std::int64_t back = sim.stepCount();
        wentBack += back < lastFinite;
        CHECK(sim.history().back().step == back);
        // A twin that never blew up, taken to the same step at the same step sizes.
        Simulation twin(s);
        twin.run(std::min<std::int64_t>(back, 60));
        twin.setStepSize(fast);
        twin.run(back - std::min<std::int64_t>(back, 60));
        CHECK(twin.particles().w == sim.particles().w);
        CHECK(twin.particles().theta == sim.particles().theta);
        CHECK(twin.current().objective == sim.current().objective);
        twin.setStepSize(sim.scenario().dynamics.stepSize);
        sim.run(25), twin.run(25);
        CHECK(twin.particles().theta == sim.particles().theta);
        CHECK(twin.current().objective == sim.current().objective);
    }
    MESSAGE(wentBack, " of 4 blow-ups went back to a kept state");
    CHECK(wentBack >= 1);
    CHECK(wentBack <= 3);
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
