#include "compare_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "axes.hpp"
#include "compare_session.hpp"
#include "controls_panel.hpp"
#include "plot.hpp"
#include "shortcuts.hpp"
#include "step_cost.hpp"
#include "fonts_theme.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

namespace {


// The built-in comparisons' names, read once (assets/comparisons).
const std::vector<std::string>& builtInComparisons() {
    static const std::vector<std::string> names = [] {
        try {
            return comparisonNames();
        } catch (const std::exception&) {
            return std::vector<std::string>{};
        }
    }();
    return names;
}

void openBuiltIn(AppState& state, const std::string& name) {
    try {
        state.compareRequests.open = loadComparisonNamed(name);
    } catch (const std::exception& e) {
        postWarning(state, "cannot open the comparison " + name + ": " + e.what());
    }
}

// One button per built-in comparison, two to a row, the description in the tooltip.
void builtInButtons(AppState& state) {
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2.0f;
    const std::vector<std::string>& names = builtInComparisons();
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i % 2 == 1) ImGui::SameLine();
        // Cut short with an ellipsis on a narrow panel (the whole name in the tooltip).
        const std::string label = fitText(names[i], half - 2 * ImGui::GetStyle().FramePadding.x) + "###" + names[i];
        if (ImGui::Button(label.c_str(), ImVec2(half, 0))) openBuiltIn(state, names[i]);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("compare side by side: %s", names[i].c_str());
    }
}

// The keys a teacher compares most, offered in the dialog (any key can be typed).
constexpr const char* kSuggestedKeys[] = {"particles.count", "init.kind", "dynamics.output_scale", "dynamics.kind",
                                          "regularizer.lambda", "dynamics.step_size", "init.seed"};

struct DialogFields {
    char key[96] = "particles.count";
    char values[160] = "";
    std::string error;
    bool fresh = true;  // fill the values from the run when the dialog opens
};
DialogFields dialog;

// The run's value of `key` as text ("" when it has none), to start the values from.
std::string currentValue(const Scenario& scenario, const std::string& key) {
    nlohmann::json j = scenarioToJson(scenario);
    std::size_t start = 0;
    while (start <= key.size()) {
        const std::size_t dot = key.find('.', start);
        const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!j.is_object() || !j.contains(part)) return "";
        j = j[part];
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return j.is_string() ? j.get<std::string>() : j.is_object() ? "" : j.dump();
}

void fillValues(const Scenario& scenario) {
    const std::string key = dialog.key;
    std::string v = currentValue(scenario, key);
    if (key == "particles.count") v += "," + std::to_string(scenario.particleCount < 100 ? 100 : scenario.particleCount * 10);
    else if (key == "dynamics.output_scale") v = "1,100";
    else if (key == "dynamics.kind") v = "euler,conic";
    else if (!v.empty()) v += ",";
    std::snprintf(dialog.values, sizeof dialog.values, "%s", v.c_str());
}

}  // namespace

void drawCompareLauncher(AppState& state) {
    sectionHeading("Compare");
    actionButton(state, "compare", "Compare with...", ImGui::GetContentRegionAvail().x);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("this run side by side with copies that differ in one key (any key, 2 to 4 values)");
    builtInButtons(state);
}

