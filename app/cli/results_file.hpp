#pragma once
// The results of a sweep, one CSV row per finished run, appended as runs finish so that
// an interrupted sweep never loses a finished row and can resume where it stopped.
// Each row goes out in one append-mode write followed by fsync; on opening, a last
// line cut short by a kill is dropped, and the cells already present are reported.
#include <set>
#include <string>

#include "sweep.hpp"

namespace flowscope::cli {

class ResultsFile {
public:
    // Opens (creating if needed) path for the plan's columns. Throws InputError if an
    // existing file has other columns (another sweep's results).
    ResultsFile(const std::string& path, const SweepPlan& plan);
    ~ResultsFile();
    ResultsFile(const ResultsFile&) = delete;
    ResultsFile& operator=(const ResultsFile&) = delete;

    const std::set<std::int64_t>& finishedCells() const { return finished_; }
    void append(const SweepResult& result);

    static std::string header(const SweepPlan& plan);

private:
    std::string path_;
    int fd_ = -1;
    std::set<std::int64_t> finished_;
};

std::string statusName(RunStatus status);

}  // namespace flowscope::cli
