// Steps that give way to commands: an abandoned step or evaluation changes nothing, and
// the engine applies every command within a fraction of a second however long a step takes.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <thread>

#include "engine.hpp"
#include "rng.hpp"
#include "scenario_library.hpp"
#include "simulation.hpp"
#include "snapshot_invariants.hpp"
#include "step_control.hpp"
#include "test_support.hpp"

using namespace flowscope;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using flowscope::testing::kSanitized;

namespace {


double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

bool sameRun(const Simulation& a, const Simulation& b) {
    if (a.particles().w != b.particles().w || a.particles().theta != b.particles().theta) return false;
    const auto &ha = a.history().points(), &hb = b.history().points();
    if (ha.size() != hb.size()) return false;
    for (std::size_t k = 0; k < ha.size(); ++k)
        if (ha[k].step != hb[k].step || ha[k].objective != hb[k].objective || ha[k].gradNorm != hb[k].gradNorm)
            return false;
    return true;
}

}  // namespace

TEST_CASE("a step abandoned before it starts changes nothing, and is then taken as if never tried") {
    for (const auto& [name, scenario] : testing::networkVariants()) {
        INFO(name);
        Simulation tried(scenario), reference(scenario);
        StepControl control;
        StepControlScope scope(&control);
        for (int k = 0; k < 5; ++k) {
            control.requestAbandon();
            CHECK_THROWS_AS(tried.advance(), StepAbandoned);
            CHECK(tried.stepCount() == k);
            control.clearAbandon();
            REQUIRE(tried.advance());
            REQUIRE(reference.advance());
        }
        CHECK(sameRun(tried, reference));
    }
}

TEST_CASE("steps abandoned at random moments and taken again give the same run bit for bit") {
    // Mini-batches too: an abandoned step must give back the batch it drew.
    int abandonedInAll = 0;
    for (const char* risk : {"population", "minibatch"}) {
        INFO(risk);
        Scenario scenario = testing::networkScenario("relu", risk);
        // Steps of a few milliseconds, long beside a thread's start (the sanitizers are 10-50x slower).
        const bool population = std::string(risk) == "population";
        scenario.particleCount = population ? (kSanitized ? 1000 : 3000) : (kSanitized ? 6000 : 20000);
        scenario.run.threads = 2;
        Simulation interrupted(scenario), reference(scenario);
        const auto start = Clock::now();
        const int steps = kSanitized ? 6 : 12;
        for (int k = 0; k < steps; ++k) reference.advance();
        const double stepSeconds = secondsSince(start) / steps;
        StepControl control;
        StepControlScope scope(&control);
        Rng rng(5);
        int abandoned = 0;
        for (int attempt = 0; interrupted.stepCount() < steps; ++attempt) {
            control.clearAbandon();
            // Every other attempt is interrupted somewhere in its step (the ones between go
            // through, so the run gets on).
            const bool interrupt = attempt % 2 == 0;
            std::thread interrupter([&, interrupt, delay = rng.uniform(0.0, 0.8 * stepSeconds)] {
                if (!interrupt) return;
                std::this_thread::sleep_for(std::chrono::duration<double>(delay));
                control.requestAbandon();
            });
            const auto before = interrupted.stepCount();
            try {
                interrupted.advance();
            } catch (const StepAbandoned&) {
                ++abandoned;
                CHECK(interrupted.stepCount() == before);
            }
            interrupter.join();
        }
        control.clearAbandon();
        CHECK(sameRun(interrupted, reference));
        MESSAGE(abandoned, " of the steps were abandoned mid-way and taken again");
        abandonedInAll += abandoned;
    }
    // Mid-step abandonment really happened (the mini-batch steps, mostly outside the long
    // loops, are abandoned less often; their stream's return is also tested above, before a step).
    CHECK(abandonedInAll > 0);
}

