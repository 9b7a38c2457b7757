// Keyboard shortcuts. Dear ImGui 1.86 indexes keys by the GLFW key code.
#include <algorithm>

#include "controls_panel.hpp"
#include "gl.hpp"
#include "scenario_library.hpp"

namespace flowscope::gui {

void handleShortcuts(AppState& state) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    Engine& engine = *state.engine;
    const Snapshot& s = state.snapshot;
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
    auto repeated = [](int key) { return ImGui::IsKeyPressed(key, true); };
    const bool plus = repeated(GLFW_KEY_EQUAL) || repeated(GLFW_KEY_KP_ADD);
    const bool minus = repeated(GLFW_KEY_MINUS) || repeated(GLFW_KEY_KP_SUBTRACT);
    if (io.KeyCtrl) {
        if (pressed(GLFW_KEY_Q)) state.quitRequested = true;
        if (plus) state.uiScaleRequest = std::min(3.0f, state.uiScale * 1.1f);
        if (minus) state.uiScaleRequest = std::max(0.75f, state.uiScale / 1.1f);
        return;
    }
    if (pressed(GLFW_KEY_SPACE)) engine.togglePlay();
    if (repeated(GLFW_KEY_S)) engine.step(1);
    if (pressed(GLFW_KEY_R)) engine.reset();
    if (pressed(GLFW_KEY_N)) engine.reseed(++state.seed);
    if (pressed(GLFW_KEY_F)) state.particleView->fit();
    if (pressed(GLFW_KEY_T)) state.particleOptions->trails = !state.particleOptions->trails;
    if (pressed(GLFW_KEY_G)) state.particleOptions->truth = !state.particleOptions->truth;
    if (pressed(GLFW_KEY_P) || pressed(GLFW_KEY_F12)) state.screenshotRequested = true;
    if (plus) engine.setStepSize(s.scenario.dynamics.stepSize * 2.0);
    if (minus) engine.setStepSize(s.scenario.dynamics.stepSize / 2.0);
    const std::vector<std::string> names = presetNames();
    for (int k = 0; k < 9 && k < static_cast<int>(names.size()); ++k)
        if (pressed(GLFW_KEY_1 + k) || pressed(GLFW_KEY_KP_1 + k)) selectPreset(state, names[static_cast<std::size_t>(k)]);
}

}  // namespace flowscope::gui
