#pragma once
// Abandoning a long evaluation, and watching how far it got.
//
// A step of a large problem can take minutes (the exact population risk is O(m^2 d)).
// Whoever steers the run (the engine's command queue, a signal in the headless tool) must
// not wait for it: the parallel loops of an evaluation (parallel.hpp) look at the calling
// thread's StepControl between their items, skip the rest once it asks them to, and
// throw StepAbandoned when they return. A Simulation computes every step into scratch
// buffers and swaps them in at the end, so an abandoned step leaves the state as it was.
//
// The loops also count the work they have done (in the rough operation counts they use
// to decide on threads), so a slow step can show its progress.
#include <atomic>
#include <cstdint>
#include <exception>

namespace flowscope {

// Thrown by an evaluation whose StepControl asked it to stop; the state it was computing
// is dropped, and nothing it was computed from changed.
struct StepAbandoned : std::exception {
    const char* what() const noexcept override { return "step abandoned"; }
};

class StepControl {
public:
    // Async-signal-safe (a lock-free store), so a signal handler may call it.
    void requestAbandon() { abandon_.store(true, std::memory_order_relaxed); }
    void clearAbandon() { abandon_.store(false, std::memory_order_relaxed); }
    bool abandonRequested() const { return abandon_.load(std::memory_order_relaxed); }

    void addWork(double work) { workDone_.fetch_add(static_cast<std::uint64_t>(work), std::memory_order_relaxed); }
    std::uint64_t workDone() const { return workDone_.load(std::memory_order_relaxed); }

private:
    static_assert(std::atomic<bool>::is_always_lock_free, "requestAbandon is called from signal handlers");
    std::atomic<bool> abandon_{false};
    std::atomic<std::uint64_t> workDone_{0};
};

// The control of the calling thread's evaluations (nullptr: they cannot be abandoned).
// Worker threads of a parallel loop do not have it: the loop reads it before it starts.
inline StepControl*& currentStepControl() {
    thread_local StepControl* control = nullptr;
    return control;
}

// Installs a control for the calling thread for the scope's lifetime.
class StepControlScope {
public:
    explicit StepControlScope(StepControl* control) : previous_(currentStepControl()) { currentStepControl() = control; }
    ~StepControlScope() { currentStepControl() = previous_; }
    StepControlScope(const StepControlScope&) = delete;
    StepControlScope& operator=(const StepControlScope&) = delete;

private:
    StepControl* previous_;
};

// Throws StepAbandoned when the calling thread's control asks to stop. Call it only on the
// thread that owns the control, outside parallel regions.
inline void checkAbandon() {
    const StepControl* control = currentStepControl();
    if (control && control->abandonRequested()) throw StepAbandoned();
}

}  // namespace flowscope