TEST_CASE("an abandoned start stays pending, shows no metrics, and completes to the same state") {
    Scenario scenario = loadScenarioNamed("relu2d");
    Simulation eager(scenario), deferred(scenario, 0, true);
    CHECK(!eager.needsEvaluation());
    CHECK(deferred.needsEvaluation());
    CHECK(std::isnan(deferred.current().objective));
    CHECK(deferred.history().empty());
    CHECK(deferred.particles().theta == eager.particles().theta);
    deferred.completeEvaluation();
    CHECK(!deferred.needsEvaluation());
    CHECK(deferred.current().objective == eager.current().objective);
    for (int k = 0; k < 20; ++k) eager.advance(), deferred.advance();
    CHECK(sameRun(eager, deferred));

    // A resize abandoned in its evaluation: pending until the next step, then the same run.
    Simulation resized(scenario), reference(scenario);
    StepControl control;
    {
        StepControlScope scope(&control);
        control.requestAbandon();
        resized.resize(150);
        CHECK(resized.needsEvaluation());
        CHECK(std::isnan(resized.current().objective));
        control.clearAbandon();
    }
    reference.resize(150);
    resized.advance(), reference.advance();
    CHECK(sameRun(resized, reference));
}

namespace {
// relu2d on the exact population risk, summed over all pairs, with as many particles as
// make one step take about `seconds` in this build (the step costs m^2: measured at a small
// count, then scaled). The sums by angle would make the step too short at any count.
Scenario scenarioWithStepOf(double seconds) {
    Scenario scenario = loadScenarioNamed("relu2d");
    scenario.network.populationKernel = PopulationKernel::Pairwise;
    scenario.particleCount = 1500;
    Simulation probe(scenario);
    const auto start = Clock::now();
    probe.advance();
    const double probeSeconds = std::max(secondsSince(start), 1e-4);
    scenario.particleCount = static_cast<int>(1500 * std::sqrt(seconds / probeSeconds));
    return scenario;
}
}  // namespace

TEST_CASE("with a step of seconds, every kind of command takes effect within a fraction of a second") {
    // 10 s in the optimized build, as a lecture's worst case; shorter under the sanitizers,
    // whose slowdown also loosens the bound (their loops between two checks are slower).
    const double stepSeconds = kSanitized ? 3.0 : 10.0;
    double bound = kSanitized ? 0.5 : 0.1;
    const Scenario slow = scenarioWithStepOf(stepSeconds);
    MESSAGE("relu2d with ", slow.particleCount, " particles: about ", stepSeconds, " s per step");
    auto engine = std::make_unique<Engine>(slow, EngineOptions{std::chrono::microseconds(8000), 4096, false});
    Snapshot s;
    engine->sync();  // the start's evaluation: one step's worth
    engine->latest(s);
    const ParticleSet start = s.particles;
    const std::uint64_t generation = s.generation;

    // A step in flight for a while, not near its end.
    engine->play();
    const auto playing = Clock::now();
    while (!(engine->progress().computing && engine->progress().seconds > 0.3 * stepSeconds) && secondsSince(playing) < 60)
        std::this_thread::sleep_for(1ms);
    const StepProgress midway = engine->progress();
    REQUIRE(midway.computing);
    CHECK(midway.step == 1);
    CHECK(!midway.starting);
    CHECK(midway.fraction > 0.05);
    CHECK(midway.fraction < 0.9);

    // Each command, posted while a long computation runs, shows in a snapshot within the bound.
    auto timed = [&](const std::string& what, auto&& post, auto&& shows) {
        INFO(what);
        engine->latest(s);
        const auto posted = Clock::now();
        post();
        while (!shows() && secondsSince(posted) < 30) {
            engine->latest(s);
            std::this_thread::sleep_for(200us);
        }
        const double latency = secondsSince(posted);
        MESSAGE(what, ": ", latency * 1e3, " ms");
        CHECK(shows());
        CHECK(latency < bound);
        const std::string violation = testing::snapshotViolation(s, 4096);
        INFO(violation);
        CHECK(violation.empty());
    };
    timed("pause", [&] { engine->pause(); }, [&] { return !s.playing && !engine->progress().computing; });
    // The abandoned step left the run at step 0, on the particles it started from.
    CHECK(s.current.step == 0);
    CHECK(s.particles.theta == start.theta);
    CHECK(s.particles.w == start.w);
    CHECK(s.history.size() == 1);

    engine->play();
    while (!(engine->progress().computing && engine->progress().seconds > 0.2)) std::this_thread::sleep_for(1ms);
    timed("step size", [&] { engine->setStepSize(0.25); }, [&] { return s.scenario.dynamics.stepSize == 0.25; });
    timed("any key", [&] { engine->setValue("regularizer.lambda", "0.01"); },
          [&] { return s.scenario.regularizer.lambda == 0.01; });
    timed("pace", [&] { engine->setStepsPerSecondLimit(7.0); }, [&] { return s.stepsPerSecondLimit == 7.0; });
    timed("single steps", [&] { engine->step(3); }, [&] { return s.pendingSteps == 3 && !s.playing; });
    timed("particle count", [&] { engine->setParticleCount(slow.particleCount + 10); },
          [&] { return s.particles.count() == slow.particleCount + 10; });
    CHECK(!s.evaluated);  // its evaluation now runs: the next command interrupts that too
    timed("reset", [&] { engine->reset(); }, [&] { return s.generation > generation && s.particles.count() == slow.particleCount + 10 && s.current.step == 0; });
    timed("reseed", [&] { engine->reseed(9); }, [&] { return s.scenario.initSeed() == 9; });
    timed("new teacher", [&] { engine->newTeacher(11); }, [&] { return s.scenario.truthSeed() == 11; });
    timed("scenario", [&] { engine->loadScenario(loadScenarioNamed("relu-highdim")); },
          [&] { return s.scenario.name == "relu-highdim"; });
    // relu-highdim (d = 100) with a start of minutes. The resize itself draws millions of
    // coordinates and hands them over: the bound is that of the window (1 s), not of a command.
    const int huge = kSanitized ? 12000 : 40000;
    const double hugeBound = kSanitized ? 3.0 : 1.0;
    auto slowTimed = [&](const std::string& what, auto&& post, auto&& shows) {
        const double saved = bound;
        bound = hugeBound;
        timed(what, post, shows);
        bound = saved;
    };
    slowTimed("particle count of a long start", [&] { engine->setParticleCount(huge); },
              [&] { return s.particles.count() == huge; });
    slowTimed("play", [&] { engine->play(); }, [&] { return s.playing; });
    const auto quitting = Clock::now();
    engine.reset();  // quit: the destructor abandons the evaluation in flight and joins the worker
    const double quitSeconds = secondsSince(quitting);
    MESSAGE("quit: ", quitSeconds * 1e3, " ms");
    CHECK(quitSeconds < hugeBound);
}