void drawCompareDialog(AppState& state) {
    AppState::CompareRequests& r = state.compareRequests;
    if (r.dialog) {
        ImGui::OpenPopup("Compare with...");
        r.dialog = false;
        dialog.fresh = true;
        dialog.error.clear();
    }
    const ImVec2 center = ImGui::GetMainViewport()->GetCenter();
    ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("Compare with...", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const Scenario& base = state.snapshot.scenario;
    if (dialog.fresh) fillValues(base), dialog.fresh = false;
    const float font = ImGui::GetFontSize();
    ImGui::Text("Runs of %s side by side, the same truth and seed, differing in one key:",
                state.preset.empty() ? base.name.c_str() : state.preset.c_str());
    ImGui::SetNextItemWidth(font * 14.0f);
    if (ImGui::BeginCombo("key", dialog.key)) {
        for (const char* k : kSuggestedKeys)
            if (ImGui::Selectable(k, std::string(k) == dialog.key)) {
                std::snprintf(dialog.key, sizeof dialog.key, "%s", k);
                fillValues(base);
            }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 12.0f);
    if (ImGui::InputText("##typed key", dialog.key, sizeof dialog.key)) dialog.error.clear();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("any scenario key (see All scenario keys)");
    ImGui::SetNextItemWidth(font * 26.0f + ImGui::GetStyle().ItemSpacing.x);
    if (ImGui::InputText("values", dialog.values, sizeof dialog.values)) dialog.error.clear();
    ImGui::TextDisabled("2 to 4 values separated by commas, e.g. 3,100 or sphere,point");
    if (!dialog.error.empty()) {
        ImGui::PushTextWrapPos(font * 30.0f);
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", dialog.error.c_str());
        ImGui::PopTextWrapPos();
    }
    if (ImGui::Button("Compare")) {
        try {
            const std::string name = state.preset.empty() ? base.name : state.preset;
            state.compareRequests.open = comparisonOfValues(base, name, {std::string(dialog.key) + "=" + dialog.values});
            ImGui::CloseCurrentPopup();
        } catch (const std::exception& e) {
            dialog.error = e.what();
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
    ImGui::Separator();
    ImGui::TextUnformatted("Or one of the paper's comparisons:");
    for (const std::string& name : builtInComparisons()) {
        ImGui::SameLine();
        if (ImGui::Button(name.c_str())) {
            openBuiltIn(state, name);
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::EndPopup();
}

void drawComparePanel(AppState& state, CompareSession& session, const std::function<void(HeldEdit&)>& viewOptions) {
    ImGui::PushFont(ImGui::GetIO().Fonts->Fonts.size() > 1 ? ImGui::GetIO().Fonts->Fonts[1] : nullptr);
    ImGui::TextUnformatted("flowscope");
    ImGui::PopFont();
    const Comparison& c = session.comparison();
    sectionHeading(("Comparing: " + c.name).c_str());
    if (!c.description.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        ImGui::TextWrapped("%s", c.description.c_str());
        ImGui::PopStyleColor();
    }
    // The runs: colour, differing values, where each is.
    for (std::size_t i = 0; i < session.size(); ++i) {
        const ComparedRun& run = session.run(i);
        const Snapshot& s = run.snapshot;
        ImGui::PushStyleColor(ImGuiCol_Text, run.color);
        ImGui::Bullet();
        ImGui::TextWrapped("%s", run.label.c_str());
        ImGui::PopStyleColor();
        ImGui::TextDisabled("   step %lld, t = %s, F = %s", static_cast<long long>(s.current.step),
                            formatValue(s.current.time).c_str(), formatValue(s.current.objective).c_str());
    }

    sectionHeading("Run (all runs)");
    const float third = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
    actionButton(state, "play_pause", session.playing() ? "Pause" : "Play", third);
    ImGui::SameLine();
    actionButton(state, "step", "Step", third);
    ImGui::SameLine();
    actionButton(state, "reset", "Reset", third);
    bool lockstep = session.lockstep();
    if (ImGui::Checkbox("lockstep on flow time", &lockstep)) actionNamed("lockstep").run(state, 0);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s: the runs keep the same flow time t (a slow run holds the others); off: each at its own pace",
                          actionNamed("lockstep").keys);
    paceControls(state);

    sectionHeading("View");
    if (viewOptions) viewOptions(state.heldEdit);
    viewButtons(state);  // a clip or a screenshot shows every pane

    sectionHeading("Compare");
    actionButton(state, "compare", "Compare with...", ImGui::GetContentRegionAvail().x);
    builtInButtons(state);
    if (ImGui::Button("Back to the single view", ImVec2(-FLT_MIN, 0))) state.compareRequests.close = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("close the comparison (a pane's Single view continues its run instead)");
}

void drawCompareStatusLine(AppState& state, const CompareSession& session, float framesPerSecond) {
    actionButton(state, "panel", state.controlsOpen ? "\xe2\x97\x80 Panel" : "\xe2\x96\xb6 Panel");
    widgetRects().add("status.panel_toggle", "status", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    ImGui::SameLine();
    char text[256];
    std::snprintf(text, sizeof text, "comparing %zu runs (%s)  |  %s  |  %s  |  t = %s  |  %.0f fps", session.size(),
                  session.comparison().name.c_str(), session.playing() ? "playing" : "paused",
                  session.lockstep() ? "lockstep on flow time" : "each run free", formatValue(session.shownTime()).c_str(),
                  framesPerSecond);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    widgetRects().add("status.text", "status", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    // A step longer than a frame in some run (it holds the others in lockstep): which run,
    // which step, how far, for how long.
    for (std::size_t i = 0; i < session.size(); ++i) {
        const StepProgress progress = session.progress(i);
        if (!progress.computing || progress.seconds <= 0.1) continue;
        std::snprintf(text, sizeof text, "  |  %s: %s %lld", session.run(i).label.c_str(),
                      progress.starting ? "evaluating the start of step" : "computing step", static_cast<long long>(progress.step));
        std::string line = text;
        if (progress.fraction >= 0.0) {
            std::snprintf(text, sizeof text, "  %.0f%%", 100.0 * progress.fraction);
            line += text;
        }
        line += "  " + describeDuration(progress.seconds);
        ImGui::SameLine(0.0f, 0.0f);
        ImGui::TextColored(ImVec4(1.0f, 0.84f, 0.35f, 1.0f), "%s", line.c_str());
        widgetRects().add("status.progress", "status", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    }
    const Message* notice = state.messages.currentNotice(ImGui::GetTime());
    if (notice) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.55f, 0.9f, 0.6f, 1.0f), "  %s", notice->text.c_str());
    }
}

}  // namespace flowscope::gui
