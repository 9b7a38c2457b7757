#include "shortcuts.hpp"

#include <algorithm>
#include <stdexcept>

#include <imgui.h>

#include <GLFW/glfw3.h>

#include "app_state.hpp"
#include "axes.hpp"
#include "compare_session.hpp"
#include "scenario_library.hpp"

namespace flowscope::gui {

namespace {

// Play, step and reset act on every run shown: the single one, or all compared.
void playPause(AppState& s, int) {
    if (s.compare) s.compare->togglePlay();
    else s.engine->togglePlay();
}
void oneStep(AppState& s, int) {
    if (s.compare) s.compare->step();
    else s.engine->step(1);
}
void reset(AppState& s, int) {
    if (s.compare) s.compare->reset();
    else s.engine->reset();
}
// Keys that change a run's parameters act on every compared run, keeping the runs apart
// only in the keys the comparison varies; a change of a varied key is refused, saying so.
bool refusedWhileComparing(AppState& s, const std::string& key) {
    const std::string why = s.compare->refusal(key);
    if (!why.empty()) setNotice(s, "Not changed: " + why, 6.0);
    return !why.empty();
}
void reseed(AppState& s, int) {
    if (!s.compare) return s.engine->reseed(++s.seed);
    if (refusedWhileComparing(s, "init.seed")) return;
    // One new start for all: the next seed after the runs' own (they share it).
    const std::uint64_t seed = s.compare->comparison().runs.front().scenario.initSeed() + 1;
    s.compare->reseed(seed);
    setNotice(s, "every run reseeded: init.seed = " + std::to_string(seed) + " (the same truth)");
}
void fitView(AppState& s, int) { s.viewRequests.fit = true; }
void toggleTrails(AppState& s, int) { s.viewRequests.toggleTrails = !s.viewRequests.toggleTrails; }
void toggleTruth(AppState& s, int) { s.viewRequests.toggleTruth = !s.viewRequests.toggleTruth; }
void togglePanel(AppState& s, int) { s.controlsOpen = !s.controlsOpen; }
// The shown step size changes at once: the next repeat of a held key doubles the value
// just asked for, not the one of a snapshot the engine has not replaced yet.
void scaleStep(AppState& s, double factor) {
    if (s.compare) {
        if (refusedWhileComparing(s, "dynamics.step_size")) return;
        setNotice(s, "every run: step size " + formatValue(s.compare->scaleStepSize(factor)));
        return;
    }
    double& eta = s.snapshot.scenario.dynamics.stepSize;
    eta *= factor;
    s.engine->setStepSize(eta);
}
void largerStep(AppState& s, int) { scaleStep(s, 2.0); }
void smallerStep(AppState& s, int) { scaleStep(s, 0.5); }
void screenshot(AppState& s, int) { s.screenshotRequested = true; }
void record(AppState& s, int) { s.recordRequested = true; }
void nextLessonStep(AppState& s, int) { s.lessonMove = +1; }
void previousLessonStep(AppState& s, int) { s.lessonMove = -1; }
void togglePresenter(AppState& s, int) { s.presenter = !s.presenter; }
void toggleFullScreen(AppState& s, int) { s.fullScreenRequested = true; }
void toggleContrast(AppState& s, int) { s.contrastToggleRequested = !s.contrastToggleRequested; }
void largerText(AppState& s, int) { s.uiScaleRequest = std::min(3.0f, (s.uiScaleRequest > 0.0f ? s.uiScaleRequest : s.uiScale) * 1.1f); }
void smallerText(AppState& s, int) { s.uiScaleRequest = std::max(0.75f, (s.uiScaleRequest > 0.0f ? s.uiScaleRequest : s.uiScale) / 1.1f); }
void quit(AppState& s, int) { s.quitRequested = true; }
void compareWith(AppState& s, int) { s.compareRequests.dialog = true; }
void toggleLockstep(AppState& s, int) {
    if (s.compare) s.compare->setLockstep(!s.compare->lockstep());
}
void timelineBack(AppState& s, int) { s.timeline.play = -1; }
void timelineForward(AppState& s, int) { s.timeline.play = +1; }
void timelinePresent(AppState& s, int) { s.timeline.present = true; }
void continueHere(AppState& s, int) { s.timeline.fork = true; }
void undoTruth(AppState& s, int) { s.viewRequests.truthHistory = -1; }
void redoTruth(AppState& s, int) { s.viewRequests.truthHistory = +1; }
void removeTruthUnit(AppState& s, int) { s.viewRequests.removeTruthUnit = true; }
// The chords are 1..9 then keypad 1..9: the same preset for both.
void presetByNumber(AppState& s, int chord) {
    const std::vector<std::string>& names = s.presets;
    const auto k = static_cast<std::size_t>(chord % 9);
    if (k >= names.size()) return;
    s.compareRequests.close = true;  // a preset is a single run
    selectPreset(s, names[k]);
}

std::vector<KeyChord> digitChords() {
    std::vector<KeyChord> chords;
    for (int k = 0; k < 9; ++k) chords.push_back({GLFW_KEY_1 + k});
    for (int k = 0; k < 9; ++k) chords.push_back({GLFW_KEY_KP_1 + k});
    return chords;
}

}  // namespace

const std::vector<Action>& shortcutTable() {
    static const std::vector<Action> table = {
        {"play_pause", "Space", "play / pause", "Run: Play / Pause", {{GLFW_KEY_SPACE}}, false, playPause},
        {"step", "S", "one step (held: one per key repeat)", "Run: Step", {{GLFW_KEY_S}}, true, oneStep},
        {"reset", "R", "reset (same seed)", "Run: Reset", {{GLFW_KEY_R}}, false, reset},
        {"reseed", "N", "reseed (next seed; compared runs: all, the same new seed)", "keys only (Run: Reseed takes the seed field)", {{GLFW_KEY_N}}, false, reseed},
        {"fit_view", "F", "fit the particle view (particles and ground truth)", "View: Fit view", {{GLFW_KEY_F}}, false, fitView},
        {"trails", "T", "trails on / off", "View: the trails picker", {{GLFW_KEY_T}}, false, toggleTrails},
        {"truth", "G", "ground truth on / off", "View: truth", {{GLFW_KEY_G}}, false, toggleTruth},
        {"panel", "Tab", "hide / show the control panel", "status line: Panel", {{GLFW_KEY_TAB}}, false, togglePanel},
        {"larger_step", "+", "step size \xc3\x97 2 (held: at each key repeat; compared runs: all)", "keys only", {{GLFW_KEY_EQUAL}, {GLFW_KEY_KP_ADD}},
         true, largerStep},
        {"smaller_step", "\xe2\x88\x92", "step size \xc3\xb7 2 (held: at each key repeat; compared runs: all)", "keys only",
         {{GLFW_KEY_MINUS}, {GLFW_KEY_KP_SUBTRACT}}, true, smallerStep},
        {"preset", "1 \xe2\x80\xa6 9", "preset by number (the order of the picker)", "Scenario: the preset picker", digitChords(),
         false, presetByNumber},
        {"screenshot", "P or F12", "screenshot (PNG in the working folder)", "View: Screenshot", {{GLFW_KEY_P}, {GLFW_KEY_F12}},
         false, screenshot},
        {"record", "F9", "record a clip (MP4 in the working folder; again: stop and save)", "View: Record clip",
         {{GLFW_KEY_F9}}, false, record},
        {"next_step", "PageDown", "lesson: next step (what a presenter's clicker sends)", "Lesson: Next", {{GLFW_KEY_PAGE_DOWN}},
         false, nextLessonStep},
        {"previous_step", "PageUp", "lesson: the step before, replayed", "Lesson: Back", {{GLFW_KEY_PAGE_UP}}, false,
         previousLessonStep},
        {"presenter", "F5", "presenter mode: the views and a large caption, no panels (again: back)", "keys only",
         {{GLFW_KEY_F5}}, false, togglePresenter},
        {"full_screen", "F11", "full screen on / off", "keys only", {{GLFW_KEY_F11}}, false, toggleFullScreen},
        {"high_contrast", "F6", "high-contrast colours on / off (for a washed-out projector)", "View: high contrast",
         {{GLFW_KEY_F6}}, false, toggleContrast},
        {"larger_text", "Ctrl +", "larger text and widgets (UI scale)", "View: UI scale", {{GLFW_KEY_EQUAL, true}, {GLFW_KEY_KP_ADD, true}},
         true, largerText},
        {"smaller_text", "Ctrl \xe2\x88\x92", "smaller text and widgets (UI scale)", "View: UI scale",
         {{GLFW_KEY_MINUS, true}, {GLFW_KEY_KP_SUBTRACT, true}}, true, smallerText},
        {"compare", "C", "compare with...: this run beside copies that differ in one key, or a built-in comparison",
         "Compare: Compare with...", {{GLFW_KEY_C}}, false, compareWith},
        {"lockstep", "L", "compared runs: in lockstep on flow time, or each at its own pace", "Run (all runs): lockstep",
         {{GLFW_KEY_L}}, false, toggleLockstep},
        {"timeline_back", ",", "timeline: play the past backwards (again: stop)", "timeline: \xe2\x97\x80", {{GLFW_KEY_COMMA}}, false,
         timelineBack},
        {"timeline_forward", ".", "timeline: play the past forwards (again: stop)", "timeline: \xe2\x96\xb6", {{GLFW_KEY_PERIOD}},
         false, timelineForward},
        {"timeline_present", "End", "timeline: back to the present", "timeline: Now", {{GLFW_KEY_END}}, false, timelinePresent},
        {"continue_here", "Ctrl Enter", "timeline: continue from the moment shown (asks first: what followed is dropped)",
         "timeline: Continue from here", {{GLFW_KEY_ENTER, true}, {GLFW_KEY_KP_ENTER, true}}, false, continueHere},
        {"undo_truth", "Ctrl Z", "undo the last change of the ground truth (a drag, an added or removed unit)",
         "Particle view: drag the truth", {{GLFW_KEY_Z, true, 0}}, false, undoTruth},
        {"redo_truth", "Ctrl Shift Z or Ctrl Y", "redo the change of the ground truth undone last", "Particle view: drag the truth",
         {{GLFW_KEY_Z, true, 1}, {GLFW_KEY_Y, true}}, false, redoTruth},
        {"remove_truth_unit", "Delete", "remove the spike or teacher unit under the mouse (as a right-click on it does)",
         "Particle view: right-click a unit", {{GLFW_KEY_DELETE}}, false, removeTruthUnit},
        {"quit", "Ctrl Q", "quit", "keys only (or close the window)", {{GLFW_KEY_Q, true}}, false, quit},
    };
    return table;
}

const Action& actionNamed(const std::string& name) {
    for (const Action& a : shortcutTable())
        if (name == a.name) return a;
    throw std::logic_error("no action named " + name);
}

bool actionButton(AppState& state, const std::string& name, const char* text, float width) {
    const Action& a = actionNamed(name);
    // The keys in the label when they fit ("Fit view (F)"), else in the tooltip.
    const std::string withKeys = std::string(text) + " (" + a.keys + ")";
    const float room = width > 0.0f ? width - 2.0f * ImGui::GetStyle().FramePadding.x : 1e9f;
    const bool fits = ImGui::CalcTextSize(withKeys.c_str()).x <= room;
    const std::string label = (fits ? withKeys : std::string(text)) + "###" + name;
    const bool pressed = ImGui::Button(label.c_str(), ImVec2(width, 0.0f));
    if (!fits && ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", a.keys, a.doc);
    if (!pressed) return false;
    a.run(state, 0);
    return true;
}

std::string actionsListing(bool markdown) {
    std::string out = markdown ? "| keys | action | where |\n| --- | --- | --- |\n" : "";
    for (const Action& a : shortcutTable())
        out += markdown ? std::string("| ") + a.keys + " | " + a.doc + " | " + a.place + " |\n"
                        : std::string(a.keys) + "\t" + a.doc + "\n";
    return out;
}

std::vector<Triggered> triggeredActions(const std::vector<Action>& table, const std::vector<KeyEvent>& events, bool typing) {
    std::vector<Triggered> out;
    if (typing) return out;
    for (const KeyEvent& e : events) {
        if (e.action != GLFW_PRESS && e.action != GLFW_REPEAT) continue;
        const bool ctrl = (e.mods & GLFW_MOD_CONTROL) != 0;
        const int shift = (e.mods & GLFW_MOD_SHIFT) != 0 ? 1 : 0;
        for (const Action& a : table) {
            if (e.action == GLFW_REPEAT && !a.repeats) continue;
            const auto hit = std::find_if(a.chords.begin(), a.chords.end(), [&](const KeyChord& c) {
                return c.key == e.key && c.ctrl == ctrl && (c.shift < 0 || c.shift == shift);
            });
            if (hit != a.chords.end()) out.push_back({&a, static_cast<int>(hit - a.chords.begin())});
        }
    }
    return out;
}

void runShortcuts(AppState& state, const std::vector<KeyEvent>& events, bool typing) {
    for (const Triggered& t : triggeredActions(shortcutTable(), events, typing)) t.action->run(state, t.chord);
}

}  // namespace flowscope::gui
