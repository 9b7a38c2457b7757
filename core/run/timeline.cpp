#include "timeline.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "input_error.hpp"

namespace flowscope {

namespace {
bool powerOfTwo(std::int64_t step) { return step > 0 && (step & (step - 1)) == 0; }

std::size_t keyframeBytes(const SimulationState& s) {
    return sizeof(Keyframe) + sizeof(double) * (std::size_t(s.particles.w.size()) + std::size_t(s.particles.theta.size()) +
                                                s.recentObjectives.size());
}
}  // namespace

Timeline::Timeline(std::shared_ptr<KeyframeBudget> budget)
    : budget_(budget ? std::move(budget) : std::make_shared<KeyframeBudget>()) {
    ++budget_->members_;
}

Timeline::~Timeline() {
    clear();
    --budget_->members_;
}

void Timeline::clear() {
    budget_->used_ -= bytes_;
    bytes_ = 0;
    keyframes_.clear();
    segments_.clear();
    stride_ = 1;
    lastStep_ = 0;
    lastTime_ = 0.0;
    lastCopySeconds_ = 0.0;
    changed_ = false;
}

// Log-spaced steps show the first moments of a run, where everything happens; the stride
// covers the rest evenly.
bool Timeline::keyframeDue(std::int64_t step) const { return step % stride_ == 0 || powerOfTwo(step); }

bool Timeline::pinned(std::size_t index) const {
    return index == 0 || keyframes_[index].segment != keyframes_[index - 1].segment;
}

std::int64_t Timeline::strideForCost(double copySeconds, double stepSeconds) {
    if (!(stepSeconds > 0.0) || !(copySeconds > 0.0)) return 1;
    std::int64_t stride = 1;
    while (stride < kMostCostStride && copySeconds > kKeyframeTimeShare * double(stride) * stepSeconds) stride *= 2;
    return stride;
}

void Timeline::observe(const Simulation& sim, double stepSeconds) {
    if (sim.needsEvaluation()) return;
    if (sim.restartCount() != restarts_) {
        clear();
        restarts_ = sim.restartCount();
    }
    const std::int64_t step = sim.stepCount();
    if (!empty() && step < lastStep_) {  // gone back without a restart: what followed is not this run's
        truncateAfter(step);
        changed_ = true;
    }
    const bool segmentStarts = empty() || changed_;
    if (!segmentStarts && step == lastStep_) return;  // seen already
    lastStep_ = step;
    lastTime_ = sim.time();
    if (!segmentStarts && (!keyframeDue(step) || keyframes_.back().step() == step)) return;
    if (segmentStarts) {
        segments_.push_back(sim.scenario());
        changed_ = false;
    }
    Keyframe k;
    k.segment = segments_.size() - 1;
    const auto copyStart = std::chrono::steady_clock::now();
    k.state = sim.state(false);
    const double copySeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - copyStart).count();
    k.state.scenario = Scenario{};  // the segment's
    k.bytes = keyframeBytes(k.state);
    add(std::move(k));
    // Only ever larger: the keyframes already kept stay where they are, and a later thinning
    // (fitShare) keeps those on the larger stride.
    stride_ = std::max(stride_, strideForCost(std::min(copySeconds, lastCopySeconds_), stepSeconds));
    lastCopySeconds_ = copySeconds;
}

void Timeline::add(Keyframe keyframe) {
    bytes_ += keyframe.bytes;
    budget_->used_ += keyframe.bytes;
    keyframes_.push_back(std::move(keyframe));
    fitShare();
}

void Timeline::drop(const std::vector<bool>& keep) {
    std::size_t kept = 0, freed = 0;
    for (std::size_t i = 0; i < keyframes_.size(); ++i) {
        if (keep[i]) {
            if (kept != i) keyframes_[kept] = std::move(keyframes_[i]);
            ++kept;
        } else {
            freed += keyframes_[i].bytes;
        }
    }
    keyframes_.resize(kept);
    bytes_ -= freed;
    budget_->used_ -= freed;
}

