#include "key_controls.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include <nlohmann/json.hpp>

#include "costly_change.hpp"
#include "input_error.hpp"
#include "step_cost.hpp"
#include "steering_slider.hpp"

namespace flowscope::gui {

std::string roundTripText(double x) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, x).ptr;  // shortest round trip
    return std::string(text, end);
}

const ScenarioKey* findScenarioKey(const std::string& path) {
    for (const ScenarioKey& k : scenarioKeys())
        if (k.path == path) return &k;
    return nullptr;
}

std::vector<DrawnControl>& drawnControls() {
    static std::vector<DrawnControl> controls;
    return controls;
}

namespace {

// Any key, asking first when the changed scenario's steps would be slow (a sample count,
// a dimension). A value the scenario refuses goes to the engine, which reports it.
void requestValue(AppState& state, const std::string& key, const std::string& text) {
    if (key == "particles.count") {
        char* end = nullptr;
        const long count = std::strtol(text.c_str(), &end, 10);
        if (*end == '\0' && count >= 1 && count <= std::numeric_limits<int>::max()) {
            requestParticleCount(state, static_cast<int>(count));
            return;
        }
    }
    Scenario candidate = state.snapshot.scenario;
    try {
        setScenarioValue(candidate, key, text, "setting");
    } catch (const std::exception&) {
        state.engine->setValue(key, text);
        return;
    }
    applyOrAsk(state, candidate, key + " = " + text, [key, text](AppState& s) { s.engine->setValue(key, text); });
}

}  // namespace

const nlohmann::json* valueAt(const nlohmann::json& root, const std::string& path) {
    const nlohmann::json* node = &root;
    std::size_t start = 0;
    while (true) {
        const auto dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!node->is_object() || !node->contains(part)) return nullptr;
        node = &(*node)[part];
        if (dot == std::string::npos) return node;
        start = dot + 1;
    }
}

