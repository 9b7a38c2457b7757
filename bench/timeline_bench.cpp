// The timeline's memory and replay cost at scale: R runs of M particles (deconv1d, its
// particles on a grid, one seed per run) stepped in lockstep, each keeping a timeline under
// one shared keyframe budget; then seeks to random earlier steps of each run.
//
//   flowscope-timeline-bench [--runs R] [--particles M] [--steps N] [--budget-mb B] [--seeks K]
//
// Prints key=value lines: the budget used against its limit (and the peak over the run),
// each timeline's keyframes and stride, the mean time of a step and of a seek, and their
// ratio (a seek costs that many steps).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "comparison.hpp"
#include "rng.hpp"
#include "scenario_library.hpp"
#include "timeline.hpp"

using namespace flowscope;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    int runs = 4, particles = 100000, steps = 1000, seeks = 20;
    double budgetMb = 512;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const double value = std::atof(argv[i + 1]);
        if (key == "--runs") runs = int(value);
        else if (key == "--particles") particles = int(value);
        else if (key == "--steps") steps = int(value);
        else if (key == "--budget-mb") budgetMb = value;
        else if (key == "--seeks") seeks = int(value);
        else {
            std::fprintf(stderr, "flowscope-timeline-bench: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    auto budget = std::make_shared<KeyframeBudget>(std::size_t(budgetMb * 1024 * 1024));
    std::vector<std::unique_ptr<Simulation>> sims;
    std::vector<std::unique_ptr<Timeline>> timelines;
    std::vector<Simulation*> order;
    for (int r = 0; r < runs; ++r) {
        Scenario s = loadScenarioNamed("deconv1d");
        s.particleCount = particles;
        s.run.steps = steps;
        s.init.seed = std::uint64_t(r + 1);
        sims.push_back(std::make_unique<Simulation>(s, 4096));
        timelines.push_back(std::make_unique<Timeline>(budget));
        timelines.back()->observe(*sims.back());
        order.push_back(sims.back().get());
    }
    std::size_t peak = budget->used();
    const auto begin = Clock::now();
    runInLockstep(order, [&](std::size_t r) {
        timelines[r]->observe(*sims[r]);
        peak = std::max(peak, budget->used());
    });
    const double stepSeconds = std::chrono::duration<double>(Clock::now() - begin).count() / (double(runs) * steps);

    Rng pick(1);
    Simulation replayed(sims.front()->scenario());
    double seekSeconds = 0.0;
    for (int k = 0; k < seeks; ++k) {
        const Timeline& t = *timelines[k % runs];
        const std::int64_t step = std::int64_t(pick.uniform() * double(t.lastStep() + 1));
        const auto t0 = Clock::now();
        t.replay(replayed, step);
        seekSeconds += std::chrono::duration<double>(Clock::now() - t0).count();
    }
    seekSeconds /= std::max(1, seeks);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("runs=%d particles=%d steps=%d\n", runs, particles, steps);
    std::printf("budget_mb=%.1f used_mb=%.1f peak_mb=%.1f share_mb=%.1f\n", budgetMb, budget->used() / 1048576.0,
                peak / 1048576.0, budget->share() / 1048576.0);
    for (int r = 0; r < runs; ++r)
        std::printf("run=%d keyframes=%zu stride=%lld bytes_mb=%.1f\n", r, timelines[r]->keyframes().size(),
                    (long long)timelines[r]->stride(), timelines[r]->bytes() / 1048576.0);
    std::printf("step_ms=%.3f seek_ms=%.3f seek_in_steps=%.1f peak_rss_mb=%.0f\n", stepSeconds * 1e3, seekSeconds * 1e3,
                seekSeconds / stepSeconds, usage.ru_maxrss / 1024.0);
    return peak <= budget->limit() ? 0 : 1;
}
