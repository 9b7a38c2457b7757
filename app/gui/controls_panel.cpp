#include "controls_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "axes.hpp"
#include "palette.hpp"
#include "scenario_library.hpp"

namespace flowscope::gui {

namespace {

void heading(const char* text) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.60f, 0.78f, 1.0f, 1.0f));
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
    ImGui::Separator();
}

// A combo over the allowed words of a scenario key; a pick is sent through setValue.
void choiceCombo(AppState& state, const char* label, const char* key, const std::string& current,
                 std::initializer_list<const char*> choices) {
    if (ImGui::BeginCombo(label, current.c_str())) {
        for (const char* c : choices)
            if (ImGui::Selectable(c, current == c)) state.engine->setValue(key, c);
        ImGui::EndCombo();
    }
}

std::string valueText(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// The value of a dotted key in the scenario's JSON form.
const nlohmann::json* lookup(const nlohmann::json& root, const std::string& path) {
    const nlohmann::json* node = &root;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!node->is_object() || !node->contains(part)) return nullptr;
        node = &(*node)[part];
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return node;
}

void scenarioSection(AppState& state) {
    const Snapshot& s = state.snapshot;
    heading("Scenario");
    const std::vector<std::string> names = presetNames();
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##preset", state.preset.empty() ? s.scenario.name.c_str() : state.preset.c_str())) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            char label[128];
            std::snprintf(label, sizeof label, "%s%s", names[i].c_str(), i < 9 ? "" : "");
            if (ImGui::Selectable(label, names[i] == state.preset)) selectPreset(state, names[i]);
            if (i < 9) {
                ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize());
                ImGui::TextDisabled("%zu", i + 1);
            }
        }
        ImGui::EndCombo();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s", s.scenario.description.c_str());
    ImGui::PopStyleColor();
}

// The whole run (particles, curves, random streams) to a checkpoint file and back, to
// continue later here or with `flowscope-cli resume`.
void stateFileRow(AppState& state) {
    char path[1024];
    std::snprintf(path, sizeof path, "%s", state.stateFile.c_str());
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::InputText("##state file", path, sizeof path)) state.stateFile = path;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("checkpoint file: the particles, the curves and the random streams, to continue "
                          "later (here, or with flowscope-cli resume)");
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2.0f;
    if (ImGui::Button("Save state", ImVec2(half, 0))) state.engine->saveState(state.stateFile);
    ImGui::SameLine();
    if (ImGui::Button("Load state", ImVec2(half, 0))) state.engine->loadState(state.stateFile);
}

void runSection(AppState& state) {
    const Snapshot& s = state.snapshot;
    Engine& engine = *state.engine;
    heading("Run");
    const float third = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
    if (ImGui::Button(s.playing ? "Pause" : "Play", ImVec2(third, 0))) engine.togglePlay();
    ImGui::SameLine();
    if (ImGui::Button("Step", ImVec2(third, 0))) engine.step(1);
    ImGui::SameLine();
    if (ImGui::Button("Reset", ImVec2(third, 0))) engine.reset();

    int seed = static_cast<int>(std::min<std::uint64_t>(state.seed, 2000000000));
    ImGui::SetNextItemWidth(third * 2 + ImGui::GetStyle().ItemSpacing.x);
    if (ImGui::InputInt("##seed", &seed)) state.seed = static_cast<std::uint64_t>(std::max(0, seed));
    ImGui::SameLine();
    if (ImGui::Button("Reseed", ImVec2(third, 0))) engine.reseed(state.seed);
    // Another ground truth from the same start (Reseed keeps the truth and redraws the start).
    if (ImGui::Button("New teacher", ImVec2(-FLT_MIN, 0))) engine.newTeacher(s.scenario.truthSeed() + 1);

    bool unlimited = state.speedLimit <= 0.0;
    if (ImGui::Checkbox("as fast as possible", &unlimited)) {
        state.speedLimit = unlimited ? 0.0 : demoPace(s.scenario);
        engine.setStepsPerSecondLimit(state.speedLimit);
    }
    if (!unlimited) {
        float speed = static_cast<float>(state.speedLimit);
        ImGui::SetNextItemWidth(-FLT_MIN);
        if (ImGui::SliderFloat("##speed", &speed, 1.0f, 1e6f, "%.0f steps/s", ImGuiSliderFlags_Logarithmic)) {
            state.speedLimit = speed;
            engine.setStepsPerSecondLimit(speed);
        }
        const float fps = std::max(ImGui::GetIO().Framerate, 1.0f);
        ImGui::TextDisabled("about %.3g steps per frame", state.speedLimit / fps);
    }
    stateFileRow(state);
}

