#pragma once
// A run's past, kept so any earlier step can be shown again exactly and a run forked from it.
//
// A timeline keeps keyframes: the run's complete state between steps (SimulationState
// without its history: particles, generators, step, flow time, convergence window) at
// log-spaced steps (1, 2, 4, 8, ...) and at every multiple of a stride. A state between
// keyframes is replayed from the keyframe before it: a run is deterministic (checkpoint.hpp
// relies on it), so the replayed particles equal the original ones bit for bit.
//
// Memory: the keyframes of every timeline sharing a KeyframeBudget stay under its limit
// together. Each timeline holds at most its share (the limit over the timelines sharing
// it); when a new keyframe would pass it, the stride doubles and keyframes off the new
// stride are dropped (as LossHistory thins its points), so an old stretch costs longer
// replays, never more memory.
//
// A command that changes the run between steps without restarting it (a new step size, a
// key, a resize) starts a segment: a replay never crosses one (the change is not replayed),
// so each segment starts with a keyframe of its own, never dropped. A restart (reset, new
// scenario, loaded state) starts the timeline afresh.
//
// Time: a keyframe is a copy of every particle, and a fresh one (its memory newly mapped)
// costs a sizeable share of a cheap step: at 10^5 units of relu2d-mean-field, keyframes at
// the stride the budget allows took a fifth of the solver's time. Told how long the steps
// take, a timeline keeps its copies under kKeyframeTimeShare of the run's time: the stride
// is at least the power of two over which a keyframe's measured copy is that share of the
// steps between two keyframes. Seeks then replay at most that many steps, about
// 1 / kKeyframeTimeShare times a copy's time. The stride only grows within a run, so it
// follows the faster of the last two copies: one copy slowed by the machine (a preempted
// thread) does not lengthen every later seek.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "simulation.hpp"

namespace flowscope {

// 512 MB for all the runs of a process together.
constexpr std::size_t kDefaultKeyframeBudget = std::size_t(512) << 20;
// The most of a run's time its keyframes' copies may take (when the steps' time is known).
constexpr double kKeyframeTimeShare = 0.02;

class KeyframeBudget {
public:
    explicit KeyframeBudget(std::size_t limit = kDefaultKeyframeBudget) : limit_(limit) {}
    std::size_t limit() const { return limit_; }
    // The keyframes' bytes now, over every timeline sharing it.
    std::size_t used() const { return used_.load(); }
    // What one timeline may hold.
    std::size_t share() const { return limit_ / std::max<std::size_t>(1, members_.load()); }

private:
    friend class Timeline;
    std::size_t limit_;
    std::atomic<std::size_t> used_{0};
    std::atomic<std::size_t> members_{0};
};

struct Keyframe {
    std::size_t segment = 0;
    SimulationState state;  // history empty; scenario in its segment
    std::size_t bytes = 0;
    std::int64_t step() const { return state.current.step; }
    double time() const { return state.current.time; }
};

class Timeline {
public:
    // Without a budget, it has one of its own of the default size.
    explicit Timeline(std::shared_ptr<KeyframeBudget> budget = nullptr);
    ~Timeline();
    Timeline(const Timeline&) = delete;
    Timeline& operator=(const Timeline&) = delete;

    // Call between steps, after each step (the keyframe rule needs every step seen): keeps
    // a keyframe when one is due; starts afresh when the run restarted. Does nothing while
    // the run's current state awaits its evaluation. `stepSeconds`, the last step's time
    // when known (> 0), bounds the keyframes' share of the run's time (above).
    void observe(const Simulation& simulation, double stepSeconds = 0.0);
    // The least stride (a power of two, at most kMostCostStride) at which copies of
    // `copySeconds` take at most kKeyframeTimeShare of steps of `stepSeconds` each.
    static std::int64_t strideForCost(double copySeconds, double stepSeconds);
    static constexpr std::int64_t kMostCostStride = 4096;
    // The run was changed without a restart: the next observe() starts a segment.
    void markChanged() { changed_ = true; }
    // The run continues this timeline although it was restored (a fork from a step of it).
    void adopt(const Simulation& simulation) { restarts_ = simulation.restartCount(); }
    // Forgets everything (the next observe() starts afresh).
    void clear();

    bool empty() const { return keyframes_.empty(); }
    // The steps a replay can reach: from the first keyframe to the last step observed.
    std::int64_t firstStep() const { return empty() ? 0 : keyframes_.front().step(); }
    std::int64_t lastStep() const { return lastStep_; }
    double firstTime() const { return empty() ? 0.0 : keyframes_.front().time(); }
    double lastTime() const { return lastTime_; }
    const std::vector<Keyframe>& keyframes() const { return keyframes_; }
    std::size_t bytes() const { return bytes_; }
    std::int64_t stride() const { return stride_; }
    const KeyframeBudget& budget() const { return *budget_; }

    // The keyframe a replay to `step` starts from: the last one at or before it in the
    // last segment begun at or before it; null when step is outside [firstStep, lastStep].
    const Keyframe* keyframeFor(std::int64_t step) const;
    // The latest step at flow time `time` or before (clamped to the timeline's range).
    std::int64_t stepAtTime(double time) const;
    // Puts `simulation` in the run's state at `step` (restored from the keyframe and
    // stepped on), its history empty. Throws InputError when the step is out of range,
    // and StepAbandoned (the calling thread's control) with the replay half done.
    void replay(Simulation& simulation, std::int64_t step) const;
    // The state at `step`, with `history` (the run's) cut after it: what a run forked
    // there starts from (Simulation::restore), e.g. with changed parameters afterwards.
    SimulationState forkState(std::int64_t step, const std::vector<HistoryPoint>& history) const;
    // `history` (the run's) cut after `state`'s step into state.history, ending with a row of
    // that step: a history thinned to a longer stride may have none there, and a run's last
    // row is its current step's.
    static void cutHistory(SimulationState& state, const std::vector<HistoryPoint>& history);
    // Forgets the keyframes and steps after `step` (the run continues from there).
    void truncateAfter(std::int64_t step);

    // Everything it keeps, to be saved beside a checkpoint (timeline_file.hpp), and back:
    // restore() replaces the keyframes (the budget counts them, and thins them if they do
    // not fit its share) and adopts `simulation`, the run loaded at the contents' last step.
    struct Contents {
        std::vector<Keyframe> keyframes;
        std::vector<Scenario> segments;
        std::int64_t stride = 1, lastStep = 0;
        double lastTime = 0.0;
    };
    Contents contents() const { return {keyframes_, segments_, stride_, lastStep_, lastTime_}; }
    void restore(Contents contents, const Simulation& simulation);

private:
    bool keyframeDue(std::int64_t step) const;
    const Keyframe& requireKeyframe(std::int64_t step) const;
    void add(Keyframe keyframe);
    void drop(const std::vector<bool>& keep);
    void fitShare();
    bool pinned(std::size_t index) const;

    std::shared_ptr<KeyframeBudget> budget_;
    std::vector<Keyframe> keyframes_;
    std::vector<Scenario> segments_;  // the scenario of each segment, by index
    std::size_t bytes_ = 0;
    std::int64_t stride_ = 1;
    std::int64_t lastStep_ = 0;
    double lastTime_ = 0.0;
    double lastCopySeconds_ = 0.0;  // the last keyframe's copy (0: none yet)
    std::uint64_t restarts_ = ~std::uint64_t(0);
    bool changed_ = false;
};

}  // namespace flowscope
