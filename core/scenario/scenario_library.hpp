#pragma once
// Finds scenarios: a path to a JSON file, or the name of a preset in assets/scenarios.
#include <string>
#include <vector>

#include "scenario.hpp"

namespace flowscope {

// The folder of presets: scenarios/ in assetDirectory() (resource_paths.hpp).
std::string presetDirectory();
std::vector<std::string> presetNames();
// A path if `nameOrPath` is an existing file, else the preset of that name.
std::string resolveScenarioPath(const std::string& nameOrPath);
Scenario loadScenarioNamed(const std::string& nameOrPath);

}  // namespace flowscope
