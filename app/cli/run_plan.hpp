#pragma once
// `run --dry-run`: what a run will need, said before it starts. The output folder is
// checked as a real run checks it (kind, lock, writability) and left as it was.
#include <string>

#include "scenario.hpp"

namespace flowscope::cli {

// Prints the plan (steps, threads, memory and the `ulimit -v` that holds it, a rough
// duration) and returns the exit code, 0.
int describePlan(const Scenario& scenario, const std::string& out);

}  // namespace flowscope::cli
