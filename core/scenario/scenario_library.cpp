#include "scenario_library.hpp"

#include <algorithm>
#include <filesystem>

#include "input_error.hpp"
#include "resource_paths.hpp"

namespace flowscope {

namespace fs = std::filesystem;

std::string presetDirectory() { return assetDirectory() + "/scenarios"; }

std::vector<std::string> jsonNamesIn(const std::string& folder) {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error))
        if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string resolveNamedJson(const std::string& nameOrPath, const std::string& folder, const std::string& kind,
                             const std::string& entry, const std::string& entries) {
    std::error_code error;
    if (fs::is_regular_file(nameOrPath, error)) return nameOrPath;
    const std::string named = folder + "/" + nameOrPath + ".json";
    if (nameOrPath.find('/') == std::string::npos && fs::is_regular_file(named, error)) return named;
    std::string known;
    for (const auto& name : jsonNamesIn(folder)) known += (known.empty() ? "" : ", ") + name;
    throw InputError(nameOrPath + ": no such " + kind + " file or " + entry + " (" + entries + ": " + known + ")");
}

std::vector<std::string> presetNames() { return jsonNamesIn(presetDirectory()); }

std::string resolveScenarioPath(const std::string& nameOrPath) {
    return resolveNamedJson(nameOrPath, presetDirectory(), "scenario", "preset", "presets");
}

Scenario loadScenarioNamed(const std::string& nameOrPath) { return loadScenario(resolveScenarioPath(nameOrPath)); }

}  // namespace flowscope
