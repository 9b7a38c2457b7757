// flowscope: watch gradient descent on many particles reach a global minimum.
// Exit codes: 0 done, 1 the window or a file could not be made, 2 bad command line.
#include <cstdio>
#include <exception>
#include <string>

#include "app.hpp"
#include "compare_session.hpp"
#include "shortcuts.hpp"
#include "lesson_runner.hpp"
#include "scenario_library.hpp"
#include "sweep.hpp"
#include "version.hpp"

namespace {

// One line for the terminal, however the message was laid out.
std::string oneLine(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace flowscope;
    gui::CliOptions options;
    Scenario scenario;
    std::string preset;
    try {
        options = gui::parseCliOptions(argc, argv);
        if (options.help) {
            std::fputs(gui::usageText(), stdout);
            return 0;
        }
        if (options.version) {
            std::printf("%s\n", versionLine("flowscope").c_str());
            return 0;
        }
        if (options.listActions) {
            std::fputs(gui::actionsListing(options.markdown).c_str(), stdout);
            return 0;
        }
        const std::string name = !options.scenario.empty() ? options.scenario
                                 : options.scripted()      ? "relu2d"
                                                           : gui::loadSettings().preset;
        try {
            scenario = loadScenarioNamed(name);
        } catch (const std::exception&) {
            if (!options.scenario.empty()) throw;
            scenario = loadScenarioNamed("relu2d");  // a stale preset in the settings is no reason to stop
        }
        for (const std::string& p : presetNames())
            if (p == name) preset = p;
        for (const auto& [key, value] : options.sets) setScenarioValue(scenario, key, value, "--set");
        // A bad sweep is a bad command line: refuse it before the window opens.
        if (!options.experiment.empty()) SweepPlan(scenario, {parseSweepAxis(options.experiment)}, options.experimentSeeds);
        // So is a comparison that does not read or whose runs do not.
        if (!options.compare.empty()) gui::comparisonOfSpecs(options.compare, scenario, preset.empty() ? scenario.name : preset, options.sets);
        // So is a lesson that does not exist or does not read, or whose steps' keys do not.
        if (!options.lesson.empty()) checkLessonSteps(loadLesson(options.lesson));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "flowscope: error: %s\n", oneLine(e.what()).c_str());
        return 2;
    }
    try {
        gui::App app(options, scenario, preset);
        return app.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "flowscope: %s\n", oneLine(e.what()).c_str());
        return 1;
    }
}
