#pragma once
// The Lessons panel: a guided lesson (core/run/lesson.hpp) played in the main view, one step at
// a time. A step loads its scenario (or changes keys of the run), sets the pace and plays
// its flow time (Engine::playFor); the panel shows the step's text in large type and, when
// the step has played, each claim with the value the run shows (the same measure the
// lesson test checks). Next / Back (PageDown / PageUp, what a presenter's clicker sends)
// move between steps; Back replays the earlier step from its start. A comparison step opens
// its runs side by side (compare mode) and measures each claim on the run it names; a
// single step after it closes them.
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app_state.hpp"
#include "lesson.hpp"
#include "particles.hpp"

namespace flowscope::gui {

class LessonsPanel {
public:
    // Opens a lesson on its first step (played at once). Throws InputError for a bad one.
    void open(AppState& state, const std::string& nameOrPath);
    bool active() const { return lesson_.has_value(); }
    void next(AppState& state);
    void back(AppState& state);
    // Scripted frames (--lockstep): the steps the current single step has yet to play, so a
    // scripted lesson stops where the window's would (a comparison stops at its own time).
    std::int64_t stepsLeft(const Snapshot& snapshot) const;
    void setScripted(bool scripted) { scripted_ = scripted; }
    // The lesson picker, the step's text and claims, Back / Next, at the cursor in `size`.
    void draw(AppState& state, ImVec2 size);
    // The current step's text, for the presenter's caption ("" without a lesson).
    std::string caption() const;
    // The current step's highlight in the particle view, if any.
    const LessonHighlight* highlight() const;
    std::size_t stepIndex() const { return step_; }
    std::size_t stepCount() const { return lesson_ ? lesson_->steps.size() : 0; }
    const std::string& error() const { return error_; }
    // The lesson in the state dump: its step, whether it has played, and each claim with
    // the value shown and whether it holds (null without a lesson).
    nlohmann::json report(const AppState& state) const;

private:
    // A claim as the window shows it now: measured once the step has played.
    struct Shown {
        const LessonClaim* claim = nullptr;
        std::string run;          // a comparison step's: the label of the run it is about
        ImU32 runColor = 0;       // that run's colour (its pane's title)
        bool measured = false;    // the step has played and the run is shown
        double value = 0.0;
        bool holds = false;
    };
    bool played(const AppState& state) const;
    std::vector<Shown> shown(const AppState& state) const;
    void play(AppState& state, std::size_t step);

    std::optional<Lesson> lesson_;
    bool scripted_ = false;  // --lockstep frames play the steps
    std::size_t step_ = 0;
    std::string error_;
    ParticleSet start_;                       // where the step's scenario started its particles (movement)
    std::int64_t startStep_ = 0, endStep_ = 0;  // where the step's play begins and ends
    std::uint64_t posted_ = 0;                // the engine's commands after the step's: a snapshot
                                              // that has not applied them shows the run before it
    // A comparison step's runs (in the step's order), where each starts and ends its play.
    struct StepRun {
        std::string label;
        ParticleSet start;
        std::int64_t endStep = 0;
    };
    std::vector<StepRun> compared_;
};

}  // namespace flowscope::gui
