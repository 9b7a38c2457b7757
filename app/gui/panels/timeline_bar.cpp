#include "timeline_bar.hpp"

#include <algorithm>
#include <cmath>

#include "shortcuts.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

float TimelineBar::height() { return ImGui::GetFrameHeight(); }

void TimelineBar::seek(const TimelineTarget& target, double time) {
    if (target.settled && wanted_ < 0.0) target.seek(time);
    else wanted_ = time;  // posted once the last seek is shown: a drag never queues up replays
}

void TimelineBar::follow(AppState& state, const TimelineTarget& target, double seconds) {
    AppState::TimelineRequests requests = state.timeline;
    state.timeline = {};
    const bool usable = target.last > target.first;
    if (requests.play != 0 && usable) {
        direction_ = direction_ == requests.play ? 0 : requests.play;
        playTime_ = target.shown;
        if (direction_ > 0 && !target.past) playTime_ = target.first;  // forwards from the present: from the start
    }
    if (requests.present) {
        direction_ = 0, wanted_ = -1.0;
        target.present();
    }
    if (requests.fork && target.past) confirm_ = true;
    answerYes_ = requests.confirm;
    if (wanted_ >= 0.0 && target.settled) {
        const double t = wanted_;
        wanted_ = -1.0;
        target.seek(t);
    } else if (direction_ != 0 && target.settled && wanted_ < 0.0) {
        // Through the past at the run's pace: on a log scale of flow time (each decade in the
        // same screen time; as fast as possible: a decade a second), or in steps per second.
        const Pace& pace = state.pace;
        const double floor = std::max(target.first, target.stepSize > 0.0 ? target.stepSize : 1e-3);
        double t = std::max(playTime_, floor);
        if (pace.mode == Pace::Mode::StepsPerSecond)
            t += direction_ * pace.stepsPerSecond * std::max(target.stepSize, 1e-12) * seconds;
        else
            t *= std::pow(10.0, direction_ * seconds / (pace.mode == Pace::Mode::LogTime ? pace.secondsPerDecade : 1.0));
        if (direction_ > 0 && t >= target.last) {
            direction_ = 0;
            target.present();
        } else {
            if (direction_ < 0 && t <= floor) t = target.first, direction_ = 0;
            playTime_ = t;
            target.seek(t);
        }
    }
}

void TimelineBar::draw(AppState& state, const TimelineTarget& target, const ScreenRect& rect, const char* parent) {
    WidgetRects& rects = widgetRects();
    ImGui::SetCursorScreenPos(rect.min);
    ImGui::BeginChild("timeline", ImVec2(rect.width(), rect.height()), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNavInputs);
    rects.add("timeline", parent, rect);
    const ImGuiStyle& style = ImGui::GetStyle();
    const bool usable = target.last > target.first;
    if (!usable) ImGui::BeginDisabled();
    const float button = ImGui::GetFrameHeight() * 1.4f;
    const char* back = direction_ < 0 ? "\xe2\x96\xa0###back" : "\xe2\x97\x80###back";
    const char* forward = direction_ > 0 ? "\xe2\x96\xa0###forward" : "\xe2\x96\xb6###forward";
    if (ImGui::Button(back, ImVec2(button, 0))) state.timeline.play = -1;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: play the past backwards (again: stop)", actionNamed("timeline_back").keys);
    ImGui::SameLine();
    if (ImGui::Button(forward, ImVec2(button, 0))) state.timeline.play = +1;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: play the past forwards (again: stop)", actionNamed("timeline_forward").keys);
    ImGui::SameLine();
    // A narrow column keeps the slider usable: "Continue from here" shortens, then the
    // buttons after the slider go (their keys stay: End, Ctrl Enter).
    const auto width = [&](const char* text) { return ImGui::CalcTextSize(text).x + style.FramePadding.x * 2; };
    const float room = ImGui::GetContentRegionAvail().x, least = ImGui::GetFontSize() * 6.0f;
    const char* forkLabel = room - width("Now") - width("Continue from here") - style.ItemSpacing.x * 2 >= least * 1.5f
                                ? "Continue from here" : "Continue";
    const bool showFork = room - width("Now") - width(forkLabel) - style.ItemSpacing.x * 2 >= least;
    const bool showNow = room - width("Now") - style.ItemSpacing.x >= least;
    const float nowWidth = showNow ? width("Now") + style.ItemSpacing.x : 0.0f;
    const float forkWidth = showFork ? width(forkLabel) + style.ItemSpacing.x : 0.0f;
    const float sliderWidth = room - nowWidth - forkWidth;
    double value = wanted_ >= 0.0 ? wanted_ : target.shown;
    const double lo = target.first, hi = std::max(target.last, target.first);
    ImGui::SetNextItemWidth(std::max(sliderWidth, ImGui::GetFontSize() * 2.0f));
    const char* format = target.past ? "t = %.4g (the past)" : "t = %.4g";
    if (ImGui::SliderScalar("##timeline", ImGuiDataType_Double, &value, &lo, &hi, format, ImGuiSliderFlags_Logarithmic)) {
        direction_ = 0;
        seek(target, value);
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("flow time shown: drag back to see any earlier moment (particles, trails, predictor, a cursor on the curves)");
    rects.add("timeline.slider", "timeline", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    if (!target.past) ImGui::BeginDisabled();
    if (showNow) {
        ImGui::SameLine();
        if (ImGui::Button("Now")) state.timeline.present = true;
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s: back to the present (play and step go there too)", actionNamed("timeline_present").keys);
    }
    if (showFork) {
        ImGui::SameLine();
        if (ImGui::Button(forkLabel)) state.timeline.fork = true;
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s: continue from the moment shown (what followed it is dropped)", actionNamed("continue_here").keys);
    }
    if (!target.past) ImGui::EndDisabled();
    if (!usable) ImGui::EndDisabled();

    if (confirm_) ImGui::OpenPopup("Continue from here?");
    confirm_ = false;
    if (ImGui::BeginPopupModal("Continue from here?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("Continue %s from t = %.4g?", target.runs.c_str(), target.shown);
        ImGui::TextDisabled("What followed (its curves and keyframes) is dropped.");
        // Enter answers too (not the Ctrl Enter that asked: that press is still down).
        const bool enter = !ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
        if (ImGui::Button("Continue from here") || enter || answerYes_) {
            target.fork();
            direction_ = 0;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    answerYes_ = false;
    ImGui::EndChild();
}

}  // namespace flowscope::gui
