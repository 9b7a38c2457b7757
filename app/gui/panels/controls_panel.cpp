#include "controls_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "axes.hpp"
#include "compare_panel.hpp"
#include "costly_change.hpp"
#include "data_panel.hpp"
#include "key_controls.hpp"
#include "palette.hpp"
#include "scenario_library.hpp"
#include "shortcuts.hpp"
#include "steering_slider.hpp"
#include "fonts_theme.hpp"
#include "widget_rects.hpp"


namespace flowscope::gui {

namespace {


std::string valueText(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

void scenarioSection(AppState& state) {
    const Snapshot& s = state.snapshot;
    sectionHeading("Scenario");
    const std::vector<std::string>& names = state.presets;
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

// Play / Pause, Step, Reset: the run controls (more buttons for the run go here).
void runButtons(AppState& state) {
    const Snapshot& s = state.snapshot;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float room = ImGui::GetContentRegionAvail().x;
    const float third = (room - 2 * style.ItemSpacing.x) / 3.0f;
    // Three in a row while the longest name fits; on a narrow panel (a projector's scale)
    // Play on a row of its own and Step, Reset below, rather than names cut to "Paus".
    const bool oneRow = ImGui::CalcTextSize("Continue").x + 2 * style.FramePadding.x <= third;
    const float half = (room - style.ItemSpacing.x) / 2.0f;
    // At the step budget (run.steps) the run stops; playing on grants as many steps again.
    const char* play = s.playing ? "Pause" : s.budgetReached ? "Continue" : "Play";
    actionButton(state, "play_pause", play, oneRow ? third : room);
    if (s.budgetReached && ImGui::IsItemHovered())
        ImGui::SetTooltip("the run stopped at its step budget (%lld steps); Continue runs %d more",
                          static_cast<long long>(s.stepBudget), s.scenario.run.steps);
    if (oneRow) ImGui::SameLine();
    actionButton(state, "step", "Step", oneRow ? third : half);
    ImGui::SameLine();
    actionButton(state, "reset", "Reset", oneRow ? third : half);
}

}  // namespace

// How the run plays: flow time on a log scale (each decade of t in the same screen time:
// the first steps one by one, the long tail quickly), a fixed number of steps per second,
// or as fast as the machine goes.
void paceControls(AppState& state) {
    Pace& pace = state.pace;
    const char* modes[] = {"as fast as possible", "steps per second", "log time"};
    int mode = pace.mode == Pace::Mode::Fastest ? 0 : pace.mode == Pace::Mode::StepsPerSecond ? 1 : 2;
    const float label = ImGui::GetFontSize() * 7.5f;
    ImGui::PushItemWidth(-label);
    if (ImGui::Combo("pace", &mode, modes, 3)) {
        pace.mode = mode == 0 ? Pace::Mode::Fastest : mode == 1 ? Pace::Mode::StepsPerSecond : Pace::Mode::LogTime;
        if (pace.mode == Pace::Mode::StepsPerSecond) pace.stepsPerSecond = demoPace(state.snapshot.scenario);
        applyPace(state);
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("log time: each decade of flow time t takes the same screen time, so the first steps are "
                          "seen one by one and the paper's descent is not over in a blink");
    if (pace.mode == Pace::Mode::LogTime) {
        double seconds = 0.0;
        if (steeringSlider(state.heldEdit, "s per decade", ImGuiDataType_Double, pace.secondsPerDecade, seconds, 0.3, 60.0,
                           "%.2g s", ImGuiSliderFlags_Logarithmic)) {
            pace.secondsPerDecade = seconds;
            applyPace(state);
        }
    } else if (pace.mode == Pace::Mode::StepsPerSecond) {
        double speed = 0.0;
        if (steeringSlider(state.heldEdit, "steps/s", ImGuiDataType_Double, pace.stepsPerSecond, speed, 1.0, 1e6, "%.0f",
                           ImGuiSliderFlags_Logarithmic)) {
            pace.stepsPerSecond = speed;
            applyPace(state);
        }
    }
    ImGui::PopItemWidth();
}

void viewButtons(AppState& state) {
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2.0f;
    actionButton(state, "fit_view", "Fit view", half);
    ImGui::SameLine();
    actionButton(state, "screenshot", "Screenshot", half);
    actionButton(state, "record", state.recording ? "Stop recording" : "Record clip", ImGui::GetContentRegionAvail().x);
}

namespace {

void runSection(AppState& state) {
    const Snapshot& s = state.snapshot;
    Engine& engine = *state.engine;
    sectionHeading("Run");
    runButtons(state);
    const float third = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.0f;

    int seed = static_cast<int>(std::min<std::uint64_t>(state.seed, 2000000000));
    ImGui::SetNextItemWidth(third * 2 + ImGui::GetStyle().ItemSpacing.x);
    if (ImGui::InputInt("##seed", &seed)) state.seed = static_cast<std::uint64_t>(std::max(0, seed));
    ImGui::SameLine();
    if (ImGui::Button("Reseed", ImVec2(third, 0))) engine.reseed(state.seed);
    // Another ground truth from the same start (Reseed keeps the truth and redraws the start);
    // with own data the same seed draws the data set, or a file's train/test split.
    const bool ownData = s.scenario.usesGivenData();
    if (ImGui::Button(ownData ? "New data draw" : "New teacher", ImVec2(-FLT_MIN, 0)))
        engine.newTeacher(s.scenario.truthSeed() + 1);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(ownData ? (s.scenario.usesDataFile() ? "another split of the file's samples into train and test"
                                                                : "another draw of the data set from the next seed")
                                  : "another ground truth from the next seed, the same start");

    paceControls(state);
    stateFileRow(state);
}

// The keys of the Dynamics and Problem sections, in order; each control comes from its
// key's widget facts (key_controls.hpp). Keys that do nothing in the current scenario
// (the conic flow's position scale under Euler, the Gaussian's width under Dirichlet) are left out.
std::vector<std::string> dynamicsKeys(const Scenario& s) {
    std::vector<std::string> keys{"dynamics.step_size", "particles.count", "init.kind", "dynamics.kind"};
    if (s.dynamics.kind == DynamicsKind::Conic) keys.push_back("dynamics.position_scale");
    keys.insert(keys.end(), {"regularizer.kind", "regularizer.lambda", "dynamics.output_scale"});
    return keys;
}

std::vector<std::string> problemKeys(const Scenario& s) {
    if (s.isDeconvolution())
        return {"deconvolution.kernel",
                s.deconvolution.kernel == FilterKind::Dirichlet ? "deconvolution.order" : "deconvolution.width",
                "deconvolution.samples", "deconvolution.noise", "truth.count"};
    std::vector<std::string> keys{"network.activation", "network.risk", "network.loss", "network.input_dim", "network.bias"};
    if (!s.usesGivenData()) keys.push_back("truth.count");
    keys.push_back("data.kind");
    if (s.usesGivenData() && !s.usesDataFile()) keys.insert(keys.end(), {"data.samples", "data.noise"});
    if (s.network.risk != RiskKind::Population) keys.push_back("data.test_fraction");
    return keys;
}

void dynamicsSection(AppState& state) {
    sectionHeading("Dynamics");
    keyControls(state, dynamicsKeys(state.snapshot.scenario));
}

void problemSection(AppState& state) {
    sectionHeading("Problem");
    keyControls(state, problemKeys(state.snapshot.scenario));
    dataSection(state);
}

// Each view draws its own options (ParticleView, PredictorView); the panel adds the UI
// scale and the buttons.
void viewSection(AppState& state, const std::function<void(HeldEdit&)>& viewOptions) {
    sectionHeading("View");
    const float label = ImGui::GetFontSize() * 7.5f;
    ImGui::PushItemWidth(-label);
    if (viewOptions) viewOptions(state.heldEdit);
    float scale = 0.0f;  // on release: the fonts are rebuilt
    if (steeringSlider(state.heldEdit, "UI scale", ImGuiDataType_Float, state.uiScale, scale, 0.75f, 3.0f, "%.2f", 0, true)) state.uiScaleRequest = scale;
    // The scale for the room, in one pick: text the back rows can read at each size of hall.
    static const std::pair<const char*, float> rooms[] = {
        {"laptop (1.0)", 1.0f}, {"projector (1.5)", 1.5f}, {"lecture hall (2.0)", 2.0f}, {"back rows (2.5)", 2.5f}};
    if (ImGui::BeginCombo("room", "UI scale for a room")) {
        for (const auto& [name, value] : rooms)
            if (ImGui::Selectable(name, std::abs(state.uiScale - value) < 0.01f)) state.uiScaleRequest = value;
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("sets the UI scale (Ctrl + and Ctrl - fine-tune it)");
    ImGui::PopItemWidth();
    bool highContrast = palette::highContrastOn();
    if (ImGui::Checkbox("high contrast (F6)", &highContrast)) actionNamed("high_contrast").run(state, 0);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("black background, white text, brighter marks: for a washed-out projector");
    viewButtons(state);
}

void keysSection(AppState& state) {
    ImGui::Spacing();
    if (!ImGui::CollapsingHeader("All scenario keys")) return;
    ImGui::TextDisabled("Edit a value, then Enter (or click elsewhere).");
    const nlohmann::json current = scenarioToJson(state.snapshot.scenario);
    const float label = ImGui::GetFontSize() * 11.0f;
    for (const ScenarioKey& key : scenarioKeys()) {
        if (key.path == "name" || key.path == "description" || key.path == "truth.given") continue;  // the truth: edited in the particle view
        const nlohmann::json* value = valueAt(current, key.path);
        const std::string shown = value ? valueText(*value) : "";
        auto edit = state.keyEdits.find(key.path);
        if (edit == state.keyEdits.end() || !ImGui::IsAnyItemActive()) edit = state.keyEdits.insert_or_assign(key.path, shown).first;
        char buffer[256];
        std::snprintf(buffer, sizeof buffer, "%s", edit->second.c_str());
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - label);
        ImGui::InputText(key.path.c_str(), buffer, sizeof buffer);
        edit->second = buffer;
        // Enter or leaving the field applies it, once; Escape leaves it as it was.
        if (ImGui::IsItemDeactivatedAfterEdit() && edit->second != shown) applyTypedValue(state, key.path, buffer);
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
    if (ImGui::BeginTable("shortcuts", 2)) {
        for (const Action& a : shortcutTable()) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(a.keys);
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("%s", a.doc);
            ImGui::PopTextWrapPos();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", a.place);
        }
        ImGui::EndTable();
    }
}

}  // namespace

void drawControls(AppState& state, const std::function<void(HeldEdit&)>& viewOptions) {
    ImGui::PushFont(ImGui::GetIO().Fonts->Fonts.size() > 1 ? ImGui::GetIO().Fonts->Fonts[1] : nullptr);
    ImGui::TextUnformatted("flowscope");
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("gradient flow of particles to a global minimum");
    ImGui::PopStyleColor();
    scenarioSection(state);
    runSection(state);
    drawCompareLauncher(state);
    dynamicsSection(state);
    problemSection(state);
    viewSection(state, viewOptions);
    keysSection(state);
    shortcutsSection();
}

namespace {

// One banner: a coloured box with a message and one button, as wide as `width`.
void banner(const char* id, ImVec4 color, const std::string& text, const char* button, float width, bool& pressed) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, color);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttonWidth = ImGui::CalcTextSize(button).x + style.FramePadding.x * 2;
    const float textWidth = width - buttonWidth - style.WindowPadding.x * 2 - style.ItemSpacing.x;
    const float textHeight = ImGui::CalcTextSize(text.c_str(), nullptr, false, textWidth).y;
    const float height = std::max(textHeight, ImGui::GetFrameHeight()) + style.WindowPadding.y * 2;
    ImGui::BeginChild(id, ImVec2(width, height), true, ImGuiWindowFlags_NoScrollbar);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + textWidth);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::SameLine(width - style.WindowPadding.x - buttonWidth);
    pressed = ImGui::Button(button);
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace

void drawBanners(AppState& state, const ScreenRect& views) {
    const Snapshot& s = state.snapshot;
    const bool diverged = s.status == RunStatus::Diverged;
    std::vector<const Message*> open = state.messages.open();
    if (open.size() > 3) open.erase(open.begin(), open.end() - 3);  // the newest three
    if (!diverged && open.empty()) return;
    // A window of its own over the views' top edge: a message never moves a panel.
    const float inset = ImGui::GetFontSize() * 0.5f;
    const float width = views.width() - 2 * inset;
    ImGui::SetNextWindowPos(ImVec2(views.min.x + inset, views.min.y + inset));
    ImGui::SetNextWindowSize(ImVec2(width, 0.0f));
    ImGui::SetNextWindowBgAlpha(0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("##banners", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    ImGui::PopStyleVar();
    bool pressed = false;
    if (diverged) {
        char text[256];
        std::snprintf(text, sizeof text, "Diverged at step %lld: %s = %s. Step size suggested: %s.", static_cast<long long>(s.divergence.step),
                      s.divergence.quantity.c_str(), formatValue(s.divergence.value).c_str(), formatValue(s.divergence.suggestedStepSize).c_str());
        banner("diverged", ImVec4(0.45f, 0.08f, 0.08f, 1.0f), text, "Restore last finite state", width, pressed);
        if (pressed) state.engine->restoreLastFinite();
    }
    for (const Message* m : open) {
        const std::uint64_t id = m->id;
        const ImVec4 color = m->severity == Severity::Error ? ImVec4(0.38f, 0.26f, 0.05f, 1.0f) : ImVec4(0.30f, 0.26f, 0.10f, 1.0f);
        banner(("message" + std::to_string(id)).c_str(), color, m->text, "Dismiss", width, pressed);
        if (pressed) state.messages.dismiss(id);
    }
    widgetRects().add("banner", "overlay", {ImGui::GetWindowPos(), ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                                                                        ImGui::GetWindowPos().y + ImGui::GetWindowSize().y)});
    ImGui::End();
}

// The status line's items, most important first; those that do not fit are left out
// from the end. A new item (e.g. a step's progress) goes into this list.
std::vector<std::string> statusItems(const AppState& state, float framesPerSecond) {
    const Snapshot& s = state.snapshot;
    const bool idle = !s.playing && s.pendingSteps == 0;
    std::string run = s.status == RunStatus::Diverged ? "diverged"
                      : s.playing                     ? "running"
                      : s.pendingSteps > 0            ? "stepping"
                      : s.budgetReached               ? "stopped at its step budget (Continue goes on)"
                                                      : "paused";
    char text[160];
    // A step longer than a frame: which one, how far, for how long (the window still answers).
    const StepProgress progress = state.engine ? state.engine->progress() : StepProgress{};
    if (progress.computing && progress.seconds > 0.1) {
        if (progress.starting)
            std::snprintf(text, sizeof text, "evaluating the start of step %lld", static_cast<long long>(progress.step));
        else
            std::snprintf(text, sizeof text, "computing step %lld", static_cast<long long>(progress.step));
        run = text;
        if (progress.fraction >= 0.0) {
            std::snprintf(text, sizeof text, "  %.0f%%", 100.0 * progress.fraction);
            run += text;
        }
        run += "  " + describeDuration(progress.seconds);
    }
    std::vector<std::string> items;
    items.push_back(s.scenario.name);
    items.push_back(run);
    std::snprintf(text, sizeof text, "step %lld", static_cast<long long>(s.current.step));
    items.push_back(text);
    items.push_back(s.evaluated ? "objective " + formatValue(s.current.objective) : std::string("objective: computing"));
    std::snprintf(text, sizeof text, "m = %d", s.particles.count());
    items.push_back(text);
    // A paused run computes nothing: its last rate would be a stale number. A clip shows
    // no rates of the machine that recorded it (its frames follow the video's clock).
    if (!state.recording) items.push_back(idle ? std::string("0 steps/s") : formatValue(s.stepsPerSecond) + " steps/s");
    items.push_back("t = " + formatValue(s.current.time));
    std::snprintf(text, sizeof text, "%.0f fps", framesPerSecond);
    if (!state.recording) items.push_back(text);
    return items;
}

void drawStatusLine(AppState& state, float framesPerSecond) {
    actionButton(state, "panel", state.controlsOpen ? "\xe2\x97\x80 Panel" : "\xe2\x96\xb6 Panel");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("hide or show the control panel: the views take the whole window");
    widgetRects().add("status.panel_toggle", "status", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    ImGui::SameLine();
    const Message* notice = state.messages.currentNotice(ImGui::GetTime());
    const float noticeWidth = notice ? ImGui::CalcTextSize(notice->text.c_str()).x + ImGui::GetFontSize() * 2 : 0.0f;
    const float room = ImGui::GetContentRegionAvail().x - noticeWidth;
    std::string line;
    for (const std::string& item : statusItems(state, framesPerSecond)) {
        const std::string next = line.empty() ? item : line + "  |  " + item;
        if (ImGui::CalcTextSize(next.c_str()).x > room) break;
        line = next;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(line.c_str());
    widgetRects().add("status.text", "status", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    if (notice) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.55f, 0.9f, 0.6f, 1.0f), "  %s", notice->text.c_str());
        widgetRects().add("status.notice", "status", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    }
}

}  // namespace flowscope::gui
