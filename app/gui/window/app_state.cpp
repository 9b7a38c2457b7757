#include "app_state.hpp"

#include <algorithm>

#include "compare_session.hpp"
#include "costly_change.hpp"
#include "scenario_library.hpp"

namespace flowscope::gui {

double demoPace(const Scenario& scenario) { return std::max(10.0, scenario.run.steps / 20.0); }

Pace defaultPace() {
    Pace pace;
    pace.mode = Pace::Mode::LogTime;
    pace.secondsPerDecade = 3.0;
    return pace;
}

void openScenario(AppState& state, const Scenario& scenario, const std::string& preset) {
    const std::string what = (preset.empty() ? scenario.name : preset) + " (m = " + std::to_string(scenario.particleCount) + ")";
    applyOrAsk(state, scenario, what, [scenario, preset](AppState& s) {
        s.engine->loadScenario(scenario);
        s.engine->play();
        s.preset = preset;
        if (!preset.empty()) s.settings.preset = preset;
        s.seed = scenario.initSeed();  // Reseed's field: the seed of the start
        if (s.pace.mode == Pace::Mode::StepsPerSecond) {
            s.pace.stepsPerSecond = demoPace(scenario);
            s.engine->setPace(s.pace);
        }
        s.keyEdits.clear();
        s.viewRequests.fit = true;
    });
}

void requestParticleCount(AppState& state, int count) {
    Scenario candidate = state.snapshot.scenario;
    candidate.particleCount = count;
    applyOrAsk(state, candidate, "m = " + std::to_string(count), [count](AppState& s) { s.engine->setParticleCount(count); });
}

void selectPreset(AppState& state, const std::string& name) {
    try {
        openScenario(state, loadScenarioNamed(name), name);
    } catch (const std::exception& e) {
        postWarning(state, std::string("cannot load ") + name + ": " + e.what());
    }
}

void applyPace(AppState& state) {
    if (state.compare) state.compare->setPace(state.pace);
    else state.engine->setPace(state.pace);
}

void setNotice(AppState& state, const std::string& text, double seconds) {
    state.messages.post(Severity::Notice, text, ImGui::GetTime(), seconds);
}

void postWarning(AppState& state, const std::string& text) { state.messages.post(Severity::Warning, text, ImGui::GetTime()); }

void takeEngineMessages(AppState& state) {
    const Snapshot& s = state.snapshot;
    if (s.errorSerial > state.seenEngineError) {
        state.seenEngineError = s.errorSerial;
        if (!s.error.empty())
            state.messages.post(Severity::Error, "Refused, the run goes on unchanged: " + s.error, ImGui::GetTime());
    }
    if (s.noticeSerial > state.seenEngineNotice) {  // a state saved or loaded
        state.seenEngineNotice = s.noticeSerial;
        if (!s.notice.empty()) setNotice(state, s.notice);
    }
}

}  // namespace flowscope::gui
