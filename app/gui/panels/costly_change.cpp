#include "costly_change.hpp"

#include <imgui.h>

#include "widget_rects.hpp"

namespace flowscope::gui {

void applyOrAsk(AppState& state, const Scenario& candidate, const std::string& what,
                std::function<void(AppState&)> apply) {
    applyOrAsk(state, state.engine->estimateStepSeconds(candidate), what, std::move(apply));
}

void applyOrAsk(AppState& state, double seconds, const std::string& what, std::function<void(AppState&)> apply) {
    if (seconds <= kAskAboveSecondsPerStep) {
        apply(state);
        return;
    }
    state.costlyChange = CostlyChange{what, seconds, std::move(apply)};
}

bool answerCostlyChange(AppState& state, bool apply) {
    if (!state.costlyChange) return false;
    CostlyChange change = std::move(*state.costlyChange);
    state.costlyChange.reset();
    if (apply) change.apply(state);
    return true;
}

void drawCostlyChangeQuestion(AppState& state) {
    const char* title = "A slow step";
    if (state.costlyChange && !ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    if (!state.costlyChange) {  // answered elsewhere (a scripted answer)
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const CostlyChange& change = *state.costlyChange;
    ImGui::Text("With %s, one step would take about %s on this machine.", change.what.c_str(),
                describeDuration(change.seconds).c_str());
    ImGui::TextDisabled("Commands still answer at once while it computes; the status line shows its progress.");
    ImGui::Spacing();
    const float width = ImGui::GetFontSize() * 7.0f;
    bool answered = false, apply = false;
    if (ImGui::Button("Apply", ImVec2(width, 0))) answered = apply = true;
    widgetRects().add("question.apply", "question", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(width, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) answered = true;
    if (answered) {
        answerCostlyChange(state, apply);
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace flowscope::gui
