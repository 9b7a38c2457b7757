#pragma once
// A sweep (core/run/sweep.hpp) run on its own thread while the window keeps drawing.
// The worker appends each finished cell to a list under a mutex held only for the
// append; the GUI copies what is new once per frame with take(). Stopping sets the
// cancel flag and returns at once: the worker is joined later, when it has noticed
// (a cell checks the flag every few dozen steps), so the GUI never waits for it.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sweep.hpp"

namespace flowscope::gui {

class BackgroundSweep {
public:
    enum class State { Idle, Running, Stopping, Finished, Stopped, Failed };

    BackgroundSweep() = default;
    ~BackgroundSweep();  // cancels and joins (at exit, so a cell in flight may delay it briefly)
    BackgroundSweep(const BackgroundSweep&) = delete;
    BackgroundSweep& operator=(const BackgroundSweep&) = delete;

    // Starts the plan's cells on `threads` workers; a sweep still running is stopped first.
    void start(std::shared_ptr<const SweepPlan> plan, int threads);
    void stop();
    // Appends the results that arrived since the last call; returns how many.
    std::size_t take(std::vector<SweepResult>& out);
    // Joins a worker that has ended; call once per frame (never blocks).
    void poll();

    State state() const;
    bool busy() const { const State s = state(); return s == State::Running || s == State::Stopping; }
    std::int64_t finished() const;
    std::int64_t total() const { return plan_ ? plan_->cellCount() : 0; }
    double elapsedSeconds() const;
    const std::shared_ptr<const SweepPlan>& plan() const { return plan_; }
    std::string error() const;

private:
    struct Job;  // one sweep's thread, flags and results, shared with its worker

    std::shared_ptr<const SweepPlan> plan_;
    std::shared_ptr<Job> job_;
    std::vector<std::shared_ptr<Job>> retiring_;  // stopped sweeps whose workers have not yet ended
};

}  // namespace flowscope::gui