namespace {

// The label on the right of the widget, or on its own line above a full-width widget when
// the column is narrow (a large UI scale). Returns the widget's ImGui label.
std::string fieldLabel(const ScenarioKey& key, float labelWidth) {
    const std::string shown = key.unit.empty() ? key.label : key.label + " (" + key.unit + ")";
    if (ImGui::GetContentRegionAvail().x >= labelWidth * 2.2f) {
        ImGui::SetNextItemWidth(-labelWidth);
        return shown + "##" + key.path;
    }
    ImGui::TextUnformatted(shown.c_str());
    ImGui::SetNextItemWidth(-FLT_MIN);
    return "##" + key.path;
}

void tooltip(const ScenarioKey& key, const std::string& extra = "") {
    if (!ImGui::IsItemHovered()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(key.help.c_str());
    ImGui::TextDisabled("%s: %s", key.path.c_str(), key.range.c_str());
    if (!extra.empty()) ImGui::TextUnformatted(extra.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

// A combo over the key's words; a word the current scenario refuses (init.kind = sphere on
// the torus) is shown greyed, with the reason.
void choiceControl(AppState& state, const ScenarioKey& key, const std::string& current, float labelWidth) {
    drawnControls().push_back({key.path, "combo", 0.0, 0.0, key.choices, false});
    if (ImGui::BeginCombo(fieldLabel(key, labelWidth).c_str(), current.c_str())) {
        for (const std::string& word : key.choices) {
            std::string refusal;
            Scenario candidate = state.snapshot.scenario;
            try {
                setScenarioValue(candidate, key.path, word, "");
            } catch (const InputError& e) {
                refusal = e.what();
            }
            if (ImGui::Selectable(word.c_str(), word == current, refusal.empty() ? 0 : ImGuiSelectableFlags_Disabled) &&
                word != current)
                requestValue(state, key.path, word);
            if (!refusal.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
                ImGui::SetTooltip("%s", refusal.substr(refusal.find(": ") + 2).c_str());
        }
        ImGui::EndCombo();
    }
    tooltip(key);
}

// An exact value, typed: shown as the shortest text that reads back to the run's value.
void typedField(AppState& state, const ScenarioKey& key, double current, float width) {
    std::string& edit = state.keyEdits["typed:" + key.path];
    const std::string id = "##typed:" + key.path;
    if (ImGui::GetActiveID() != ImGui::GetID(id.c_str())) edit = roundTripText(current);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s", edit.c_str());
    ImGui::SetNextItemWidth(width);
    ImGui::InputText(id.c_str(), buffer, sizeof buffer, ImGuiInputTextFlags_CharsScientific);
    edit = buffer;
    // Enter or leaving the field applies it, once; Escape leaves it as it was.
    if (ImGui::IsItemDeactivatedAfterEdit() && edit != roundTripText(current)) applyTypedValue(state, key.path, edit);
    tooltip(key, "type an exact value, then Enter");
}

void numberControl(AppState& state, const ScenarioKey& key, double current, float labelWidth) {
    const bool integer = key.step == 1.0;
    drawnControls().push_back({key.path, key.logScale ? "log_slider" : "slider", key.lo, key.hi, {}, key.logScale && !integer});
    const ImGuiSliderFlags flags = (key.logScale ? ImGuiSliderFlags_Logarithmic : 0) | ImGuiSliderFlags_NoRoundToFormat;
    std::string label;
    if (key.logScale && !integer) {  // a field for the digits, then a slider for the decades
        const bool narrow = ImGui::GetContentRegionAvail().x < labelWidth * 2.2f;
        if (narrow) ImGui::TextUnformatted(key.label.c_str());
        typedField(state, key, current, ImGui::GetFontSize() * 4.5f);
        ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
        ImGui::SetNextItemWidth(narrow ? -FLT_MIN : -labelWidth);
        label = narrow ? "##" + key.path : key.label + "##" + key.path;
    } else {
        label = fieldLabel(key, labelWidth);
    }
    if (integer) {
        // A count or a size restarts the trails and may cost a while: applied on release.
        int value = 0;
        const int lo = static_cast<int>(std::max(key.lo, double(std::numeric_limits<int>::min())));
        const int hi = static_cast<int>(std::min(key.hi, double(std::numeric_limits<int>::max())));
        if (steeringSlider(state.heldEdit, label.c_str(), ImGuiDataType_S32, static_cast<int>(current), value, lo, hi, "%d",
                           flags, true))
            requestValue(state, key.path, std::to_string(value));
        std::string cost;
        if (key.path == "particles.count" && (ImGui::IsItemActive() || ImGui::IsItemHovered())) {
            Scenario candidate = state.snapshot.scenario;  // the cost of a step at the count under the hand
            candidate.particleCount = std::max(1, value);
            cost = "m = " + std::to_string(candidate.particleCount) + ": about " +
                   describeDuration(state.engine->estimateStepSeconds(candidate)) + " per step here";
        }
        tooltip(key, cost);
        return;
    }
    double value = 0.0;
    if (steeringSlider(state.heldEdit, label.c_str(), ImGuiDataType_Double, current, value, key.lo, key.hi, "%.3g", flags) &&
        !(key.openLo && value <= key.lo))
        requestValue(state, key.path, roundTripText(value));
    tooltip(key);
}

}  // namespace

void applyTypedValue(AppState& state, const std::string& key, const std::string& text) {
    const ScenarioKey* k = findScenarioKey(key);
    const std::size_t first = text.find_first_not_of(" \t"), last = text.find_last_not_of(" \t");
    const std::string trimmed = first == std::string::npos ? "" : text.substr(first, last - first + 1);
    if (k && k->type == "number" && !trimmed.empty()) {
        char* end = nullptr;
        const double x = std::strtod(trimmed.c_str(), &end);
        if (*end == '\0' && std::isfinite(x)) {
            requestValue(state, key, roundTripText(x));
            return;
        }
    }
    requestValue(state, key, trimmed);
}

void keyControls(AppState& state, const std::vector<std::string>& paths) {
    const nlohmann::json values = scenarioToJson(state.snapshot.scenario);
    const float labelWidth = ImGui::GetFontSize() * 7.5f;
    for (const std::string& path : paths) {
        const ScenarioKey* key = findScenarioKey(path);
        const nlohmann::json* value = valueAt(values, path);
        if (!key || !value) continue;  // a list naming no key: scenario_test-like checks catch it (gui.logic)
        ImGui::PushID(path.c_str());
        if (!key->choices.empty()) {
            choiceControl(state, *key, value->get<std::string>(), labelWidth);
        } else if (key->type == "boolean") {
            drawnControls().push_back({path, "checkbox", 0.0, 0.0, {}, false});
            bool on = value->get<bool>();
            if (ImGui::Checkbox(key->label.c_str(), &on)) requestValue(state, path, on ? "true" : "false");
            tooltip(*key);
        } else if (key->bounded) {
            // The particle count shown is the run's (a resize is applied between steps).
            const double current = path == "particles.count" ? state.snapshot.particles.count() : value->get<double>();
            numberControl(state, *key, current, labelWidth);
        }
        ImGui::PopID();
    }
}

}  // namespace flowscope::gui
