#include "background_sweep.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace flowscope::gui {

using Clock = std::chrono::steady_clock;

struct BackgroundSweep::Job {
    std::thread thread;
    std::atomic<bool> cancel{false};
    std::atomic<bool> done{false};
    std::atomic<std::int64_t> finished{0};
    Clock::time_point started = Clock::now();
    std::atomic<double> seconds{0.0};  // wall time of the whole sweep, once done
    std::mutex mutex;                  // guards the three below
    std::vector<SweepResult> results;
    std::size_t taken = 0;
    std::string error;

    void join() {
        if (thread.joinable()) thread.join();
    }
};

BackgroundSweep::~BackgroundSweep() {
    if (job_) job_->cancel = true;
    for (auto& j : retiring_) j->cancel = true;
    if (job_) job_->join();
    for (auto& j : retiring_) j->join();
}

void BackgroundSweep::start(std::shared_ptr<const SweepPlan> plan, int threads) {
    if (job_) {
        job_->cancel = true;
        if (job_->thread.joinable()) retiring_.push_back(job_);  // joined by poll() once it has ended
    }
    plan_ = std::move(plan);
    auto job = std::make_shared<Job>();
    // The worker holds its own references, so it may outlive this object's interest in it.
    job->thread = std::thread([job, plan = plan_, threads] {
        try {
            runSweep(*plan, plan->cells(), threads,
                     [&](const SweepResult& r) {
                         std::lock_guard<std::mutex> lock(job->mutex);
                         job->results.push_back(r);
                         ++job->finished;
                     },
                     job->cancel);
        } catch (const std::exception& e) {
            std::lock_guard<std::mutex> lock(job->mutex);
            job->error = e.what();
        }
        job->seconds = std::chrono::duration<double>(Clock::now() - job->started).count();
        job->done = true;
    });
    job_ = std::move(job);
}

void BackgroundSweep::stop() {
    if (job_) job_->cancel = true;  // its results stay readable until the next start
}

void BackgroundSweep::poll() {
    for (auto it = retiring_.begin(); it != retiring_.end();) {
        if ((*it)->done) {
            (*it)->join();  // the worker has returned: this join is immediate
            it = retiring_.erase(it);
        } else {
            ++it;
        }
    }
    if (job_ && job_->done) job_->join();
}

std::size_t BackgroundSweep::take(std::vector<SweepResult>& out) {
    if (!job_) return 0;
    std::lock_guard<std::mutex> lock(job_->mutex);
    const std::size_t fresh = job_->results.size() - job_->taken;
    out.insert(out.end(), job_->results.begin() + static_cast<std::ptrdiff_t>(job_->taken), job_->results.end());
    job_->taken = job_->results.size();
    return fresh;
}

BackgroundSweep::State BackgroundSweep::state() const {
    if (!job_) return State::Idle;
    if (!job_->done) return job_->cancel ? State::Stopping : State::Running;
    if (!error().empty()) return State::Failed;
    return job_->cancel ? State::Stopped : State::Finished;
}

std::int64_t BackgroundSweep::finished() const { return job_ ? job_->finished.load() : 0; }

double BackgroundSweep::elapsedSeconds() const {
    if (!job_) return 0.0;
    if (job_->done) return job_->seconds;
    return std::chrono::duration<double>(Clock::now() - job_->started).count();
}

std::string BackgroundSweep::error() const {
    if (!job_) return {};
    std::lock_guard<std::mutex> lock(job_->mutex);
    return job_->error;
}

}  // namespace flowscope::gui
