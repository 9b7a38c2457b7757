#pragma once
// The files a run leaves in its output folder: history.csv, particles.csv, truth.csv and
// the fully resolved scenario.json (running it again reproduces the run bit for bit).
#include <fstream>
#include <memory>
#include <string>

#include "simulation.hpp"

namespace flowscope::cli {

// Particle paths: rows step,time,particle,w,theta0,... appended at chosen steps.
class TrajectoryFile {
public:
    TrajectoryFile(const std::string& path, int dim);
    void record(const Simulation& simulation);

private:
    std::string path_;
    std::unique_ptr<std::ofstream> out_;
};

void writeHistoryCsv(const std::string& path, const LossHistory& history);
void writeRunOutput(const std::string& folder, const Simulation& simulation);

}  // namespace flowscope::cli
