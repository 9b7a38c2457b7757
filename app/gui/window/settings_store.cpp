#include "settings_store.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace flowscope::gui {

namespace fs = std::filesystem;

std::string settingsPath() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg && *xdg) return (fs::path(xdg) / "flowscope" / "settings.json").string();
    const char* home = std::getenv("HOME");
    if (home && *home) return (fs::path(home) / ".config" / "flowscope" / "settings.json").string();
    return {};
}

Settings loadSettings() {
    Settings s;
    const std::string path = settingsPath();
    if (path.empty()) return s;
    std::ifstream in(path);
    if (!in) return s;
    // Each value is taken only if present and of the right type, so a file from an
    // older or newer version, or a damaged one, still gives sensible settings.
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) return s;
    auto number = [&](const char* key, auto& field, double lo, double hi) {
        if (j.contains(key) && j[key].is_number()) {
            const double v = j[key].get<double>();
            if (v >= lo && v <= hi) field = static_cast<std::decay_t<decltype(field)>>(v);
        }
    };
    number("ui_scale", s.uiScale, 0.0, 4.0);
    number("window_width", s.windowWidth, 320, 16384);
    number("window_height", s.windowHeight, 240, 16384);
    if (j.contains("high_contrast") && j["high_contrast"].is_boolean()) s.highContrast = j["high_contrast"].get<bool>();
    if (j.contains("preset") && j["preset"].is_string()) s.preset = j["preset"].get<std::string>();
    if (j.contains("views") && j["views"].is_object()) s.views = j["views"];
    return s;
}

bool saveSettings(const Settings& s) {
    const std::string path = settingsPath();
    if (path.empty()) return false;
    std::error_code error;
    fs::create_directories(fs::path(path).parent_path(), error);
    const nlohmann::json j = {{"ui_scale", s.uiScale}, {"high_contrast", s.highContrast}, {"preset", s.preset}, {"window_width", s.windowWidth},
                              {"window_height", s.windowHeight}, {"views", s.views}};
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary);
        if (!out) return false;
        out << j.dump(2) << "\n";
        if (!out) return false;
    }
    fs::rename(temporary, path, error);
    return !error;
}

}  // namespace flowscope::gui
