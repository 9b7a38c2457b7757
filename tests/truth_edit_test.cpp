// The truth changed under a running flow (Engine::setTruth, the window's truth editing):
// the observations or labels follow it, the particles keep flowing from where they are,
// and going back to an earlier truth gives it back bit for bit. Run under ThreadSanitizer
// too (ctest -L engine).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cmath>
#include <cstring>
#include <thread>

#include "deconvolution.hpp"
#include "engine.hpp"
#include "given_truth.hpp"
#include "test_support.hpp"

using namespace flowscope;
using namespace std::chrono_literals;

namespace {
bool bitwiseEqual(const ParticleSet& a, const ParticleSet& b) {
    return a.w.size() == b.w.size() && a.theta.rows() == b.theta.rows() && a.theta.cols() == b.theta.cols() &&
           std::memcmp(a.w.data(), b.w.data(), sizeof(double) * a.w.size()) == 0 &&
           std::memcmp(a.theta.data(), b.theta.data(), sizeof(double) * a.theta.size()) == 0;
}
bool bitwiseEqual(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(double) * a.size()) == 0;
}

TruthSettings given(const TruthSettings& base, const ParticleSet& units) {
    TruthSettings t = base;
    t.given = truthRows(units);
    t.count = units.count();
    return t;
}

Snapshot synced(Engine& engine) {
    engine.sync();
    Snapshot s;
    REQUIRE(engine.latest(s));
    return s;
}
}  // namespace

TEST_CASE("a moved spike moves the observations; the particles flow on; the first truth comes back bit for bit") {
    const Scenario scenario = testing::deconvolutionScenario(1, "dirichlet");
    Engine engine(scenario);
    engine.step(5);
    engine.waitForSteps();
    const Snapshot before = synced(engine);
    const auto& first = dynamic_cast<const Deconvolution&>(*before.problem);
    const ParticleSet truth0 = first.truth();
    const Eigen::VectorXd observations0 = first.observations();
    REQUIRE(before.current.step == 5);

    ParticleSet moved = truth0;
    moved.theta(0, 1) = std::fmod(moved.theta(0, 1) + 0.125, 1.0);
    moved.w[3] *= 1.5;
    engine.setTruth(given(scenario.truth, moved));
    const Snapshot after = synced(engine);
    const auto& second = dynamic_cast<const Deconvolution&>(*after.problem);
    CHECK(after.error.empty());
    CHECK(bitwiseEqual(second.truth(), moved));
    CHECK(after.scenario.truth.given == truthRows(moved));
    // The observations are the new truth seen through the filter, plus the same noise: the
    // difference is exactly what the moved units change, computed here from the kernel.
    const Eigen::MatrixXd points = second.samplePoints();
    for (Eigen::Index k = 0; k < points.cols(); ++k) {
        double change = 0.0;
        for (int j = 0; j < moved.count(); ++j)
            change += moved.w[j] * second.kernel().value(points(0, k) - moved.theta(0, j)) -
                      truth0.w[j] * second.kernel().value(points(0, k) - truth0.theta(0, j));
        REQUIRE(second.observations()[k] - observations0[k] == doctest::Approx(change).epsilon(1e-12).scale(1.0));
    }
    // The particles are where they were (a new truth is no new start), and flow on.
    CHECK(after.current.step == 5);
    CHECK(after.generation == before.generation);
    CHECK(bitwiseEqual(after.particles, before.particles));
    CHECK(after.current.objective != before.current.objective);
    CHECK(after.history.back().step == 5);
    engine.step(5);
    engine.waitForSteps();
    const Snapshot flowed = synced(engine);
    CHECK(flowed.current.step == 10);
    CHECK(!bitwiseEqual(flowed.particles, after.particles));

    // Undo: the drawn truth's settings back, and with them its spikes and observations, bitwise.
    engine.setTruth(scenario.truth);
    const Snapshot undone = synced(engine);
    const auto& third = dynamic_cast<const Deconvolution&>(*undone.problem);
    CHECK(bitwiseEqual(third.truth(), truth0));
    CHECK(bitwiseEqual(third.observations(), observations0));
    CHECK(undone.scenario.truth.given.empty());
    // And redo: the edited truth again, bitwise.
    engine.setTruth(given(scenario.truth, moved));
    CHECK(bitwiseEqual(synced(engine).problem->truth(), moved));
}

