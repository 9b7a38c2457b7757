#pragma once
// The memory a run needs, counted before anything is allocated, and the checks against
// what the machine (or `ulimit -v`) gives. The estimate is an upper bound of the run's
// virtual size: the program itself, each worker thread's stack, the particles and their
// copies, the samples, and the scratch the kernels keep. docs/reliability.md: a run under
// `ulimit -v` at twice the estimate completes, whatever its length.
#include <string>

#include "scenario.hpp"

namespace flowscope {

// The program, its libraries and one thread's stack and heap arena, as mapped before a
// run allocates anything (measured about 8 MB here; counted twice for other builds).
constexpr double kProgramBytes = 16.0 * 1024 * 1024;

// Bytes a run of this scenario needs at most, with its resolved thread count.
double estimateMemoryBytes(const Scenario& scenario);

// The address space `ulimit -v` allows this process (infinity when unlimited).
double addressSpaceLimitBytes();

// Throws EnvironmentError when `needed` bytes exceed what `ulimit -v` allows: a run past it
// would fail midway (a worker thread that cannot get its stack ends the process). `what`
// names the work, e.g. "relu2d with 2 threads".
void requireAddressSpace(double needed, const std::string& what);

}  // namespace flowscope