void dynamicsSection(AppState& state) {
    const Scenario& sc = state.snapshot.scenario;
    Engine& engine = *state.engine;
    heading("Dynamics");
    const float label = ImGui::GetFontSize() * 7.5f;
    ImGui::PushItemWidth(-label);
    double eta = sc.dynamics.stepSize;
    const double etaMin = 1e-6, etaMax = 100.0;
    if (ImGui::SliderScalar("step size \xce\xb7", ImGuiDataType_Double, &eta, &etaMin, &etaMax, "%.3g", ImGuiSliderFlags_Logarithmic))
        engine.setStepSize(eta);
    int& count = state.particleCountEdit;  // follows the run except while the slider is held
    if (!ImGui::IsAnyItemActive()) count = state.snapshot.particles.count();
    ImGui::SliderInt("particles m", &count, 1, 1000000, "%d", ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemDeactivatedAfterEdit()) engine.setParticleCount(std::max(1, count));
    if (sc.isDeconvolution())
        choiceCombo(state, "initialization", "init.kind", sc.init.kind, {"grid", "uniform", "subinterval", "point"});
    else
        choiceCombo(state, "initialization", "init.kind", sc.init.kind, {"sphere", "half_sphere", "point"});
    choiceCombo(state, "flow", "dynamics.kind", sc.dynamics.kind, {"euler", "forward_backward", "conic"});
    double lambda = sc.regularizer.lambda;
    const double lambdaMin = 0.0, lambdaMax = 2.0;
    if (ImGui::SliderScalar("penalty \xce\xbb", ImGuiDataType_Double, &lambda, &lambdaMin, &lambdaMax, "%.3g"))
        engine.setValue("regularizer.lambda", std::to_string(lambda));
    double alpha = sc.dynamics.outputScale;
    const double alphaMin = 0.01, alphaMax = 100.0;
    if (ImGui::SliderScalar("output scale \xce\xb1", ImGuiDataType_Double, &alpha, &alphaMin, &alphaMax, "%.3g", ImGuiSliderFlags_Logarithmic))
        engine.setValue("dynamics.output_scale", std::to_string(alpha));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Large \xce\xb1: lazy (kernel) regime, particles barely move. 1: mean field.");
    ImGui::PopItemWidth();
}

void viewSection(AppState& state) {
    heading("View");
    ParticleViewOptions& o = *state.particleOptions;
    // Trails: off, the recent past (fading), or whole paths from the start as in the paper.
    const char* trailKinds[] = {"no trails", "recent trails", "whole paths"};
    int kind = !o.trails ? 0 : o.wholePaths ? 2 : 1;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
    if (ImGui::Combo("##trails", &kind, trailKinds, 3)) o.trails = kind > 0, o.wholePaths = kind == 2;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("whole paths: every particle's trajectory since the start of the run, as in the paper's figures");
    ImGui::SameLine();
    ImGui::Checkbox("truth", &o.truth);
    ImGui::SameLine();
    ImGui::Checkbox("contours", state.contours);
    const float label = ImGui::GetFontSize() * 7.5f;
    ImGui::PushItemWidth(-label);
    ImGui::SliderInt("trail length", &o.trailLength, 8, 600, "%d samples", ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("positions kept per particle: one per new step, at most 30 a second%s",
                          o.wholePaths ? "; whole paths are thinned to fit" : "");
    ImGui::SliderFloat("particle size", &o.particleSize, 0.3f, 3.0f, "%.2f");
    float& scale = state.uiScaleEdit;
    if (!ImGui::IsAnyItemActive()) scale = state.uiScale;
    ImGui::SliderFloat("UI scale", &scale, 0.75f, 3.0f, "%.2f");
    if (ImGui::IsItemDeactivatedAfterEdit()) state.uiScaleRequest = scale;
    ImGui::PopItemWidth();
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2.0f;
    if (ImGui::Button("Fit view (F)", ImVec2(half, 0))) state.particleView->fit();
    ImGui::SameLine();
    if (ImGui::Button("Screenshot (P)", ImVec2(half, 0))) state.screenshotRequested = true;
}

void keysSection(AppState& state) {
    ImGui::Spacing();
    if (!ImGui::CollapsingHeader("All scenario keys")) return;
    ImGui::TextDisabled("Edit a value and press Enter.");
    const nlohmann::json current = scenarioToJson(state.snapshot.scenario);
    const float label = ImGui::GetFontSize() * 11.0f;
    for (const ScenarioKey& key : scenarioKeys()) {
        if (key.path == "name" || key.path == "description") continue;
        const nlohmann::json* value = lookup(current, key.path);
        const std::string shown = value ? valueText(*value) : "";
        auto edit = state.keyEdits.find(key.path);
        if (edit == state.keyEdits.end() || !ImGui::IsAnyItemActive()) edit = state.keyEdits.insert_or_assign(key.path, shown).first;
        char buffer[256];
        std::snprintf(buffer, sizeof buffer, "%s", edit->second.c_str());
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - label);
        if (ImGui::InputText(key.path.c_str(), buffer, sizeof buffer, ImGuiInputTextFlags_EnterReturnsTrue))
            state.engine->setValue(key.path, buffer);
        edit->second = buffer;
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
            ImGui::TextUnformatted(key.meaning.c_str());
            ImGui::TextDisabled("%s: %s", key.type.c_str(), key.range.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
}

void shortcutsSection() {
    ImGui::Spacing();
    if (!ImGui::CollapsingHeader("Keyboard shortcuts")) return;
    int n = 0;
    const Shortcut* list = shortcuts(n);
    if (ImGui::BeginTable("shortcuts", 2)) {
        for (int i = 0; i < n; ++i) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(list[i].keys);
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", list[i].action);
        }
        ImGui::EndTable();
    }
}

}  // namespace

