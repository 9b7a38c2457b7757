#include "run_plan.hpp"

#include <cmath>
#include <iostream>

#include "memory_estimate.hpp"
#include "output_folder.hpp"
#include "parallel.hpp"
#include "step_cost.hpp"

namespace flowscope::cli {

namespace {
std::string megabytes(double bytes) { return std::to_string(static_cast<long long>(std::ceil(bytes / 1048576.0))); }
}  // namespace

int describePlan(const Scenario& scenario, const std::string& out) {
    { const OutputFolder probe(out); }  // the checks a run makes first; the staging folder goes again
    const int threads = resolveThreadCount(scenario.run.threads);
    const double memory = estimateMemoryBytes(scenario);
    const double seconds = StepCostModel().estimateSeconds(scenario) * double(scenario.run.steps);
    std::cout << scenario.name << ": " << scenario.run.steps << " steps, " << scenario.particleCount << " particles, "
              << threads << (threads == 1 ? " thread\n" : " threads\n")
              << "memory: at most about " << megabytes(memory) << " MB (ulimit -v " << 2 * std::ceil(memory / 1024.0)
              << " holds it with room to spare)\n"
              << "time: roughly " << describeDuration(seconds) << " (before any step is timed, good to a factor of a few)\n"
              << "output: " << out << " (writable; nothing written)\n";
    return 0;
}

}  // namespace flowscope::cli
