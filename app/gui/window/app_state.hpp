#pragma once
// What the panels share: the engine to steer, the newest snapshot to show, and the
// requests for the views. Plain data with no pointer into the App (the views own and
// persist their options); the App owns it and the panels read and write it.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "comparison.hpp"
#include "engine.hpp"
#include "messages.hpp"
#include "settings_store.hpp"
#include "steering_slider.hpp"

namespace flowscope::gui {

// A change waiting for the user's answer because its steps would be slow (costly_change.hpp).
struct CostlyChange {
    std::string what;      // "m = 100000"
    double seconds = 0.0;  // the estimated time per step
    std::function<void(struct AppState&)> apply;
};

class CompareSession;

struct AppState {
    Engine* engine = nullptr;
    CompareSession* compare = nullptr;  // compare mode: the runs side by side (the keys act on them)
    Snapshot snapshot;
    Settings settings;

    std::string preset;              // the preset shown in the picker ("" for a file)
    std::vector<std::string> presets;  // the presets folder's names, read when the window gains focus
    float uiScale = 1.0f;            // in effect
    float uiScaleRequest = 0.0f;     // > 0: rebuild fonts at this scale before the next frame
    bool contrastToggleRequested = false;  // switch standard / high-contrast colours before the next frame
    Pace pace;                       // how the run is played (log time by default)
    std::uint64_t seed = 1;
    bool screenshotRequested = false;
    bool recordRequested = false;    // start a clip, or stop and save the one being recorded
    int lessonMove = 0;              // +1 next lesson step, -1 back (the Lessons panel takes it)
    bool presenter = false;          // presenter mode: the views and a large caption, no panels
    bool fullScreenRequested = false;
    bool recording = false;          // a clip is being recorded (the button's label)
    bool quitRequested = false;
    std::string stateFile = "flowscope-state.checkpoint";  // where Save state / Load state go
    Messages messages;               // notices, warnings and errors: the one channel (messages.hpp)
    std::uint64_t seenEngineError = 0, seenEngineNotice = 0;  // the engine's last ones taken into it
    std::map<std::string, std::string> keyEdits;  // the "all parameters" text fields
    HeldEdit heldEdit;               // the slider the user holds or types in
    bool controlsOpen = true;        // the control panel is shown (Tab or the status line's button)
    std::optional<CostlyChange> costlyChange;  // waiting for Apply or Cancel

    // What the panels and keys ask of the views; the App hands it to them (and clears it)
    // once per frame, so no one here holds a view.
    struct ViewRequests {
        bool fit = false;
        bool toggleTrails = false;
        bool toggleTruth = false;
        int truthHistory = 0;          // -1: undo the last truth edit, +1: redo it
        bool removeTruthUnit = false;  // the truth unit under the mouse
    } viewRequests;

    // Compare mode's requests (the App opens, changes and closes the session).
    struct CompareRequests {
        bool dialog = false;                  // open the "Compare with..." dialog
        std::optional<Comparison> open;       // start comparing these runs
        bool openPaused = false;              // and leave them paused (a lesson step that only shows)
        int remove = -1, promote = -1;        // a run to drop, or to continue in the single view
        bool close = false;                   // back to the single view
    } compareRequests;
    // The timeline's (timeline_bar.hpp): play the past backwards (-1) or forwards (+1), again
    // to stop; back to the present; continue from the moment shown (after a confirmation).
    struct TimelineRequests {
        int play = 0;
        bool present = false;
        bool fork = false;
        bool confirm = false;  // scripted: the answer Continue to the fork's question, if it is asked
    } timeline;
};

// For the steps-per-second pace: the whole preset run in about 20 seconds.
double demoPace(const Scenario& scenario);
// The pace a window starts with: flow time on a log scale, each decade in 3 seconds, so the
// first steps are seen one by one and the descent is not over before the class sees it.
Pace defaultPace();
void selectPreset(AppState& state, const std::string& name);
// Loads a scenario into the engine and plays it, as a preset pick does; `preset` names
// the picker's entry ("" when the scenario is not a preset as it stands). A scenario whose
// steps would be slow is asked about first (costly_change.hpp).
void openScenario(AppState& state, const Scenario& scenario, const std::string& preset);
// Sets the particle count, asking first when its steps would be slow.
void requestParticleCount(AppState& state, int count);
// The pace for every run shown (the single one, or all compared).
void applyPace(AppState& state);
// Posts to state.messages, stamped with ImGui's clock.
void setNotice(AppState& state, const std::string& text, double seconds = 4.0);
void postWarning(AppState& state, const std::string& text);
// The snapshot's new engine error (a refused value) and notice (a state saved), into the channel.
void takeEngineMessages(AppState& state);
// Compare mode: the same for every compared run, each message named by its run.
void takeCompareMessages(AppState& state);

}  // namespace flowscope::gui
