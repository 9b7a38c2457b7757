#pragma once
// The files a run leaves in its output folder: history.csv, particles.csv, truth.csv and
// the fully resolved scenario.json (running it again reproduces the run bit for bit),
// all written into the folder's staging place (output_folder.hpp) and put in place
// together. history.csv (and trajectories.csv) grow as the run goes, so a run of any
// length holds only a bounded history in memory.
#include <memory>
#include <string>

#include "output_folder.hpp"
#include "simulation.hpp"

namespace flowscope::cli {

// A file written as it grows: buffered, every write checked, synced on close().
class StreamedFile {
public:
    // `path`: where it is written; `shown`: the name messages give (its final place).
    StreamedFile(const std::string& path, const std::string& shown);
    ~StreamedFile();
    StreamedFile(const StreamedFile&) = delete;
    StreamedFile& operator=(const StreamedFile&) = delete;
    void add(const std::string& text);
    void close();

private:
    void flush();
    std::string shown_, buffer_;
    int fd_ = -1;
};

// One row of a history.csv (without its newline), every number exact to 17 digits.
constexpr const char* kHistoryHeader = "step,time,objective,loss,regularizer,excess,grad_norm,test_loss,accuracy,test_accuracy";
std::string historyRow(const HistoryPoint& point);

// history.csv, a row for every row the run's history records.
class HistoryCsv {
public:
    explicit HistoryCsv(const OutputFolder& out);
    void add(const HistoryPoint& point);
    void close() { file_.close(); }

private:
    StreamedFile file_;
};

// Particle paths: rows step,time,particle,w,theta0,... appended at chosen steps.
class TrajectoryFile {
public:
    TrajectoryFile(const OutputFolder& out, int dim);
    void record(const Simulation& simulation);
    void close() { file_.close(); }

private:
    StreamedFile file_;
};

// particles.csv, truth.csv and scenario.json, then the folder is put in place.
void writeRunOutput(OutputFolder& out, const Simulation& simulation);

}  // namespace flowscope::cli
