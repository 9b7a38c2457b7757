#include "app_state.hpp"

#include <algorithm>
#include <cstdio>

#include "axes.hpp"
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
    if (state.compare) {  // every run, unless the runs differ in m (shortcuts.cpp: the keys of one run)
        const std::string why = state.compare->refusal("particles.count");
        if (!why.empty()) return setNotice(state, "Not changed: " + why, 6.0);
        const std::string what = "m = " + std::to_string(count) + " in every run";
        return applyOrAsk(state, state.compare->estimateStepSeconds(count), what, [count](AppState& s) {
            if (!s.compare) return;  // the comparison closed while the question was open
            s.compare->setParticleCount(count);
            setNotice(s, "every run: m = " + std::to_string(count));
        });
    }
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

// Each compared run's messages, named by the run they come from: a refused command (an
// error), a saved or loaded state (a notice), a divergence (a warning, once per blow-up).
void takeCompareMessages(AppState& state) {
    if (!state.compare) return;
    for (std::size_t i = 0; i < state.compare->size(); ++i) {
        ComparedRun& run = state.compare->run(i);
        const Snapshot& s = run.snapshot;
        if (s.errorSerial > run.seenError) {
            run.seenError = s.errorSerial;
            if (!s.error.empty())
                state.messages.post(Severity::Error, run.label + ": refused, the run goes on unchanged: " + s.error, ImGui::GetTime());
        }
        if (s.noticeSerial > run.seenNotice) {
            run.seenNotice = s.noticeSerial;
            if (!s.notice.empty()) setNotice(state, run.label + ": " + s.notice);
        }
        if (s.status == RunStatus::Diverged && s.divergence.step != run.divergenceShown) {
            run.divergenceShown = s.divergence.step;
            char text[256];
            std::snprintf(text, sizeof text, ": diverged at step %lld (%s = %s); step size suggested: %s",
                          static_cast<long long>(s.divergence.step), s.divergence.quantity.c_str(),
                          formatValue(s.divergence.value).c_str(), formatValue(s.divergence.suggestedStepSize).c_str());
            postWarning(state, run.label + text);
        }
    }
}

}  // namespace flowscope::gui
