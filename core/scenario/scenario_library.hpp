#pragma once
// Finds scenarios: a path to a JSON file, or the name of a preset in assets/scenarios.
#include <string>
#include <vector>

#include "scenario.hpp"

namespace flowscope {

// The names of a folder's *.json files (without the extension), sorted: the presets,
// lessons and comparisons that ship in the assets.
std::vector<std::string> jsonNamesIn(const std::string& folder);
// `nameOrPath` when it is a file; else, when it is a bare name, FOLDER/NAME.json. Otherwise
// InputError "NAME: no such <kind> file or <entry> (<entries>: a, b, ...)".
std::string resolveNamedJson(const std::string& nameOrPath, const std::string& folder, const std::string& kind,
                             const std::string& entry, const std::string& entries);

// The folder of presets: scenarios/ in assetDirectory() (resource_paths.hpp).
std::string presetDirectory();
std::vector<std::string> presetNames();
// A path if `nameOrPath` is an existing file, else the preset of that name.
std::string resolveScenarioPath(const std::string& nameOrPath);
Scenario loadScenarioNamed(const std::string& nameOrPath);

}  // namespace flowscope
