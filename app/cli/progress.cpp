#include "progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace flowscope::cli {

std::string formatDuration(double seconds) {
    if (!std::isfinite(seconds)) return "?";
    const long s = std::lround(seconds);
    char text[32];
    if (s >= 3600) std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, (s / 60) % 60);
    else if (s >= 60) std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
    else std::snprintf(text, sizeof text, "%lds", s);
    return text;
}

Progress::Progress(std::int64_t total, std::int64_t alreadyDone, bool quiet)
    : total_(total), done_(alreadyDone), doneAtStart_(alreadyDone), quiet_(quiet), terminal_(isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()) {
    if (!quiet_ && alreadyDone > 0)
        std::fprintf(stderr, "resuming: %lld of %lld cells already done\n", (long long)alreadyDone, (long long)total);
    draw("");
}

void Progress::advance(const std::string& note) {
    ++done_;
    draw(note);
}

void Progress::draw(const std::string& note) {
    if (quiet_ || total_ == 0) return;
    const double fraction = double(done_) / total_;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const std::int64_t doneHere = done_ - doneAtStart_;
    const double eta = doneHere > 0 ? elapsed / doneHere * (total_ - done_) : NAN;
    const int decile = static_cast<int>(fraction * 10);
    if (!terminal_ && decile == lastDecile_ && done_ != total_) return;
    lastDecile_ = decile;
    const int width = 30, filled = static_cast<int>(fraction * width);
    std::string bar(filled, '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "%s[%s] %lld/%lld cells %3.0f%%  elapsed %s  ETA %s  %s%s", terminal_ ? "\r" : "",
                 bar.c_str(), (long long)done_, (long long)total_, 100 * fraction, formatDuration(elapsed).c_str(),
                 formatDuration(eta).c_str(), note.c_str(), terminal_ ? "\033[K" : "\n");
    std::fflush(stderr);
}

void Progress::finish() {
    if (!quiet_ && terminal_) std::fprintf(stderr, "\n");
}

}  // namespace flowscope::cli
