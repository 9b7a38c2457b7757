#pragma once
// Processor time of the process's threads by name (/proc/self/task: the solver, the views'
// workers, the renderer's threads, the GUI thread under the program's name), to say where a
// window's cores go while it runs (the benchmark's "window as used").
#include <map>
#include <string>

namespace flowscope::gui {

// Seconds of CPU (user and system) each name's threads have used so far; threads of the same
// name, and a software renderer's numbered ones (llvmpipe-0, -1, ...), are added up.
std::map<std::string, double> threadCpuByName();
// "solver 0.99, llvmpipe 0.24, ..." : the cores each name took between two readings over
// `seconds` of wall time, the busiest first.
std::string threadCpuShares(const std::map<std::string, double>& before, const std::map<std::string, double>& after,
                            double seconds);

}  // namespace flowscope::gui
