#pragma once
// Preferences kept between sessions in the per-user config folder
// ($XDG_CONFIG_HOME/flowscope, else ~/.config/flowscope), never the working folder.
// A missing, unreadable or corrupt file gives the defaults.
#include <string>

#include <nlohmann/json.hpp>

namespace flowscope::gui {

struct Settings {
    float uiScale = 0.0f;   // 0: follow the monitor's content scale
    bool highContrast = false;  // the high-contrast colours (palette.hpp)
    std::string preset = "relu2d";
    int windowWidth = 1600, windowHeight = 1000;
    // Each view's own options, under its name ("particles", "loss"), written and read by
    // the view itself (savedOptions / restoreOptions), so the store never lists them.
    nlohmann::json views = nlohmann::json::object();
};

std::string settingsPath();  // empty when no home folder is known
Settings loadSettings();
// Writes atomically (a temporary file renamed over the old one); false on failure.
bool saveSettings(const Settings& settings);

}  // namespace flowscope::gui
