#pragma once
// The command line of the desktop program. Scripted runs (--frames) draw a fixed
// number of frames without user input, write the asked-for screenshots and state
// dumps, and exit; they never touch the saved settings.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace flowscope::gui {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CliOptions {
    std::string scenario;                 // empty: the last preset used, else relu2d
    std::vector<std::pair<std::string, std::string>> sets;  // --set key=value, in order
    int frames = -1;                      // -1: interactive
    std::string screenshot;               // path of the screenshot(s)
    std::vector<int> screenshotAt;        // frames to shoot at (default: the last)
    std::string stateDump;                // path of the state dump(s), written with each screenshot
    int width = 0, height = 0;            // 0: the saved window size
    double speed = -1.0;                  // steps per second; 0 unlimited; -1 the preset's demo pace
    int lockstep = 0;                     // scripted: each frame takes exactly this many steps
    int benchmarkFrames = 0;              // measure frame times, solver running then paused
    float uiScale = 0.0f;                 // 0: saved or monitor's
    // Scripted experiments: a sweep over one axis in the experiments panel; the run ends
    // when the sweep has finished (or after --frames), then screenshots and dumps are written.
    std::string experiment;               // "key=v1,v2,..." or "key=log:LO:HI:N"
    int experimentSeeds = 5;
    int experimentSteps = 0;              // 0: the scenario's own
    int experimentThreads = 1;
    int experimentOpen = -1;              // when finished, open this result (arrival order) in the main view
    std::string trails;                   // "", off, recent or whole (whole paths since the start)
    bool paused = false;
    bool help = false;

    bool scripted() const { return frames >= 0 || benchmarkFrames > 0; }
};

// Throws UsageError with a one-line message.
CliOptions parseCliOptions(int argc, char** argv);
const char* usageText();

}  // namespace flowscope::gui
