#pragma once
// The files a run leaves in its output folder: history.csv, particles.csv, truth.csv and
// the fully resolved scenario.json (running it again reproduces the run bit for bit).
#include <string>

#include "simulation.hpp"

namespace flowscope::cli {

void writeHistoryCsv(const std::string& path, const LossHistory& history);
void writeRunOutput(const std::string& folder, const Simulation& simulation);

}  // namespace flowscope::cli
