#include "engine_group.hpp"

#include <algorithm>

namespace flowscope {

EngineGroup::EngineGroup(const std::vector<GroupRun>& runs, EngineGroupOptions options)
    : gate_(std::make_shared<FlowGate>()) {
    if (options.keyframeBudget > 0) keyframes_ = std::make_shared<KeyframeBudget>(options.keyframeBudget);
    gate_->setFree(!options.lockstep);
    EngineOptions engineOptions = options.engine;
    engineOptions.keyframes = keyframes_;
    engineOptions.gate = gate_;
    for (const GroupRun& run : runs)
        runs_.push_back(Run{run.label, run.scenario.dynamics.stepSize, std::make_unique<Engine>(run.scenario, engineOptions)});
}

// Every command to all runs: posted while the gate lets no one step (flow_gate.hpp).
template <class Post>
void EngineGroup::all(Post post) {
    gate_->block();
    for (Run& run : runs_) post(*run.engine);
    gate_->unblock();
}

void EngineGroup::play() {
    all([](Engine& e) { e.play(); });
}

void EngineGroup::pause() {
    all([](Engine& e) { e.pause(); });
}

void EngineGroup::step(double flowTime) {
    if (!(flowTime > 0.0))
        for (const Run& run : runs_) flowTime = std::max(flowTime, run.stepSize);
    all([&](Engine& e) { e.stepFor(flowTime); });
}

void EngineGroup::reset() {
    all([](Engine& e) { e.reset(); });
}

void EngineGroup::setPace(const Pace& pace) {
    all([&](Engine& e) { e.setPace(pace); });
}

void EngineGroup::seekTime(double time) {
    all([&](Engine& e) { e.seekTime(time); });
}

void EngineGroup::fork() {
    all([](Engine& e) { e.fork(); });
}

void EngineGroup::setLockstep(bool lockstep) { gate_->setFree(!lockstep); }

void EngineGroup::remove(std::size_t run) {
    if (run < runs_.size()) runs_.erase(runs_.begin() + std::ptrdiff_t(run));
}

void EngineGroup::sync() {
    for (Run& run : runs_) run.engine->sync();
}

void EngineGroup::waitForSteps() {
    for (Run& run : runs_) run.engine->waitForSteps();
}

}  // namespace flowscope
