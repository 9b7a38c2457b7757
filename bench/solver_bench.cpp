// Steps per second of the solver on the benchmark cases of docs/performance.md, measured
// through Simulation::advance (dynamics step, mini-batch draw, evaluation, velocity and
// metrics), plus its memory: peak resident size, and heap allocations per step.
//
//   flowscope-bench CASE [--precision double|float] [--threads N] [--seconds S] [--particles M]
//                        [--kernel auto|pairwise]
//   CASE: relu-empirical | relu-population | sigmoid-minibatch | deconvolution | relu2d | preset:NAME
// relu2d is the relu2d preset's flow with M particles, its population risk summed by angle
// (--kernel auto) or over all pairs (--kernel pairwise).
//
// Prints one line of key=value pairs (read by report.py), with the kernel set the hot
// loops ran on (cpu_kernels.hpp; FLOWSCOPE_KERNELS=avx2|avx512|auto chooses). A preset
// runs whole, at its own step count, and reports the wall time of that run (one cell of a
// sweep).
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "allocation_counter.hpp"
#include "cpu_kernels.hpp"
#include "scenario_library.hpp"
#include "simulation.hpp"

using namespace flowscope;

namespace {

struct Options {
    std::string benchCase;
    std::string precision = "double";
    int threads = 1;
    double seconds = 3.0;
    int particles = 100000;
    std::string kernel = "auto";
};

Precision precisionOf(const Options& o) {
    const auto p = choiceNamed<Precision>(o.precision);
    if (!p) throw std::runtime_error("--precision must be double or float, not " + o.precision);
    return *p;
}

// The scenarios of the cases, built in code (peer_torch.py builds the same ones).
Scenario scenarioFor(const Options& o) {
    Scenario s;
    s.run.threads = o.threads;
    s.run.precision = precisionOf(o);
    s.run.recordEvery = 1000000;  // the history is not what is measured
    if (o.benchCase == "relu-empirical" || o.benchCase == "sigmoid-minibatch" || o.benchCase == "relu-population") {
        s.problem = ProblemKind::Network;
        s.truth.count = 5;
        s.truth.minSeparation = 0.0;
        s.init.kind = InitKind::Sphere;
        s.dynamics.kind = DynamicsKind::Euler;
        s.dynamics.stepSize = 0.01;
    }
    if (o.benchCase == "relu-empirical") {
        s.network = {Activation::Relu, 64, false, RiskKind::Empirical, 4096, 256};
        s.particleCount = 1024;
    } else if (o.benchCase == "relu-population") {
        s.network = {Activation::Relu, 100, false, RiskKind::Population, 1000, 256};
        s.particleCount = 2000;
    } else if (o.benchCase == "sigmoid-minibatch") {
        s.network = {Activation::Sigmoid, 32, false, RiskKind::MiniBatch, 1000, 256};
        s.particleCount = 4096;
    } else if (o.benchCase == "relu2d") {
        const RunSettings run = s.run;
        s = loadScenarioNamed("relu2d");
        s.run = run;
        s.particleCount = o.particles;
        const std::optional<PopulationKernel> kernel = choiceNamed<PopulationKernel>(o.kernel);
        if (!kernel) throw std::invalid_argument("--kernel: '" + o.kernel + "' is not auto or pairwise");
        s.network.populationKernel = *kernel;
    } else if (o.benchCase == "deconvolution") {
        // The deconv1d preset's flow (conic, l1) with many particles.
        s.problem = ProblemKind::Deconvolution;
        s.deconvolution.order = 7;
        s.regularizer = {RegularizerKind::L1, 0.2};
        s.particleCount = o.particles;
        s.init.kind = InitKind::Grid;
        s.init.radius = 0.5;
        s.init.weights = InitWeights::Alternating;
        s.dynamics.kind = DynamicsKind::Conic;
        s.dynamics.stepSize = 0.01;
        s.dynamics.positionScale = 0.01;
    } else {
        throw std::runtime_error("unknown case '" + o.benchCase + "'");
    }
    validateScenario(s, "benchmark");
    return s;
}

long currentRssBytes() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * sysconf(_SC_PAGESIZE);
}

