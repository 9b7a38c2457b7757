#include "results_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "input_error.hpp"

namespace flowscope::cli {

std::string statusName(RunStatus status) {
    switch (status) {
        case RunStatus::Converged: return "converged";
        case RunStatus::Diverged: return "diverged";
        case RunStatus::Running: break;
    }
    return "steps";  // ran its whole step budget
}

std::string ResultsFile::header(const SweepPlan& plan) {
    std::string h = "cell";
    for (const auto& axis : plan.axes()) h += "," + axis.key;
    return h + ",seed,status,steps,time,objective,excess,initial_objective,grad_norm,recovered,wall_seconds";
}

namespace {
std::size_t countFields(const std::string& line) { return std::count(line.begin(), line.end(), ',') + 1; }

// Values from the grid may contain commas only inside JSON arrays; quote them for CSV.
std::string csvField(const std::string& value) {
    return value.find(',') == std::string::npos ? value : "\"" + value + "\"";
}
}  // namespace

ResultsFile::ResultsFile(const std::string& path, const SweepPlan& plan) : path_(path) {
    const std::string expected = header(plan);
    std::string text;
    {
        std::ifstream in(path, std::ios::binary);
        if (in) {
            std::ostringstream all;
            all << in.rdbuf();
            text = all.str();
        }
    }
    // Keep the complete lines only: a kill during a write leaves at most one partial line.
    std::size_t keep = 0;
    bool headerSeen = false;
    for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        const std::string line = text.substr(start, end - start);
        if (!headerSeen) {
            if (line != expected)
                throw InputError(path + ": holds another sweep's results (columns '" + line.substr(0, 120) +
                                 "'); choose another --out");
            headerSeen = true;
        } else {
            if (countFields(line) < countFields(expected)) break;  // a damaged row: drop it and what follows
            finished_.insert(std::stoll(line.substr(0, line.find(','))));
        }
        keep = end + 1;
    }
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT, 0644);
    if (fd_ < 0) throw InputError(path + ": cannot write the results file");
    if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0) throw InputError(path + ": cannot repair the results file");
    ::close(fd_);
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND);
    if (fd_ < 0) throw InputError(path + ": cannot write the results file");
    if (!headerSeen) {
        const std::string line = expected + "\n";
        if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            throw InputError(path + ": cannot write the results file");
    }
}

ResultsFile::~ResultsFile() {
    if (fd_ >= 0) ::close(fd_);
}

void ResultsFile::append(const SweepResult& r) {
    std::ostringstream row;
    row.precision(17);
    row << r.cell.index;
    for (const auto& value : r.cell.values) row << ',' << csvField(value);
    row << ',' << r.cell.seed << ',' << statusName(r.status) << ',' << r.steps << ',' << r.time << ',' << r.objective
        << ',' << r.excess << ',' << r.initialObjective << ',' << r.gradNorm << ',' << r.recovered << ','
        << r.wallSeconds << '\n';
    const std::string line = row.str();
    // One write of the whole line: rows from concurrent shards never interleave.
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fsync(fd_) != 0)
        throw InputError(path_ + ": writing a result failed (disk full?)");
    finished_.insert(r.cell.index);
}

}  // namespace flowscope::cli
