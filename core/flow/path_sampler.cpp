#include "path_sampler.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope {

std::int64_t PathSampler::slotOf(std::int64_t step, double time, double eta, int perDecade) {
    if (step <= kEveryStepUntil) return step;
    // Counted from t = eta so that slots continue the per-step ones without a gap.
    const double decades = std::log10(std::max(time, eta) / eta);
    return kEveryStepUntil + 1 + static_cast<std::int64_t>(std::floor(decades * perDecade));
}

void PathSampler::observe(const ParticleSet& particles, std::int64_t step, double time, double eta,
                          std::uint64_t generation) {
    if (generation != generation_ || step < lastStep_) {  // a new run, or one loaded at an earlier step
        generation_ = generation;
        lastSlot_ = -1;
    }
    lastStep_ = step;
    const std::int64_t slot = slotOf(step, time, eta, perDecade_);
    if (slot == lastSlot_) return;
    lastSlot_ = slot;

    PathFrame frame;
    frame.generation = generation, frame.step = step, frame.time = time;
    frame.count = particles.count();
    frame.stride = std::max(1, (frame.count + maxTracked_ - 1) / maxTracked_);
    const int tracked = (frame.count + frame.stride - 1) / frame.stride;
    frame.tracked = ParticleSet(tracked, particles.dim());
    for (int k = 0; k < tracked; ++k) {
        frame.tracked.w[k] = particles.w[k * frame.stride];
        frame.tracked.theta.col(k) = particles.theta.col(k * frame.stride);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (waiting_.size() >= kMaxWaiting) {
        std::size_t kept = 0;
        for (std::size_t i = 0; i < waiting_.size(); i += 2) waiting_[kept++] = std::move(waiting_[i]);
        waiting_.resize(kept);
    }
    waiting_.push_back(std::move(frame));
}

void PathSampler::take(std::vector<PathFrame>& out) {
    out.clear();
    std::lock_guard<std::mutex> lock(mutex_);
    std::swap(out, waiting_);
}

}  // namespace flowscope
