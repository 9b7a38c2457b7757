#pragma once
// A progress bar with an ETA on the terminal (one updated line on a terminal, a line
// every tenth of the work otherwise, so logs stay short).
#include <chrono>
#include <cstdint>
#include <string>

namespace flowscope::cli {

class Progress {
public:
    Progress(std::int64_t total, std::int64_t alreadyDone, bool quiet);
    void advance(const std::string& note);
    void finish();

private:
    void draw(const std::string& note);

    std::int64_t total_, done_, doneAtStart_;
    bool quiet_, terminal_;
    int lastDecile_ = -1;
    std::chrono::steady_clock::time_point start_;
};

std::string formatDuration(double seconds);

}  // namespace flowscope::cli