// Thins like LossHistory: the stride doubles until the keyframes fit. Past the last step a
// larger stride frees nothing more; then the log-spaced keyframes go, oldest first. Only the
// segments' first keyframes, without which nothing of a segment replays, are never dropped.
void Timeline::fitShare() {
    const std::size_t share = budget_->share();
    while (bytes_ > share) {
        std::vector<bool> keep(keyframes_.size(), true);
        bool dropping = false;
        if (stride_ <= lastStep_) {
            stride_ *= 2;
            for (std::size_t i = 0; i < keyframes_.size(); ++i) {
                keep[i] = pinned(i) || keyframeDue(keyframes_[i].step());
                dropping = dropping || !keep[i];
            }
        } else {
            for (std::size_t i = 0; i < keyframes_.size() && !dropping; ++i)
                if (!pinned(i)) keep[i] = false, dropping = true;
            if (!dropping) return;  // only segment starts left: they stay
        }
        if (dropping) drop(keep);
    }
}

const Keyframe* Timeline::keyframeFor(std::int64_t step) const {
    if (empty() || step < firstStep() || step > lastStep_) return nullptr;
    // The last keyframe at or before step: its segment is the last one begun by then.
    auto after = std::upper_bound(keyframes_.begin(), keyframes_.end(), step,
                                  [](std::int64_t s, const Keyframe& k) { return s < k.step(); });
    return &*(after - 1);
}

std::int64_t Timeline::stepAtTime(double time) const {
    if (empty() || time <= firstTime()) return firstStep();
    if (time >= lastTime_) return lastStep_;
    auto after = std::upper_bound(keyframes_.begin(), keyframes_.end(), time,
                                  [](double t, const Keyframe& k) { return t < k.time(); });
    const Keyframe& k = *(after - 1);
    const double eta = segments_[k.segment].dynamics.stepSize;
    // Steps of the segment from its keyframe (a tiny allowance for the time's round-off);
    // never into the next keyframe's segment, whose first keyframe starts it.
    std::int64_t step = k.step() + static_cast<std::int64_t>(std::floor((time - k.time()) / eta + 1e-9));
    if (after != keyframes_.end()) step = std::min(step, after->step() - (after->segment != k.segment ? 1 : 0));
    return std::clamp(step, k.step(), lastStep_);
}

const Keyframe& Timeline::requireKeyframe(std::int64_t step) const {
    const Keyframe* k = keyframeFor(step);
    if (!k)
        throw InputError("timeline: step " + std::to_string(step) + " is outside the steps kept (" +
                         std::to_string(firstStep()) + " to " + std::to_string(lastStep_) + ")");
    return *k;
}

void Timeline::replay(Simulation& simulation, std::int64_t step) const {
    const Keyframe* k = &requireKeyframe(step);
    SimulationState state = k->state;
    state.scenario = segments_[k->segment];
    simulation.restore(state, "timeline");
    if (simulation.needsEvaluation()) simulation.completeEvaluation();  // a simulation that defers it
    simulation.advanceBy(step - k->step());
}

SimulationState Timeline::forkState(std::int64_t step, const std::vector<HistoryPoint>& history) const {
    Simulation replayed(segments_[requireKeyframe(step).segment], 0, true);
    replay(replayed, step);
    SimulationState state = replayed.state(false);
    cutHistory(state, history);
    return state;
}

void Timeline::cutHistory(SimulationState& state, const std::vector<HistoryPoint>& history) {
    const std::int64_t step = state.current.step;
    for (const HistoryPoint& point : history)
        if (point.step <= step) state.history.push_back(point);
    if (state.history.empty() || state.history.back().step != step) state.history.push_back(state.current);
}

void Timeline::truncateAfter(std::int64_t step) {
    if (empty() || step >= lastStep_) return;
    if (step < firstStep()) {
        clear();
        return;
    }
    std::vector<bool> keep(keyframes_.size());
    for (std::size_t i = 0; i < keyframes_.size(); ++i) keep[i] = keyframes_[i].step() <= step;
    drop(keep);
    segments_.resize(keyframes_.back().segment + 1);
    const Keyframe& k = keyframes_.back();
    lastStep_ = step;
    lastTime_ = k.time() + double(step - k.step()) * segments_[k.segment].dynamics.stepSize;
}

void Timeline::restore(Contents contents, const Simulation& simulation) {
    clear();
    segments_ = std::move(contents.segments);
    stride_ = std::max<std::int64_t>(1, contents.stride);
    lastStep_ = contents.lastStep;
    lastTime_ = contents.lastTime;
    for (Keyframe& k : contents.keyframes) {
        k.bytes = keyframeBytes(k.state);
        bytes_ += k.bytes;
        budget_->used_ += k.bytes;
        keyframes_.push_back(std::move(k));
    }
    fitShare();
    adopt(simulation);
}

}  // namespace flowscope
