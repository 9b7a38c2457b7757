#include "lessons_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "compare_session.hpp"
#include "initial_measure.hpp"
#include "input_error.hpp"
#include "lesson_runner.hpp"
#include "palette.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

void LessonsPanel::open(AppState& state, const std::string& nameOrPath) {
    lesson_ = loadLesson(nameOrPath);
    error_.clear();
    play(state, 0);
}

void LessonsPanel::next(AppState& state) {
    if (lesson_ && step_ + 1 < lesson_->steps.size()) play(state, step_ + 1);
}

// Back replays the earlier step as the lesson reaches it: from the last step before it that
// loads a scenario, every step up to it again (a step may continue the one before).
void LessonsPanel::back(AppState& state) {
    if (!lesson_ || step_ == 0) return;
    std::size_t from = step_ - 1;
    while (from > 0 && lesson_->steps[from].scenario.empty()) --from;
    for (std::size_t k = from; k < step_ - 1; ++k) play(state, k);
    play(state, step_ - 1);
}

void LessonsPanel::play(AppState& state, std::size_t k) {
    const LessonStep& step = lesson_->steps.at(k);
    Scenario scenario;
    try {
        scenario = lessonStepScenario(*lesson_, k, &state.snapshot.scenario);
    } catch (const std::exception& e) {
        error_ = e.what();
        return;
    }
    Comparison comparison;
    if (step.compares()) {
        try {
            comparison = lessonStepComparison(*lesson_, k, scenario);
        } catch (const std::exception& e) {
            error_ = e.what();
            return;
        }
    }
    step_ = k;
    error_.clear();
    state.pace.mode = Pace::Mode::LogTime;
    state.pace.secondsPerDecade = step.secondsPerDecade;
    compared_.clear();
    if (step.compares()) {
        // The runs side by side, each from its own start, played on together to the step's
        // flow time (the comparison's time); the single run waits behind them.
        for (const ComparisonRun& run : comparison.runs)
            compared_.push_back({run.label, initialParticles(run.scenario), run.scenario.run.steps});
        state.preset = step.scenario;
        state.compareRequests.open = comparison;
        state.compareRequests.openPaused = step.playFor <= 0.0;
        state.compareRequests.close = false;
        state.viewRequests.fit = true;
        return;
    }
    // A single step after a comparison (or the user's own) shows the single run again.
    if (state.compare || state.compareRequests.open) state.compareRequests.close = true, state.compareRequests.open.reset();
    if (!step.scenario.empty()) {
        state.engine->loadScenario(scenario);
        state.preset = step.scenario;
        state.seed = scenario.initSeed();
        start_ = initialParticles(scenario);  // as the engine draws them
        state.viewRequests.fit = true;
        startStep_ = 0;
    } else {
        for (const auto& [key, value] : step.set) state.engine->setValue(key, value);
        startStep_ = state.snapshot.current.step;
    }
    state.engine->setPace(state.pace);
    const std::int64_t steps = stepsForFlowTime(step.playFor, scenario.dynamics.stepSize);
    endStep_ = startStep_ + steps;
    // Scripted frames take the steps themselves (stepsLeft), none at the pace's own clock.
    if (steps > 0 && !scripted_) state.engine->playFor(steps);
    else state.engine->pause();
    posted_ = state.engine->commandsPosted();
}

std::int64_t LessonsPanel::stepsLeft(const Snapshot& snapshot) const {
    if (!lesson_ || !compared_.empty()) return 0;
    const std::int64_t at = snapshot.commandsApplied < posted_ ? startStep_ : snapshot.current.step;
    return std::max<std::int64_t>(0, endStep_ - at);
}

std::string LessonsPanel::caption() const {
    if (!lesson_) return "";
    const LessonStep& step = lesson_->steps[step_];
    return step.title + ". " + step.text;
}

const LessonHighlight* LessonsPanel::highlight() const {
    if (!lesson_ || !lesson_->steps[step_].highlight) return nullptr;
    return &*lesson_->steps[step_].highlight;
}