// User + system CPU time of the process so far, all threads: on a shared machine the CPU
// time per step moves much less with the load than the wall time.
double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1e-6 * double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

long peakRssBytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss * 1024L;
}

// Bytes the particles themselves need: w and theta in double.
double particleBytes(const Simulation& sim) {
    const auto& p = sim.particles();
    return 8.0 * (p.w.size() + p.theta.size());
}

Options parse(int argc, char** argv) {
    Options o;
    if (argc < 2) throw std::runtime_error("usage: flowscope-bench CASE [--precision P] [--threads N] [--seconds S] [--particles M]");
    o.benchCase = argv[1];
    for (int k = 2; k + 1 < argc; k += 2) {
        const std::string key = argv[k], value = argv[k + 1];
        if (key == "--precision") o.precision = value;
        else if (key == "--threads") o.threads = std::stoi(value);
        else if (key == "--seconds") o.seconds = std::stod(value);
        else if (key == "--particles") o.particles = std::stoi(value);
        else if (key == "--kernel") o.kernel = value;
        else throw std::runtime_error("unknown option " + key);
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) try {
    const Options o = parse(argc, argv);
    const long baseline = currentRssBytes();
    using Clock = std::chrono::steady_clock;
    if (o.benchCase.rfind("preset:", 0) == 0) {
        Scenario s = loadScenarioNamed(o.benchCase.substr(7));
        s.run.threads = o.threads;
        s.run.precision = precisionOf(o);
        const auto start = Clock::now();
        Simulation sim(s);
        const std::int64_t steps = sim.run(s.run.steps);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        std::printf("case=%s steps=%lld seconds=%.6g steps_per_s=%.6g particles=%d peak_rss_bytes=%ld "
                    "bytes_per_particle=%.1f objective=%.6g\n",
                    o.benchCase.c_str(), static_cast<long long>(steps), seconds, steps / seconds, sim.particles().count(),
                    peakRssBytes(), double(peakRssBytes() - baseline) / sim.particles().count(), sim.current().objective);
        return 0;
    }
    const Scenario scenario = scenarioFor(o);
    Simulation sim(scenario, 16);
    for (int k = 0; k < 3; ++k) sim.advance();  // warm-up: buffers and thread pools settle
    const long allocationsBefore = allocationCount();
    const double cpuBefore = cpuSeconds();
    const auto start = Clock::now();
    std::int64_t steps = 0;
    double elapsed = 0.0;
    while (elapsed < o.seconds || steps < 3) {
        if (!sim.advance()) throw std::runtime_error("the benchmark flow diverged: " + sim.statusMessage());
        ++steps;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    const double cpuPerStep = (cpuSeconds() - cpuBefore) / double(steps);
    const double allocationsPerStep = double(allocationCount() - allocationsBefore) / steps;
    const long peak = peakRssBytes();
    const int m = sim.particles().count();
    std::printf("case=%s precision=%s threads=%d particles=%d steps=%lld seconds=%.6g steps_per_s=%.6g "
                "allocations_per_step=%.3g peak_rss_bytes=%ld bytes_per_particle=%.1f particle_bytes=%.0f "
                "objective=%.6g kernels=%s steps_per_cpu_s=%.6g\n",
                o.benchCase.c_str(), o.precision.c_str(), o.threads, m, static_cast<long long>(steps), elapsed,
                steps / elapsed, allocationsPerStep, peak, double(peak - baseline) / m, particleBytes(sim),
                sim.current().objective, cpuKernels().name, 1.0 / cpuPerStep);
    return 0;
} catch (const std::exception& e) {
    std::cerr << "flowscope-bench: " << e.what() << "\n";
    return 2;
}
