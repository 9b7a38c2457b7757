#include "scenario_library.hpp"

#include <algorithm>
#include <filesystem>

#include "input_error.hpp"
#include "resource_paths.hpp"

namespace flowscope {

namespace fs = std::filesystem;

std::string presetDirectory() { return assetDirectory() + "/scenarios"; }

std::vector<std::string> presetNames() {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(presetDirectory(), error))
        if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string resolveScenarioPath(const std::string& nameOrPath) {
    std::error_code error;
    if (fs::is_regular_file(nameOrPath, error)) return nameOrPath;
    const std::string preset = presetDirectory() + "/" + nameOrPath + ".json";
    if (nameOrPath.find('/') == std::string::npos && fs::is_regular_file(preset, error)) return preset;
    std::string known;
    for (const auto& name : presetNames()) known += (known.empty() ? "" : ", ") + name;
    throw InputError(nameOrPath + ": no such scenario file or preset (presets: " + known + ")");
}

Scenario loadScenarioNamed(const std::string& nameOrPath) { return loadScenario(resolveScenarioPath(nameOrPath)); }

}  // namespace flowscope
