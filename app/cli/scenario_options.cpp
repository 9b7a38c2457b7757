#include "scenario_options.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "file_io.hpp"
#include "input_error.hpp"
#include "scenario_library.hpp"

namespace flowscope::cli {

namespace {
constexpr std::uint64_t kMaxScenarioFileBytes = 16u << 20;  // as loadScenario reads at most

// A path that exists must be a scenario file: a folder, FIFO or device is named as such
// (not "no such scenario"), and is never read. A bare preset name is looked up as before.
void requireScenarioFile(const std::string& nameOrPath) {
    struct stat info {};
    if (::stat(nameOrPath.c_str(), &info) != 0 || S_ISREG(info.st_mode)) return;
    const bool preset = nameOrPath.find('/') == std::string::npos &&
                        ::stat((presetDirectory() + "/" + nameOrPath + ".json").c_str(), &info) == 0;
    if (!preset) ::close(openRegularInput(nameOrPath, "scenario file", kMaxScenarioFileBytes));
}
}  // namespace

std::pair<std::string, std::string> applySetting(Scenario& s, const std::string& setting) {
    const auto eq = setting.find('=');
    if (eq == std::string::npos || eq == 0)
        throw InputError("--set " + setting + ": expected KEY=VALUE, e.g. --set dynamics.step_size=0.1");
    std::pair<std::string, std::string> keyValue{setting.substr(0, eq), setting.substr(eq + 1)};
    setScenarioValue(s, keyValue.first, keyValue.second, "--set " + setting);
    return keyValue;
}

Scenario ScenarioOptions::resolve() const {
    requireScenarioFile(scenario);
    Scenario s = loadScenarioNamed(scenario);
    for (const auto& setting : settings) applySetting(s, setting);
    if (!truth.empty()) setScenarioValue(s, "truth.given", nlohmann::json(truth).dump(), "--truth " + truth);
    if (steps) setScenarioValue(s, "run.steps", *steps, "--steps " + *steps);
    return s;
}

}  // namespace flowscope::cli