TEST_CASE("a resize drawn in abandoned pieces gives the particles of one draw") {
    // Networks draw on the sphere, deconvolution on the torus with alternating weights; both
    // with steps linear in m, so the many new particles cost little to evaluate.
    for (const char* name : {"sigmoid2d", "deconv1d"}) {
        INFO(name);
        Scenario scenario = loadScenarioNamed(name);
        if (kSanitized) scenario.network.samples = 200;  // its 40001 units' evaluations took most of a minute
        Simulation direct(scenario), pieces(scenario);
        const int grown = kSanitized ? 40001 : 70001;  // three pieces or more either way
        direct.resize(grown);
        pieces.setDeferEvaluation(true);
        pieces.resize(grown);
        CHECK(pieces.growing());
        CHECK(pieces.particles().count() == scenario.particleCount);  // the old ones until it is done
        StepControl control;
        StepControlScope scope(&control);
        int tries = 0;
        for (; pieces.growing() && tries < 1000; ++tries) {
            control.clearAbandon();
            std::thread interrupter([&] {
                std::this_thread::sleep_for(2ms);
                control.requestAbandon();
            });
            try {
                pieces.completeGrowth();
            } catch (const StepAbandoned&) {
            }
            interrupter.join();
        }
        control.clearAbandon();
        pieces.completeEvaluation();
        MESSAGE(tries, " tries");
        CHECK(pieces.particles().theta == direct.particles().theta);
        CHECK(pieces.particles().w == direct.particles().w);
        CHECK(pieces.current().objective == direct.current().objective);
        direct.resize(grown + 99), pieces.resize(grown + 99);  // and the stream goes on the same
        pieces.completeEvaluation();
        CHECK(pieces.particles().theta == direct.particles().theta);
    }
}
