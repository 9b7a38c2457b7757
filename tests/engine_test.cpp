// The engine's hand-off between the solver thread and a reader, under command storms.
// Run it under ThreadSanitizer too: cmake -DFLOWSCOPE_SANITIZE=thread (see the README).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include "engine.hpp"
#include "rng.hpp"
#include "scenario_library.hpp"
#include "snapshot_invariants.hpp"
#include "test_support.hpp"

using namespace flowscope;
using namespace std::chrono_literals;
using flowscope::testing::kSanitized;

namespace {
void checkSnapshot(const Snapshot& s) {
    const std::string violation = testing::snapshotViolation(s, 4096);
    INFO(violation);
    REQUIRE(violation.empty());
}

template <class Done>
void waitFor(Engine& engine, Snapshot& s, Done done) {
    for (int k = 0; k < 2000 && !done(); ++k) {
        std::this_thread::sleep_for(2ms);
        engine.latest(s);
    }
}
}  // namespace

TEST_CASE("with rows every 7 steps, the curve of a stopped run still ends at its current step") {
    Scenario scenario = loadScenarioNamed("relu2d");
    scenario.run.recordEvery = 7;
    Engine engine(scenario);
    Snapshot s;
    engine.step(10);
    engine.waitForSteps();
    engine.latest(s);
    REQUIRE(s.current.step == 10);
    REQUIRE(!s.history.empty());
    CHECK(s.history.back().step == 10);
    CHECK(s.history[s.history.size() - 2].step == 7);  // the regular rows are kept
    engine.step(4);  // continues on the grid: 14, not 10 + 7
    engine.waitForSteps();
    engine.latest(s);
    CHECK(s.history.back().step == 14);
    CHECK(s.history[s.history.size() - 2].step == 10);
}

TEST_CASE("play, pause and single steps do what they say") {
    Engine engine(loadScenarioNamed("relu2d"));
    Snapshot s;
    engine.sync();
    REQUIRE(engine.latest(s));
    CHECK(!engine.latest(s));  // nothing newer yet
    CHECK(s.current.step == 0);
    CHECK(!s.playing);
    engine.step(5);
    engine.waitForSteps();
    REQUIRE(engine.latest(s));
    CHECK(s.current.step == 5);
    CHECK(s.pendingSteps == 0);
    engine.play();
    waitFor(engine, s, [&] { return s.current.step > 50; });
    engine.pause();
    engine.sync();
    engine.latest(s);
    const auto paused = s.current.step;
    CHECK(paused > 50);
    CHECK(!s.playing);
    std::this_thread::sleep_for(30ms);
    engine.sync();
    engine.latest(s);
    CHECK(s.current.step == paused);
}

TEST_CASE("a step limit holds a playing run at the granted step, and raising it lets it go on") {
    Engine engine(loadScenarioNamed("deconv1d"));
    Snapshot s;
    engine.setStepLimit(10);
    engine.play();  // fastest pace by default: only the limit holds it
    waitFor(engine, s, [&] { return s.current.step >= 10; });
    std::this_thread::sleep_for(50ms);
    engine.latest(s);
    CHECK(s.current.step == 10);
    CHECK(s.playing);  // still playing: waiting for the next grant, not paused
    engine.setStepLimit(25);
    waitFor(engine, s, [&] { return s.current.step >= 25; });
    std::this_thread::sleep_for(50ms);
    engine.latest(s);
    CHECK(s.current.step == 25);
    engine.step(3);  // single steps are not held back
    engine.waitForSteps();
    engine.latest(s);
    CHECK(s.current.step == 28);
    engine.setStepLimit(-1);
    engine.play();
    waitFor(engine, s, [&] { return s.current.step >= 60; });
    CHECK(s.current.step >= 60);
}

TEST_CASE("playFor plays a given number of steps past the current one, then stops at that budget") {
    Engine engine(loadScenarioNamed("deconv1d"));
    Snapshot s;
    engine.playFor(7);
    waitFor(engine, s, [&] { return s.budgetReached; });
    CHECK(s.current.step == 7);
    CHECK(!s.playing);
    engine.playFor(5);  // a lesson's next step goes on from there
    waitFor(engine, s, [&] { return s.budgetReached && s.current.step > 7; });
    CHECK(s.current.step == 12);
    engine.loadScenario(loadScenarioNamed("deconv1d"));
    engine.playFor(3);  // a new scenario and its steps, in one go
    waitFor(engine, s, [&] { return s.budgetReached && s.current.step == 3; });
    CHECK(s.current.step == 3);
}

