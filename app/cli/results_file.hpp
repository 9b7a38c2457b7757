#pragma once
// The results of a sweep on disk (the text is core/run/sweep_results.hpp's), one row per
// finished run, appended as runs finish so that an interrupted sweep never loses a
// finished row and can resume where it stopped. Each row goes out in one append-mode
// write followed by fsync; a write that fails (a full disk) is cut back off, so the file
// always ends with a whole row. On opening, damaged rows (cut short by a kill, corrupted)
// are reported with their line on stderr and the file is repaired (rewritten beside it
// and renamed) to its good rows; their cells run again.
#include <set>
#include <string>

#include "sweep.hpp"

namespace flowscope::cli {

class ResultsFile {
public:
    // Opens (creating if needed) path for the plan's columns. Throws InputError if an
    // existing file has other columns (another sweep's results). The caller holds the
    // sweep folder's lock.
    ResultsFile(const std::string& path, const SweepPlan& plan);
    ~ResultsFile();
    ResultsFile(const ResultsFile&) = delete;
    ResultsFile& operator=(const ResultsFile&) = delete;

    const std::set<std::int64_t>& finishedCells() const { return finished_; }
    void append(const SweepResult& result);

private:
    std::string path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;  // bytes of whole rows
    std::set<std::int64_t> finished_;
};

}  // namespace flowscope::cli
