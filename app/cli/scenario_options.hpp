#pragma once
// What every subcommand that runs a scenario shares: the scenario (a preset name or a
// file), --set key=value overrides, --truth FILE and --steps, applied in that order.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scenario.hpp"

namespace flowscope::cli {

struct ScenarioOptions {
    std::string scenario;
    std::optional<std::string> steps;  // as typed, so an error quotes it
    std::vector<std::string> settings;  // key=value
    std::string truth;                  // a truth.csv: truth.given

    // Loads and overrides; throws InputError naming the file or the key.
    Scenario resolve() const;
};

// One --set KEY=VALUE applied to `s` (InputError naming the option if it is not KEY=VALUE
// or the key refuses the value); the key and the value.
std::pair<std::string, std::string> applySetting(Scenario& s, const std::string& setting);

}  // namespace flowscope::cli
