// How a played run is paced: flow time on a log scale (each decade in the same screen
// time), and a step budget that stops the run and is extended by playing on.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include "engine.hpp"
#include "scenario_library.hpp"

using namespace flowscope;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_CASE("in log-time pace every decade of flow time takes about the same screen time") {
    Scenario scenario = loadScenarioNamed("deconv1d");  // steps of microseconds: the pace alone sets the time
    scenario.run.steps = 100000;
    const double eta = scenario.dynamics.stepSize, perDecade = 0.6;
    Engine engine(scenario);
    Pace pace;
    pace.mode = Pace::Mode::LogTime;
    pace.secondsPerDecade = perDecade;
    engine.setPace(pace);
    engine.sync();
    engine.play();
    // When flow time first reaches 10 eta, 100 eta, 1000 eta.
    std::vector<double> reached;
    Snapshot s;
    const auto start = Clock::now();
    double next = 10 * eta;
    while (reached.size() < 3 && Clock::now() - start < 20s) {
        if (engine.latest(s) && s.current.time >= next * (1 - 1e-9)) {
            reached.push_back(std::chrono::duration<double>(Clock::now() - start).count());
            next *= 10;
        }
        std::this_thread::sleep_for(1ms);
    }
    engine.pause();
    REQUIRE(reached.size() == 3);
    const double second = reached[1] - reached[0], third = reached[2] - reached[1];
    MESSAGE("decades took ", reached[0], ", ", second, ", ", third, " s (asked: ", perDecade, ")");
    // The schedule gives exactly perDecade per decade (the first from one step, eta, to
    // 10 eta); the loose bounds leave room for a busy machine, not for another law: a
    // constant step rate would make each decade 10 times longer than the one before.
    for (double decade : {reached[0], second, third}) {
        CHECK(decade > 0.5 * perDecade);  // the schedule never runs ahead
        CHECK(decade < 4.0 * perDecade);  // a busy machine may lag it, not by a factor of 10
    }
    CHECK(third < 3.0 * second);
}

TEST_CASE("a played run stops at its step budget, and playing on grants another budget") {
    Scenario scenario = loadScenarioNamed("deconv1d");
    scenario.run.steps = 40;
    Engine engine(scenario);
    Snapshot s;
    engine.play();
    for (int k = 0; k < 5000 && !(engine.latest(s), s.budgetReached); ++k) std::this_thread::sleep_for(1ms);
    engine.sync();
    engine.latest(s);
    CHECK(s.budgetReached);
    CHECK(!s.playing);
    CHECK(s.current.step == 40);
    CHECK(s.stepBudget == 40);
    engine.step(2);  // single steps go past the budget
    engine.waitForSteps();
    engine.latest(s);
    CHECK(s.current.step == 42);
    engine.play();  // on: to the next multiple of run.steps (reached again in a blink: check the budget)
    engine.sync();
    engine.latest(s);
    CHECK(s.stepBudget == 80);
    for (int k = 0; k < 5000 && !(engine.latest(s), s.budgetReached); ++k) std::this_thread::sleep_for(1ms);
    engine.sync();
    engine.latest(s);
    CHECK(s.current.step == 80);
    CHECK(s.stepBudget == 80);
    engine.pause();
    engine.reset();  // a new run: a new budget
    engine.sync();
    engine.latest(s);
    CHECK(s.stepBudget == 40);
    CHECK(!s.budgetReached);
}

TEST_CASE("steps per second read 0 while paused") {
    Scenario scenario = loadScenarioNamed("deconv1d");
    scenario.run.steps = 100000000;
    Engine engine(scenario);
    Snapshot s;
    engine.play();
    std::this_thread::sleep_for(700ms);
    engine.latest(s);
    CHECK(s.stepsPerSecond > 0);
    engine.pause();
    engine.sync();
    engine.latest(s);
    CHECK(s.stepsPerSecond == 0);
}

TEST_CASE("path frames hold each of the first steps, then log-spaced ones, exactly as the run was then") {
    Scenario scenario = loadScenarioNamed("deconv1d");
    scenario.run.steps = 3000;
    Engine engine(scenario, EngineOptions{std::chrono::microseconds(8000), 4096, true});  // as fast as it goes
    Snapshot s;
    for (int k = 0; k < 20000 && !(engine.latest(s), s.budgetReached); ++k) std::this_thread::sleep_for(1ms);
    REQUIRE(s.budgetReached);
    std::vector<PathFrame> frames;
    engine.takePathFrames(frames);
    REQUIRE(frames.size() > 9);
    for (std::int64_t k = 0; k <= PathSampler::kEveryStepUntil; ++k) CHECK(frames[k].step == k);
    // From step 9 on, about 24 frames per decade of t / eta: 9 eta to 3000 eta is 2.5 decades.
    const double decades = std::log10(3000.0 / 9.0);
    const double later = double(frames.size()) - (PathSampler::kEveryStepUntil + 1);
    CHECK(later > 0.8 * 24 * decades);
    CHECK(later < 1.2 * 24 * decades + 2);
    // Each frame is the run's state at its step.
    Simulation reference(scenario);
    std::size_t next = 0;
    for (std::int64_t step = 0; step <= 3000 && next < frames.size(); ++step) {
        if (frames[next].step == step) {
            INFO("step ", step);
            CHECK(frames[next].tracked.theta == reference.particles().theta);
            CHECK(frames[next].tracked.w == reference.particles().w);
            CHECK(frames[next].time == reference.time());
            ++next;
        }
        reference.advance();
    }
    CHECK(next == frames.size());
    engine.takePathFrames(frames);
    CHECK(frames.empty());  // taken once
}