TEST_CASE("a refused value is reported in the snapshot and the run goes on as it was") {
    Engine engine(loadScenarioNamed("deconv1d"));
    Snapshot s;
    engine.setValue("dynamics.step_size", "-1");
    engine.setValue("no.such_key", "1");
    engine.setParticleCount(0);
    engine.sync();
    engine.latest(s);
    CHECK(s.errorSerial == 3);
    CHECK(s.error.find("particles.count") != std::string::npos);
    CHECK(s.particles.count() == 100);
    CHECK(s.scenario.dynamics.stepSize == 0.01);
    engine.setValue("regularizer.lambda", "0.3");
    engine.sync();
    engine.latest(s);
    CHECK(s.scenario.regularizer.lambda == 0.3);
    CHECK(s.errorSerial == 3);
}

TEST_CASE("a divergence pauses the run, and one command restores the last finite state at a smaller step") {
    Scenario scenario = loadScenarioNamed("relu2d");
    scenario.dynamics.stepSize = 50.0;
    Engine engine(scenario, EngineOptions{std::chrono::microseconds(2000), 4096, true});
    Snapshot s;
    waitFor(engine, s, [&] { return s.status == RunStatus::Diverged; });
    REQUIRE(s.status == RunStatus::Diverged);
    CHECK(!s.playing);
    CHECK(s.statusMessage.find("diverged") != std::string::npos);
    CHECK(s.particles.allFinite());
    engine.restoreLastFinite();
    engine.sync();
    engine.latest(s);
    CHECK(s.status == RunStatus::Running);
    CHECK(s.scenario.dynamics.stepSize == doctest::Approx(5.0));
}

TEST_CASE("loading a scenario starts it afresh, even the current one; Restore goes back before the blow-up") {
    const Scenario scenario = loadScenarioNamed("relu2d");
    Engine engine(scenario, EngineOptions{std::chrono::microseconds(2000), 4096, false});
    Snapshot s;
    engine.latest(s);
    const ParticleSet start = s.particles;
    const std::uint64_t firstGeneration = s.generation;
    engine.step(30);
    engine.setStepSize(0.2);
    engine.waitForSteps();
    engine.latest(s);
    REQUIRE(s.current.step == 30);
    engine.loadScenario(scenario);
    engine.sync();
    engine.latest(s);
    CHECK(s.current.step == 0);
    CHECK(s.history.size() == 1);
    CHECK(s.generation > firstGeneration);
    CHECK(s.particles.w == start.w);
    CHECK(s.scenario.dynamics.stepSize == scenario.dynamics.stepSize);
    // The step size pushed 100 times too far: Restore goes back to a state before the blow-up
    // at the scenario's own step size, and Reset keeps that one.
    engine.step(20);
    engine.setStepSize(100.0 * scenario.dynamics.stepSize);
    engine.step(200);
    engine.waitForSteps();
    engine.latest(s);
    REQUIRE(s.status == RunStatus::Diverged);
    const double blownUp = s.current.objective;
    const std::int64_t divergedAt = s.divergence.step;
    engine.restoreLastFinite();
    engine.sync();
    engine.latest(s);
    CHECK(s.status == RunStatus::Running);
    CHECK(s.current.objective <= blownUp);
    CHECK(s.current.step < divergedAt);
    CHECK(s.scenario.dynamics.stepSize == scenario.dynamics.stepSize);
    engine.newTeacher(77);
    engine.sync();
    engine.latest(s);
    CHECK(s.scenario.truthSeed() == 77);
    CHECK(s.current.step == 0);
    CHECK(s.particles.w == start.w);  // the same start under another teacher
}

