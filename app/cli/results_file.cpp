#include "results_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

#include "file_io.hpp"
#include "input_error.hpp"
#include "sweep_results.hpp"

namespace flowscope::cli {

namespace {
// kMaxSweepCells rows of a few hundred bytes each, with room to spare.
constexpr std::uint64_t kMaxResultsBytes = std::uint64_t(4) << 30;
}

ResultsFile::ResultsFile(const std::string& path, const SweepPlan& plan) : path_(path) {
    std::string text;
    if (::access(path.c_str(), F_OK) == 0) text = readRegularFile(path, "results file", kMaxResultsBytes);
    SweepResultsReading reading = readSweepResults(text, plan, path);
    for (const auto& problem : reading.problems)
        std::cerr << "flowscope-cli: " << problem << "; the row is dropped and its cell runs again\n";
    if (reading.empty) reading.keptText = sweepResultsHeader(plan) + "\n";
    if (reading.empty || !reading.clean) writeFileAtomically(path, reading.keptText, "results file");
    finished_ = std::move(reading.finished);
    size_ = reading.keptText.size();
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd_ < 0) throwFileError(path, "cannot write the results file", errno);
}

ResultsFile::~ResultsFile() {
    if (fd_ >= 0) ::close(fd_);
}

void ResultsFile::append(const SweepResult& r) {
    const std::string line = formatSweepResult(r);
    try {
        // One write of the whole line, then synced: a finished row survives a crash.
        writeAll(fd_, line, path_);
        if (::fsync(fd_) != 0) throwFileError(path_, "cannot write a result", errno);
    } catch (...) {
        // Cut a partly written row back off, so the file still ends with a whole row.
        if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
        }
        throw;
    }
    size_ += line.size();
    finished_.insert(r.cell.index);
}

}  // namespace flowscope::cli