TEST_CASE("a network's labels follow its teacher: the run equals one started on that teacher") {
    for (const char* risk : {"empirical", "population"}) {
        INFO(risk);
        const Scenario scenario = testing::networkScenario("relu", risk);
        Engine engine(scenario);
        engine.step(3);
        engine.waitForSteps();
        ParticleSet teacher = synced(engine).problem->truth();
        teacher.theta(0, 0) = 0.0, teacher.theta(1, 0) = 0.6, teacher.theta(2, 0) = 0.8;  // a unit turned
        teacher.w[0] = -2.0;
        engine.setTruth(given(scenario.truth, teacher));
        const Snapshot after = synced(engine);
        REQUIRE(after.error.empty());
        CHECK(bitwiseEqual(after.problem->truth(), teacher));
        // The same particles on a run built from the new scenario: the same objective, bitwise.
        Simulation fresh(after.scenario);
        fresh.setParticles(after.particles);
        CHECK(fresh.current().objective == after.current.objective);
        CHECK(bitwiseEqual(fresh.problem().truth(), teacher));
    }
}

TEST_CASE("a truth the scenario refuses is reported and changes nothing") {
    const Scenario scenario = testing::deconvolutionScenario(1, "dirichlet");
    Engine engine(scenario);
    const Snapshot before = synced(engine);
    TruthSettings wrong = scenario.truth;
    wrong.given = {{1.0, 0.2, 0.3}};  // a 2-D spike in 1-D
    wrong.count = 1;
    engine.setTruth(wrong);
    const Snapshot after = synced(engine);
    CHECK(after.error.find("truth.given") != std::string::npos);
    CHECK(bitwiseEqual(after.problem->truth(), before.problem->truth()));
    CHECK(after.scenario.truth.given.empty());
}

TEST_CASE("new teacher drops a given truth for one drawn from the new seed") {
    const Scenario scenario = testing::networkScenario("relu", "population");
    Engine engine(scenario);
    ParticleSet teacher = synced(engine).problem->truth();
    teacher.w *= 3.0;
    engine.setTruth(given(scenario.truth, teacher));
    engine.newTeacher(99);
    const Snapshot s = synced(engine);
    CHECK(s.scenario.truth.given.empty());
    CHECK(*s.scenario.truth.seed == 99);
    CHECK(s.problem->truth().count() == scenario.truth.count);
}

TEST_CASE("dragging while playing: truths posted every millisecond while a reader draws the truth") {
    Scenario scenario = testing::deconvolutionScenario(1, "dirichlet");
    scenario.particleCount = 200;
    Engine engine(scenario);
    ParticleSet truth = synced(engine).problem->truth();
    engine.play();
    Snapshot s;
    std::int64_t lastStep = 0;
    for (int k = 0; k < 300; ++k) {
        truth.theta(0, 0) = std::fmod(truth.theta(0, 0) + 0.001, 1.0);  // a spike dragged along
        engine.setTruth(given(scenario.truth, truth));
        if (engine.latest(s)) {
            const Eigen::VectorXd drawn = s.problem->predictTruth(Eigen::RowVectorXd::LinSpaced(50, 0.0, 0.98));
            REQUIRE(drawn.allFinite());
            REQUIRE(s.current.step >= lastStep);
            lastStep = s.current.step;
        }
        std::this_thread::sleep_for(1ms);
    }
    engine.pause();
    const Snapshot end = synced(engine);
    CHECK(end.error.empty());
    CHECK(bitwiseEqual(end.problem->truth(), truth));
    CHECK(end.current.step > 0);  // the particles kept flowing through the drag
}

TEST_CASE("an edited truth is saved with the state and comes back with it") {
    const Scenario scenario = testing::deconvolutionScenario(1, "dirichlet");
    const std::string path = "/tmp/flowscope-truth-edit-test.checkpoint";
    ParticleSet edited;
    {
        Engine engine(scenario);
        edited = synced(engine).problem->truth();
        edited.theta(0, 2) = 0.5;
        edited.w[2] = -2.25;
        engine.setTruth(given(scenario.truth, edited));
        engine.step(3);
        engine.saveState(path);
        REQUIRE(synced(engine).error.empty());
    }
    Engine fresh(scenario);
    fresh.loadState(path);
    const Snapshot s = synced(fresh);
    CHECK(s.error.empty());
    CHECK(bitwiseEqual(s.problem->truth(), edited));
    CHECK(s.scenario.truth.given == truthRows(edited));
    std::remove(path.c_str());
}
