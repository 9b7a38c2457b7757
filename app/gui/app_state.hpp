#pragma once
// What the panels share: the engine to steer, the newest snapshot to show, and the
// user's view choices. Plain data; the App owns it and the panels read and write it.
#include <cstdint>
#include <map>
#include <string>

#include "engine.hpp"
#include "loss_plot.hpp"
#include "particle_view.hpp"
#include "settings_store.hpp"
#include "steering_slider.hpp"

namespace flowscope::gui {

struct AppState {
    Engine* engine = nullptr;
    Snapshot snapshot;
    Settings settings;

    std::string preset;              // the preset shown in the picker ("" for a file)
    float uiScale = 1.0f;            // in effect
    float uiScaleRequest = 0.0f;     // > 0: rebuild fonts at this scale before the next frame
    double speedLimit = 0.0;         // steps per second asked for (0: unlimited)
    std::uint64_t seed = 1;
    std::uint64_t dismissedError = 0;
    bool screenshotRequested = false;
    bool quitRequested = false;
    std::string notice;              // a short message in the status line ("saved ...")
    std::string stateFile = "flowscope-state.checkpoint";  // where Save state / Load state go
    std::uint64_t shownEngineNotice = 0;  // the engine's last save/load message already shown
    double noticeUntil = 0.0;
    std::map<std::string, std::string> keyEdits;  // the "all parameters" text fields
    HeldEdit heldEdit;               // the slider the user holds or types in
    bool controlsOpen = true;        // the control panel is shown (Tab or the status line's button)

    ParticleViewOptions* particleOptions = nullptr;
    ParticleView* particleView = nullptr;
    LossPlotOptions loss;
    bool* contours = nullptr;
};

// The whole preset run in about 20 seconds, so a class can watch it happen.
double demoPace(const Scenario& scenario);
void selectPreset(AppState& state, const std::string& name);
// Loads a scenario into the engine and plays it, as a preset pick does; `preset` names
// the picker's entry ("" when the scenario is not a preset as it stands).
void openScenario(AppState& state, const Scenario& scenario, const std::string& preset);
void setNotice(AppState& state, const std::string& text, double seconds = 4.0);

}  // namespace flowscope::gui
