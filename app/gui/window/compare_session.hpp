#pragma once
// Compare mode: the 2 to 4 runs of a comparison (comparison.hpp) side by side in the
// window, each its own engine on its own worker in an EngineGroup (engine_group.hpp), so
// they play, pause, step, reset, seek and fork together, in lockstep on flow time unless
// set free. For each run the session keeps its newest snapshot and the path frames its
// pane's trails are drawn from. Nothing here waits for a worker, except the scripted
// frames (advanceAndWait, sync), as a single run's --lockstep does.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "comparison.hpp"
#include "engine_group.hpp"

namespace flowscope::gui {

struct ComparedRun {
    std::string label;                                           // names the differing values
    std::vector<std::pair<std::string, std::string>> settings;   // the keys it differs in, and their values
    std::size_t colorIndex = 0;                                  // its place when the comparison opened
    ImU32 color = IM_COL32_WHITE;                                // its curves, its pane's title: the scheme's colour of its place
    Snapshot snapshot;                                           // the newest taken
    std::vector<PathFrame> pathFrames;                           // waiting for its pane's trails
    // Its engine's messages already taken into the window's (app_state.hpp: takeCompareMessages).
    std::uint64_t seenError = 0, seenNotice = 0;
    std::int64_t divergenceShown = -1;                           // the step of the last divergence reported
};

// The comparison a command line asks for (--compare): a built-in comparison or a file (one
// spec without '='), else KEY=V1,V2,... runs of `base` named `baseName` (several zipped);
// `sets` (--set) change every run. Throws InputError naming the bad spec or key.
Comparison comparisonOfSpecs(const std::vector<std::string>& specs, const Scenario& base, const std::string& baseName,
                             const std::vector<std::pair<std::string, std::string>>& sets);

class CompareSession {
public:
    CompareSession(const Comparison& comparison, const EngineOptions& engine, bool lockstep = true);
    ~CompareSession();

    const Comparison& comparison() const { return comparison_; }  // its runs: those left, in the session's order
    std::size_t size() const { return runs_.size(); }
    ComparedRun& run(std::size_t i) { return runs_[i]; }
    const ComparedRun& run(std::size_t i) const { return runs_[i]; }
    Engine& engine(std::size_t i) { return group_->engine(i); }
    StepProgress progress(std::size_t i) const { return group_->engine(i).progress(); }  // any moment

    // Takes every run's newest snapshot and path frames (never waits).
    void update();

    bool playing() const;
    void togglePlay();  // plays all when none plays, else pauses all
    void play() { group_->play(); }
    void pause() { group_->pause(); }
    void step() { group_->step(); }
    void reset() { group_->reset(); }
    void setPace(const Pace& pace) { group_->setPace(pace); }
    bool lockstep() const { return group_->lockstep(); }
    void setLockstep(bool lockstep) { group_->setLockstep(lockstep); }
    void remove(std::size_t i);

    // The timeline of all runs: the flow times they can show, the one shown (the least
    // over the runs, which in lockstep are within a step of each other), seek and fork.
    double firstTime() const;
    double lastTime() const;
    double shownTime() const;
    bool past() const;
    // Every command posted so far is in the snapshots taken (a seek is shown).
    bool settled() const;
    void seekTime(double time);
    void present();  // back to every run's own state
    void fork() { group_->fork(); }

    // The keys of one run (reseed, step size, particle count) act on every run, so the runs
    // still differ only in the keys the comparison varies. A change of a varied key is
    // refused: refusal(key) says why ("" when every run shares the key).
    std::string refusal(const std::string& key) const;
    // Seconds one step of all the runs together would take with `count` particles each.
    double estimateStepSeconds(int count) const;
    void reseed(std::uint64_t seed);                 // init.seed = seed in every run (the same new start)
    double scaleStepSize(double factor);             // every run's step size times factor; returns run 0's
    void setParticleCount(int count);

    // Scripted frames: every run on by `flowTime` (never past the comparison's time), then
    // waits until the steps are taken and takes the snapshots.
    void advanceAndWait(double flowTime);
    void sync();

private:
    Comparison comparison_;
    std::unique_ptr<EngineGroup> group_;
    std::vector<ComparedRun> runs_;
    std::vector<std::uint64_t> posted_;  // each engine's posted count after the last command
    void notePosted();
};

}  // namespace flowscope::gui
