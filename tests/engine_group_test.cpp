// Runs side by side: engines of different step sizes and costs advance in lockstep on
// flow time, group commands reach every run, and the timeline shows and forks earlier
// states. Run it under ThreadSanitizer too (scripts/test.sh: the engine label).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "engine_group.hpp"
#include "rng.hpp"
#include "snapshot_invariants.hpp"
#include "test_support.hpp"

using namespace flowscope;
using namespace std::chrono_literals;

namespace {

// Four runs of one deconvolution: step sizes 0.01 down to 0.0025 and 20 to 400 particles,
// so in a free race the cheap coarse run would be far ahead.
std::vector<GroupRun> fourRuns() {
    std::vector<GroupRun> runs;
    const double etas[] = {0.01, 0.005, 0.0025, 0.01};
    const int counts[] = {20, 100, 400, 50};
    for (int r = 0; r < 4; ++r) {
        Scenario s = testing::deconvolutionScenario(1, "dirichlet");
        s.deconvolution.noise = 0.0;
        s.dynamics.stepSize = etas[r];
        s.particleCount = counts[r];
        s.run.steps = 1000000;
        runs.push_back({"run " + std::to_string(r), s});
    }
    return runs;
}

std::vector<Snapshot> snapshots(EngineGroup& group) {
    std::vector<Snapshot> out(group.size());
    for (std::size_t r = 0; r < group.size(); ++r) group.latest(r, out[r]);
    return out;
}

double timeSpread(const std::vector<Snapshot>& shots) {
    double lo = 1e300, hi = -1e300;
    for (const Snapshot& s : shots) lo = std::min(lo, s.current.time), hi = std::max(hi, s.current.time);
    return hi - lo;
}

constexpr double kLargestStep = 0.01;

}  // namespace

TEST_CASE("runs of different step sizes and costs stay within one step of each other on flow time") {
    EngineGroup group(fourRuns());
    group.play();
    double worst = 0.0;
    for (int k = 0; k < 150; ++k) {
        worst = std::max(worst, group.gate().spread());
        std::this_thread::sleep_for(2ms);
    }
    group.pause();
    group.sync();
    const auto shots = snapshots(group);
    CHECK(worst <= kLargestStep * (1 + 1e-9));
    CHECK(timeSpread(shots) <= kLargestStep * (1 + 1e-9));
    CHECK(shots[0].current.time > 0.05);  // they did move
    // The finer runs took proportionally more steps for the same flow time.
    CHECK(shots[2].current.step >= 4 * shots[0].current.step - 4);

    // Set free, the cheap coarse run runs away from the costly fine one.
    group.setLockstep(false);
    group.play();
    std::this_thread::sleep_for(300ms);
    group.pause();
    group.sync();
    const auto free = snapshots(group);
    CHECK(free[0].current.time - free[2].current.time > 10 * kLargestStep);
}

TEST_CASE("group commands reach every run: step by flow time, seek, fork and reset") {
    EngineGroup group(fourRuns());
    group.step();  // one step of the coarsest: the finer runs take 2 and 4
    group.waitForSteps();
    auto shots = snapshots(group);
    CHECK(shots[0].current.step == 1);
    CHECK(shots[1].current.step == 2);
    CHECK(shots[2].current.step == 4);
    for (const Snapshot& s : shots) CHECK(s.current.time == doctest::Approx(0.01));

    group.step(0.5);
    group.waitForSteps();
    shots = snapshots(group);
    for (const Snapshot& s : shots) CHECK(s.current.time == doctest::Approx(0.51));

    // The past: every run shows flow time 0.2, exactly as it was then; the runs stay at 0.51.
    group.seekTime(0.2 + 1e-12);
    group.sync();
    shots = snapshots(group);
    for (const Snapshot& s : shots) {
        CHECK(s.past);
        CHECK(s.current.time == doctest::Approx(0.2));
        CHECK(s.liveTime == doctest::Approx(0.51));
        CHECK(testing::snapshotViolation(s, 4096) == "");
    }
    CHECK(shots[2].current.step == 80);
    // The same state as a fresh run of 80 steps reaches.
    {
        Simulation fresh(fourRuns()[2].scenario);
        fresh.advanceBy(80);
        CHECK(shots[2].particles.theta == fresh.particles().theta);
        CHECK(shots[2].particles.w == fresh.particles().w);
    }
    // Continue from there: the later history is dropped.
    group.fork();
    group.sync();
    shots = snapshots(group);
    for (const Snapshot& s : shots) {
        CHECK(!s.past);
        CHECK(s.current.time == doctest::Approx(0.2));
        CHECK(s.history.back().step == s.current.step);
    }
    group.reset();
    group.sync();
    shots = snapshots(group);
    for (const Snapshot& s : shots) CHECK(s.current.step == 0);
    group.remove(1);
    CHECK(group.size() == 3);
    group.step();
    group.waitForSteps();
    CHECK(snapshots(group)[2].current.step == 1);  // the former fourth run
}

TEST_CASE("command storms on four runs in lockstep keep every snapshot sound and never stall a reader") {
    EngineGroupOptions options;
    options.engine.publishInterval = std::chrono::microseconds(1000);
    options.keyframeBudget = std::size_t(1) << 20;  // small: thinned often
    EngineGroup group(fourRuns(), options);
    std::atomic<bool> stop{false};
    auto storm = [&](std::uint64_t seed) {
        Rng rng(seed);
        while (!stop) {
            switch (rng.next() % 8) {
                case 0: group.play(); break;
                case 1: group.pause(); break;
                case 2: group.step(); break;
                case 3: group.seekTime(rng.uniform() * 0.3); break;
                case 4: group.fork(); break;
                case 5: if (rng.uniform() < 0.2) group.reset(); break;
                case 6: group.setLockstep(rng.uniform() < 0.8); break;
                default: group.engine(rng.next() % 4).setValue("dynamics.step_size", rng.uniform() < 0.5 ? "0.005" : "0.01");
            }
            std::this_thread::sleep_for(std::chrono::microseconds(200 + rng.next() % 800));
        }
    };
    std::thread a(storm, 1), b(storm, 2);
    std::vector<Snapshot> shots(4);
    const auto end = std::chrono::steady_clock::now() + 1500ms;
    double slowest = 0.0;
    std::size_t published = 0;
    std::string firstViolation;
    while (std::chrono::steady_clock::now() < end) {
        for (std::size_t r = 0; r < 4; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            const bool fresh = group.latest(r, shots[r]);
            slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            if (!fresh) continue;
            ++published;
            const std::string violation = testing::snapshotViolation(shots[r], 4096);
            if (!violation.empty()) firstViolation = violation;
        }
        std::this_thread::sleep_for(1ms);
    }
    stop = true;
    a.join();
    b.join();
    group.pause();
    group.sync();
    CHECK(firstViolation == "");
    CHECK(published > 20);
    CHECK(slowest < 0.05);
    CHECK(group.keyframes()->used() <= group.keyframes()->limit());
}