namespace {

// The compared run of that label in the window's comparison (the user may have dropped
// runs, so places change), or -1.
int shownRun(const CompareSession* session, const std::string& label) {
    if (!session) return -1;
    for (std::size_t i = 0; i < session->size(); ++i)
        if (session->run(i).label == label) return static_cast<int>(i);
    return -1;
}

bool runPlayed(const Snapshot& s, std::int64_t endStep) {
    return !s.playing && s.evaluated && s.problem && (s.current.step >= endStep || s.status != RunStatus::Running);
}

}  // namespace

bool LessonsPanel::played(const AppState& state) const {
    if (!lesson_) return false;
    if (compared_.empty()) return state.snapshot.commandsApplied >= posted_ && runPlayed(state.snapshot, endStep_);
    if (state.compareRequests.open) return false;  // not opened yet
    for (const StepRun& run : compared_) {
        const int i = shownRun(state.compare, run.label);
        if (i >= 0 && !runPlayed(state.compare->run(std::size_t(i)).snapshot, run.endStep)) return false;
    }
    return true;
}

std::vector<LessonsPanel::Shown> LessonsPanel::shown(const AppState& state) const {
    std::vector<Shown> out;
    if (!lesson_) return out;
    const bool done = played(state);
    for (const LessonClaim& claim : lesson_->steps[step_].claims) {
        Shown c;
        c.claim = &claim;
        const Snapshot* s = &state.snapshot;
        const ParticleSet* start = &start_;
        if (!compared_.empty()) {
            const StepRun& run = compared_.at(claim.run.value_or(0));  // the parser checked the index
            c.run = run.label;
            const int i = state.compareRequests.open ? -1 : shownRun(state.compare, run.label);
            s = i >= 0 ? &state.compare->run(std::size_t(i)).snapshot : nullptr;
            if (i >= 0) c.runColor = state.compare->run(std::size_t(i)).color;
            start = &run.start;
        }
        c.measured = done && s && s->problem;
        if (c.measured) {
            c.value = lessonMetric(claim.metric, *s->problem, s->particles, s->current, *start);
            c.holds = claimHolds(claim, c.value);
        }
        out.push_back(c);
    }
    return out;
}

nlohmann::json LessonsPanel::report(const AppState& state) const {
    if (!lesson_) return nullptr;
    nlohmann::json runs = nlohmann::json::array();
    for (const StepRun& run : compared_) runs.push_back(run.label);
    nlohmann::json claims = nlohmann::json::array();
    for (const Shown& c : shown(state)) {
        nlohmann::json j = {{"metric", lessonMetricName(c.claim->metric)}, {"says", c.claim->says}, {"measured", c.measured}};
        if (c.claim->run) j["run"] = *c.claim->run, j["run_label"] = c.run;
        if (c.measured) j["value"] = std::isfinite(c.value) ? nlohmann::json(c.value) : nlohmann::json(nullptr), j["holds"] = c.holds;
        claims.push_back(j);
    }
    return {{"name", lesson_->name}, {"step", step_ + 1}, {"steps", lesson_->steps.size()}, {"compares", !compared_.empty()},
            {"runs", runs}, {"played", played(state)}, {"claims", claims}, {"error", error_}};
}

namespace {

// "excess = 1.5e-05 (below 1e-04)": what the run shows, against what the step says.
std::string claimLine(const LessonClaim& claim, double value) {
    char text[160];
    std::string bound;
    if (claim.below) bound += "below " + std::string(text, std::snprintf(text, sizeof text, "%.3g", *claim.below));
    if (claim.above) bound += (bound.empty() ? "" : ", ") + std::string("above ") + std::string(text, std::snprintf(text, sizeof text, "%.3g", *claim.above));
    std::snprintf(text, sizeof text, "%s = %.3g (%s)", lessonMetricName(claim.metric), value, bound.c_str());
    return text;
}

}  // namespace