const Shortcut* shortcuts(int& count) {
    static const Shortcut list[] = {
        {"Space", "play / pause"},        {"S", "one step"},
        {"R", "reset (same seed)"},       {"N", "reseed (next seed)"},
        {"F", "fit the particle view"},   {"T", "trails on / off"},
        {"G", "ground truth on / off"},   {"+ / \xe2\x88\x92", "step size \xc3\x97 2 / \xc3\xb7 2"},
        {"1 \xe2\x80\xa6 9", "preset by number"}, {"P or F12", "screenshot (PNG)"},
        {"Ctrl + / Ctrl \xe2\x88\x92", "UI scale"}, {"Ctrl Q", "quit"},
    };
    count = static_cast<int>(sizeof list / sizeof list[0]);
    return list;
}

void drawControls(AppState& state) {
    ImGui::PushFont(ImGui::GetIO().Fonts->Fonts.size() > 1 ? ImGui::GetIO().Fonts->Fonts[1] : nullptr);
    ImGui::TextUnformatted("flowscope");
    ImGui::PopFont();
    ImGui::TextDisabled("gradient flow of particles to a global minimum");
    scenarioSection(state);
    runSection(state);
    dynamicsSection(state);
    viewSection(state);
    keysSection(state);
    shortcutsSection();
}

void drawBanners(AppState& state) {
    const Snapshot& s = state.snapshot;
    const float font = ImGui::GetFontSize();
    if (s.status == RunStatus::Diverged) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.45f, 0.08f, 0.08f, 1.0f));
        ImGui::BeginChild("diverged", ImVec2(0, font * 2.6f), true);
        ImGui::AlignTextToFramePadding();
        ImGui::Text("Diverged at step %lld: %s = %s. Step size suggested: %s.", static_cast<long long>(s.divergence.step),
                    s.divergence.quantity.c_str(), formatValue(s.divergence.value).c_str(),
                    formatValue(s.divergence.suggestedStepSize).c_str());
        ImGui::SameLine();
        if (ImGui::Button("Restore last finite state")) state.engine->restoreLastFinite();
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }
    if (!s.error.empty() && s.errorSerial > state.dismissedError) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.38f, 0.26f, 0.05f, 1.0f));
        ImGui::BeginChild("refused", ImVec2(0, font * 2.6f), true);
        ImGui::AlignTextToFramePadding();
        ImGui::Text("Refused, the run goes on unchanged: %s", s.error.c_str());
        ImGui::SameLine();
        if (ImGui::Button("Dismiss")) state.dismissedError = s.errorSerial;
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }
}

void drawStatusLine(AppState& state, float framesPerSecond) {
    const Snapshot& s = state.snapshot;
    if (s.noticeSerial > state.shownEngineNotice) {  // a state saved or loaded
        state.shownEngineNotice = s.noticeSerial;
        setNotice(state, s.notice);
    }
    const char* run = s.status == RunStatus::Diverged ? "diverged" : s.playing ? "running" : s.pendingSteps > 0 ? "stepping" : "paused";
    char text[512];
    std::snprintf(text, sizeof text, "%s  |  %s  |  m = %d  |  %s steps/s  |  step %lld  |  t = %s  |  objective %s  |  %.0f fps",
                  s.scenario.name.c_str(), run, s.particles.count(), formatValue(s.stepsPerSecond).c_str(),
                  static_cast<long long>(s.current.step), formatValue(s.current.time).c_str(),
                  formatValue(s.current.objective).c_str(), framesPerSecond);
    ImGui::TextUnformatted(text);
    if (!state.notice.empty() && ImGui::GetTime() < state.noticeUntil) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.55f, 0.9f, 0.6f, 1.0f), "  %s", state.notice.c_str());
    }
}

}  // namespace flowscope::gui