TEST_CASE("command storms: thousands of resizes, resets and step-size changes while running keep every invariant") {
    for (const std::string name : {"relu2d", "deconv1d"}) {
        INFO(name);
        Engine engine(loadScenarioNamed(name), EngineOptions{std::chrono::microseconds(500), 256, true});
        std::atomic<bool> stop{false};
        std::atomic<long> snapshotsSeen{0};
        std::thread reader([&] {
            Snapshot s;
            std::uint64_t lastSerial = 0;
            while (!stop.load()) {
                if (engine.latest(s)) {
                    CHECK(s.serial > lastSerial);
                    lastSerial = s.serial;
                    checkSnapshot(s);
                    ++snapshotsSeen;
                }
                std::this_thread::sleep_for(200us);  // a frame loop, not a spin on the lock
            }
        });
        Rng rng(31);
        int lastCount = 0;
        for (int k = 0; k < 3000; ++k) {
            switch (rng.next() % 8) {
                case 0: case 1: lastCount = 1 + static_cast<int>(rng.next() % 300); engine.setParticleCount(lastCount); break;
                case 2: engine.setStepSize(std::pow(10.0, rng.uniform(-4.0, 0.0))); break;
                case 3: engine.reset(); break;
                case 4: engine.reseed(rng.next() % 1000); break;
                case 5: engine.togglePlay(); break;
                case 6: engine.step(1 + static_cast<int>(rng.next() % 3)); break;
                case 7: engine.setValue("regularizer.lambda", std::to_string(rng.uniform(0.0, 0.3))); break;
            }
            if (k % 10 == 0) std::this_thread::sleep_for(1ms);
        }
        engine.sync();  // the reader keeps reading while the backlog is applied
        stop = true;
        reader.join();
        engine.setParticleCount(lastCount = 77);
        engine.sync();
        Snapshot last;
        engine.latest(last);
        checkSnapshot(last);
        CHECK(last.particles.count() == 77);
        CHECK(engine.commandsApplied() == 3001);
        CHECK(snapshotsSeen.load() > 10);
    }
}

TEST_CASE("the reader never waits for a step, however slow the step") {
    Scenario scenario = loadScenarioNamed("relu-highdim");
    // One exact-risk step takes a good fraction of a second (optimized build; 1 s at 1000
    // under the thread sanitizer, 20 s at 4000).
    scenario.particleCount = kSanitized ? 1000 : 4000;
    Engine engine(scenario, EngineOptions{std::chrono::microseconds(1000), 4096, true});
    Snapshot s;
    engine.latest(s);
    const auto start = std::chrono::steady_clock::now();
    long calls = 0;
    while (s.current.step < 1 && std::chrono::steady_clock::now() - start < 30s) {
        engine.latest(s);
        ++calls;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Thousands of reads went through while the first step was computed.
    CHECK(calls > 1000);
    MESSAGE("first step took ", seconds, " s; the reader made ", calls, " calls meanwhile");
}

TEST_CASE("the run saved to a file and loaded back; a bad file leaves the run as it was") {
    const std::string path = "engine_test_state.checkpoint";
    Engine engine(loadScenarioNamed("deconv1d"));
    Snapshot s;
    engine.step(12);
    engine.waitForSteps();  // commands apply at once, between steps: save after the 12
    engine.saveState(path);
    engine.sync();
    engine.latest(s);
    CHECK(s.noticeSerial == 1);
    CHECK(s.notice.find("saved step 12") != std::string::npos);
    const ParticleSet saved = s.particles;
    engine.step(30);
    engine.waitForSteps();
    engine.play();  // loading pauses
    engine.loadState(path);
    engine.sync();
    engine.latest(s);
    CHECK(!s.playing);
    CHECK(s.current.step == 12);
    CHECK(s.particles.w == saved.w);
    CHECK(s.particles.theta == saved.theta);
    CHECK(s.history.back().step == 12);
    CHECK(s.noticeSerial == 2);

    const auto errorsBefore = s.errorSerial;
    engine.step(3);
    engine.waitForSteps();
    engine.loadState("no/such/folder/state.checkpoint");
    engine.saveState("no/such/folder/state.checkpoint");
    engine.sync();
    engine.latest(s);
    CHECK(s.errorSerial == errorsBefore + 2);
    CHECK(s.error.find("no/such/folder/state.checkpoint") != std::string::npos);
    CHECK(s.current.step == 15);  // the run went on as it was
    CHECK(s.noticeSerial == 2);
    std::remove(path.c_str());
}