void LessonsPanel::draw(AppState& state, ImVec2 size) {
    const float font = ImGui::GetFontSize();
    ImGui::BeginChild("lesson", size, false);
    std::string current = lesson_ ? lesson_->name : "choose a lesson";
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##lesson", current.c_str())) {
        // The folder is read only while the list is open, not on every frame.
        for (const std::string& name : lessonNames())
            if (ImGui::Selectable(name.c_str(), lesson_ && lesson_->name == name)) {
                try {
                    open(state, name);
                } catch (const std::exception& e) {
                    error_ = e.what();
                }
            }
        ImGui::EndCombo();
    }
    widgetRects().add("lesson.picker", "lesson", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    if (!error_.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette::warning), "%s", error_.c_str());
    if (!lesson_) {
        ImGui::TextWrapped("Lessons tell the paper's story in steps: pick one above, or start the window with --lesson NAME.");
        ImGui::EndChild();
        return;
    }
    const LessonStep& step = lesson_->steps[step_];
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s: step %zu of %zu", lesson_->title.c_str(), step_ + 1, lesson_->steps.size());
    ImGui::PopStyleColor();
    const float buttons = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2.0f;
    ImGui::BeginDisabled(step_ == 0);
    if (ImGui::Button("\xe2\x97\x80 Back", ImVec2(buttons, 0))) back(state);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the step before, replayed (PageUp)");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(step_ + 1 >= lesson_->steps.size());
    if (ImGui::Button("Next \xe2\x96\xb6", ImVec2(buttons, 0))) next(state);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the next step (PageDown, what a presenter's clicker sends)");
    ImGui::EndDisabled();
    widgetRects().add("lesson.buttons", "lesson", {ImVec2(ImGui::GetItemRectMin().x - buttons, ImGui::GetItemRectMin().y), ImGui::GetItemRectMax()});
    ImGui::Spacing();
    ImGui::TextWrapped("%s", step.title.c_str());
    ImGui::Separator();
    const ImVec2 textTop = ImGui::GetCursorScreenPos();
    ImGui::TextWrapped("%s", step.text.c_str());
    widgetRects().add("lesson.text", "lesson", {textTop, ImVec2(textTop.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y)});
    if (!compared_.empty()) {
        ImGui::Spacing();
        ImGui::TextDisabled("Side by side: %zu runs of %s", compared_.size(), step.scenario.c_str());
    }
    if (!step.claims.empty()) {
        ImGui::Spacing();
        const std::vector<Shown> claims = shown(state);
        const bool measured = std::any_of(claims.begin(), claims.end(), [](const Shown& c) { return c.measured; });
        ImGui::TextDisabled(measured ? "What the runs show now:" : "Look for (checked when the step has played):");
        for (const Shown& c : claims) {
            if (!c.measured) {
                ImGui::Bullet();
                ImGui::TextWrapped("%s", c.claim->says.c_str());
            } else {
                // Words, not a tick mark: the font's glyph ranges hold Latin text and a few symbols.
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.holds ? palette::excess : palette::objective), "%s",
                                   c.holds ? "holds:" : "does not hold:");
                ImGui::SameLine();
                ImGui::TextWrapped("%s", c.claim->says.c_str());
            }
            ImGui::Indent(font);
            // The run it is about, in its pane's colour, so the class finds the pane.
            // Wrapped: a narrow column must not cut the value off.
            if (!c.run.empty()) {
                ImGui::PushStyleColor(ImGuiCol_Text, c.runColor ? ImGui::ColorConvertU32ToFloat4(c.runColor)
                                                                : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
                ImGui::TextWrapped("%s", c.run.c_str());
                ImGui::PopStyleColor();
            }
            if (c.measured) {
                ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
                ImGui::TextWrapped("%s", claimLine(*c.claim, c.value).c_str());
                ImGui::PopStyleColor();
            }
            ImGui::Unindent(font);
        }
    }
    ImGui::EndChild();
}

}  // namespace flowscope::gui
