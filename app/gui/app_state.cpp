#include "app_state.hpp"

#include <algorithm>

#include "scenario_library.hpp"

namespace flowscope::gui {

double demoPace(const Scenario& scenario) { return std::max(10.0, scenario.run.steps / 20.0); }

void openScenario(AppState& state, const Scenario& scenario, const std::string& preset) {
    state.engine->loadScenario(scenario);
    state.engine->play();
    state.preset = preset;
    if (!preset.empty()) state.settings.preset = preset;
    state.seed = scenario.initSeed();  // Reseed's field: the seed of the start
    if (state.speedLimit > 0.0) {
        state.speedLimit = demoPace(scenario);
        state.engine->setStepsPerSecondLimit(state.speedLimit);
    }
    state.keyEdits.clear();
    if (state.particleView) state.particleView->fit();
}

void selectPreset(AppState& state, const std::string& name) {
    try {
        openScenario(state, loadScenarioNamed(name), name);
    } catch (const std::exception& e) {
        setNotice(state, std::string("cannot load ") + name + ": " + e.what(), 8.0);
    }
}

void setNotice(AppState& state, const std::string& text, double seconds) {
    state.notice = text;
    state.noticeUntil = ImGui::GetTime() + seconds;
}

}  // namespace flowscope::gui
