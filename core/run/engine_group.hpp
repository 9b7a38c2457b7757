#pragma once
// Runs side by side: several engines (engine.hpp), each a labelled run on its own worker,
// that play, pause, step, reset and seek together and advance in lockstep on flow time
// (t = steps x step size, flow_gate.hpp): a run with half the step size takes two steps
// for each of the other's, and a slow run holds the others, unless the runs are set free.
// Their timelines share one keyframe budget (timeline.hpp).
//
// Like a single engine, nothing here waits on a worker: commands are posted to every
// engine, and each engine's latest snapshot is taken without blocking (latest()).
#include <memory>
#include <string>
#include <vector>

#include "engine.hpp"

namespace flowscope {

struct GroupRun {
    std::string label;  // names the run where it is shown (e.g. "particles.count = 3")
    Scenario scenario;
};

struct EngineGroupOptions {
    EngineOptions engine;                          // for each run (its keyframes and gate are the group's)
    std::size_t keyframeBudget = kDefaultKeyframeBudget;  // all runs together; 0: no timelines
    bool lockstep = true;                          // false: every run at its own pace
};

class EngineGroup {
public:
    explicit EngineGroup(const std::vector<GroupRun>& runs, EngineGroupOptions options = {});

    std::size_t size() const { return runs_.size(); }
    const std::string& label(std::size_t run) const { return runs_[run].label; }
    Engine& engine(std::size_t run) { return *runs_[run].engine; }
    // Swaps in run's newest snapshot if newer than `out` (Engine::latest).
    bool latest(std::size_t run, Snapshot& out) { return runs_[run].engine->latest(out); }

    void play();
    void pause();
    // Every run on by `flowTime` (each at least one step of its own), then paused; without
    // an argument, one step of the run with the largest step size.
    void step(double flowTime = 0.0);
    void reset();
    void setPace(const Pace& pace);
    // Every run shows its state at flow time t (Engine::seekTime); fork() continues each
    // from there. Play or step go back to the runs' own present.
    void seekTime(double time);
    void fork();
    void setLockstep(bool lockstep);
    bool lockstep() const { return !gate_->free(); }
    // Removes a run (its worker stops; the others no longer wait for it).
    void remove(std::size_t run);
    // Engine::sync for every run.
    void sync();
    void waitForSteps();
    const FlowGate& gate() const { return *gate_; }
    const KeyframeBudget* keyframes() const { return keyframes_.get(); }

private:
    template <class Post>
    void all(Post post);
    struct Run {
        std::string label;
        double stepSize = 0.0;  // as started (step() without argument)
        std::unique_ptr<Engine> engine;
    };
    std::shared_ptr<FlowGate> gate_;
    std::shared_ptr<KeyframeBudget> keyframes_;
    std::vector<Run> runs_;
};

}  // namespace flowscope
