#pragma once
// Controls built from the scenario's key table (ScenarioKey's widget facts): a combo for a
// choice, a checkbox for a boolean, a slider over exactly the key's bounds (logarithmic over
// more than three decades, then with a field to type an exact value). A panel lists key
// paths; nothing about a key is typed again here. Values reach the engine as text that
// reads back to the same number (1e-7 stays 1e-7).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app_state.hpp"

namespace flowscope::gui {

// The shortest text that reads back to exactly x ("1e-07", "0.1").
std::string roundTripText(double x);

const ScenarioKey* findScenarioKey(const std::string& path);
// The value of a dotted key in a scenario's JSON form (scenarioToJson), or null.
const nlohmann::json* valueAt(const nlohmann::json& root, const std::string& path);

// Draws one control per key, in order.
void keyControls(AppState& state, const std::vector<std::string>& paths);

// A value typed for `key` (a control's field, or a scripted --do set=KEY=VALUE): a number is
// read whole and sent in round-trip precision; a change whose steps would be slow asks first;
// a value the scenario refuses goes to the engine, which reports it.
void applyTypedValue(AppState& state, const std::string& key, const std::string& text);

// A control as drawn this frame, for the state dump (a test compares it with the key table).
struct DrawnControl {
    std::string key;
    std::string widget;  // combo | checkbox | slider | log_slider
    double lo = 0.0, hi = 0.0;
    std::vector<std::string> choices;
    bool typedField = false;
};
// This frame's controls (the App clears the record each frame, as widgetRects()).
std::vector<DrawnControl>& drawnControls();

}  // namespace flowscope::gui
