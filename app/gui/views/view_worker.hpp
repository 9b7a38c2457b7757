#pragma once
// A view's costly computation on a thread of its own, so that a frame never waits for it:
// the GUI thread posts a job (a closure holding copies of what it needs) when the worker is
// free, and takes the finished result at a later frame, drawing the last one meanwhile.
// The thread runs below the solver's priority (nice 10): when the cores are busy, the
// run's progress comes before the picture of it.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "thread_name.hpp"

namespace flowscope::gui {

void lowerThreadPriority();  // the calling thread's (density_worker.cpp)

template <class Result>
class ViewWorker {
public:
    ViewWorker() : thread_([this] { loop(); }) {}
    ~ViewWorker() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            quit_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }
    ViewWorker(const ViewWorker&) = delete;
    ViewWorker& operator=(const ViewWorker&) = delete;

    bool busy() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return busy_;
    }
    // Starts `job` unless a job is running (then false: nothing is queued, the caller tries
    // again at a later frame with what is newest then).
    bool post(std::function<Result()> job) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (busy_) return false;
            job_ = std::move(job);
            busy_ = true;
        }
        wake_.notify_one();
        return true;
    }
    // The newest finished result, once (false when none since the last take). Never waits
    // for a running job.
    bool take(Result& out) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!fresh_) return false;
        out = std::move(result_);
        fresh_ = false;
        return true;
    }
    // Scripted runs and clips only: each frame shows its own snapshot.
    void waitUntilIdle() {
        std::unique_lock<std::mutex> lock(mutex_);
        idle_.wait(lock, [&] { return !busy_; });
    }

private:
    void loop() {
        lowerThreadPriority();
        nameThisThread("view worker");
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return (busy_ && job_) || quit_; });
            if (quit_) return;
            std::function<Result()> job = std::move(job_);
            job_ = nullptr;
            lock.unlock();
            // A job that fails (memory, say) leaves the last result shown; the next post tries again.
            Result result{};
            bool done = true;
            try {
                result = job();
            } catch (...) {
                done = false;
            }
            lock.lock();
            if (done) result_ = std::move(result), fresh_ = true;
            busy_ = false;
            idle_.notify_all();
        }
    }

    mutable std::mutex mutex_;
    std::condition_variable wake_, idle_;
    bool busy_ = false, fresh_ = false, quit_ = false;
    std::function<Result()> job_;
    Result result_{};
    std::thread thread_;
};

}  // namespace flowscope::gui
