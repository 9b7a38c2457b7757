#include "shortcuts.hpp"

#include <algorithm>

#include <GLFW/glfw3.h>

#include "app_state.hpp"
#include "scenario_library.hpp"

namespace flowscope::gui {

namespace {

void playPause(AppState& s, int) { s.engine->togglePlay(); }
void oneStep(AppState& s, int) { s.engine->step(1); }
void reset(AppState& s, int) { s.engine->reset(); }
void reseed(AppState& s, int) { s.engine->reseed(++s.seed); }
void fitView(AppState& s, int) {
    if (s.particleView) s.particleView->fit();
}
void toggleTrails(AppState& s, int) {
    if (s.particleOptions) s.particleOptions->trails = !s.particleOptions->trails;
}
void toggleTruth(AppState& s, int) {
    if (s.particleOptions) s.particleOptions->truth = !s.particleOptions->truth;
}
void togglePanel(AppState& s, int) { s.controlsOpen = !s.controlsOpen; }
// The shown step size changes at once: the next repeat of a held key doubles the value
// just asked for, not the one of a snapshot the engine has not replaced yet.
void scaleStep(AppState& s, double factor) {
    double& eta = s.snapshot.scenario.dynamics.stepSize;
    eta *= factor;
    s.engine->setStepSize(eta);
}
void largerStep(AppState& s, int) { scaleStep(s, 2.0); }
void smallerStep(AppState& s, int) { scaleStep(s, 0.5); }
void screenshot(AppState& s, int) { s.screenshotRequested = true; }
void record(AppState& s, int) { s.recordRequested = true; }
void largerText(AppState& s, int) { s.uiScaleRequest = std::min(3.0f, (s.uiScaleRequest > 0.0f ? s.uiScaleRequest : s.uiScale) * 1.1f); }
void smallerText(AppState& s, int) { s.uiScaleRequest = std::max(0.75f, (s.uiScaleRequest > 0.0f ? s.uiScaleRequest : s.uiScale) / 1.1f); }
void quit(AppState& s, int) { s.quitRequested = true; }
// The chords are 1..9 then keypad 1..9: the same preset for both.
void presetByNumber(AppState& s, int chord) {
    const std::vector<std::string> names = presetNames();
    const auto k = static_cast<std::size_t>(chord % 9);
    if (k < names.size()) selectPreset(s, names[k]);
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
        {"Space", "play / pause", {{GLFW_KEY_SPACE}}, false, playPause},
        {"S", "one step (held: one per key repeat)", {{GLFW_KEY_S}}, true, oneStep},
        {"R", "reset (same seed)", {{GLFW_KEY_R}}, false, reset},
        {"N", "reseed (next seed)", {{GLFW_KEY_N}}, false, reseed},
        {"F", "fit the particle view (particles and ground truth)", {{GLFW_KEY_F}}, false, fitView},
        {"T", "trails on / off", {{GLFW_KEY_T}}, false, toggleTrails},
        {"G", "ground truth on / off", {{GLFW_KEY_G}}, false, toggleTruth},
        {"Tab", "hide / show the control panel", {{GLFW_KEY_TAB}}, false, togglePanel},
        {"+", "step size \xc3\x97 2 (held: at each key repeat)", {{GLFW_KEY_EQUAL}, {GLFW_KEY_KP_ADD}}, true, largerStep},
        {"\xe2\x88\x92", "step size \xc3\xb7 2 (held: at each key repeat)", {{GLFW_KEY_MINUS}, {GLFW_KEY_KP_SUBTRACT}}, true, smallerStep},
        {"1 \xe2\x80\xa6 9", "preset by number (the order of the picker)", digitChords(), false, presetByNumber},
        {"P or F12", "screenshot (PNG in the working folder)", {{GLFW_KEY_P}, {GLFW_KEY_F12}}, false, screenshot},
        {"F9", "record a clip (MP4 in the working folder; again: stop and save)", {{GLFW_KEY_F9}}, false, record},
        {"Ctrl +", "larger text and widgets (UI scale)", {{GLFW_KEY_EQUAL, true}, {GLFW_KEY_KP_ADD, true}}, true, largerText},
        {"Ctrl \xe2\x88\x92", "smaller text and widgets (UI scale)", {{GLFW_KEY_MINUS, true}, {GLFW_KEY_KP_SUBTRACT, true}}, true, smallerText},
        {"Ctrl Q", "quit", {{GLFW_KEY_Q, true}}, false, quit},
    };
    return table;
}

std::vector<Triggered> triggeredActions(const std::vector<Action>& table, const std::vector<KeyEvent>& events, bool typing) {
    std::vector<Triggered> out;
    if (typing) return out;
    for (const KeyEvent& e : events) {
        if (e.action != GLFW_PRESS && e.action != GLFW_REPEAT) continue;
        const bool ctrl = (e.mods & GLFW_MOD_CONTROL) != 0;
        for (const Action& a : table) {
            if (e.action == GLFW_REPEAT && !a.repeats) continue;
            const auto hit = std::find_if(a.chords.begin(), a.chords.end(), [&](const KeyChord& c) { return c.key == e.key && c.ctrl == ctrl; });
            if (hit != a.chords.end()) out.push_back({&a, static_cast<int>(hit - a.chords.begin())});
        }
    }
    return out;
}

void runShortcuts(AppState& state, const std::vector<KeyEvent>& events, bool typing) {
    for (const Triggered& t : triggeredActions(shortcutTable(), events, typing)) t.action->run(state, t.chord);
}

}  // namespace flowscope::gui
