#pragma once
// The command line of the desktop program. Scripted runs (--frames) draw a fixed
// number of frames without user input, write the asked-for screenshots and state
// dumps, and exit; they never touch the saved settings.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "scripted_drag.hpp"

namespace flowscope::gui {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A key event a scripted run injects before drawing frame `frame`, as if typed then:
// a press, `repeats` system repeats and a release, all between two frames (a quick tap,
// or a key held for `repeats` repeats), through the same path as real keys.
struct ScriptedKey {
    int frame = 0;
    int key = 0;      // GLFW_KEY_*
    int mods = 0;     // GLFW_MOD_CONTROL for "ctrl+"
    int repeats = 0;
};

// A scripted action before a frame (--do): what a user's click would do.
struct ScriptedAction {
    int frame = 0;
    std::string action;  // count=N, apply, cancel, pause, play, preset=NAME, set=KEY=VALUE
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
    double benchmarkSeconds = 10.0;       // ... and the solver's rate in the paced window (0: not)
    float uiScale = 0.0f;                 // 0: saved or monitor's
    // Scripted experiments: a sweep over one axis in the experiments panel; the run ends
    // when the sweep has finished (or after --frames), then screenshots and dumps are written.
    std::string experiment;               // "key=v1,v2,..." or "key=log:LO:HI:N"
    int experimentSeeds = 5;
    int experimentSteps = 0;              // 0: the scenario's own
    int experimentThreads = 1;
    int experimentOpen = -1;              // when finished, open this result (arrival order) in the main view
    std::string trails;                   // "", off, recent or whole (whole paths since the start)
    std::vector<ScriptedKey> keys;        // --keys: key taps and holds at given frames
    std::vector<ScriptedAction> actions;  // --do: clicks at given frames
    std::vector<ScriptedDrag> drags;      // --drag: the truth dragged with the mouse at given frames
    double secondsPerDecade = 0.0;        // log-time pace; 0: the default
    // A clip (clip_recording.hpp): recorded from the first frame to the last (scripted) or
    // until the window closes or Record is pressed again.
    std::string lesson;                   // a lesson to open (lessons_panel.hpp)
    bool presenter = false;               // start in presenter mode
    bool highContrast = false;            // start with the high-contrast colours (F6)
    std::string record;                   // out.mp4 or out.gif
    std::string recordView = "window";    // window or particles
    int recordFps = 0;                    // 0: 30 for MP4, 25 for GIF
    // Compare mode (compare_session.hpp): a built-in comparison or a comparison file, or
    // KEY=V1,V2,... runs of the scenario (several zipped, as flowscope-cli compare --vary).
    std::vector<std::string> compare;
    double scrub = -1.0;                  // scripted: before the last frame, show flow time T (-1: no)
    bool hidePanel = false;               // start with the control panel hidden
    bool paused = false;
    bool help = false;
    bool version = false;
    bool listActions = false;             // print the action table (keys, action) and exit
    bool markdown = false;                // ... as docs/gui.md's Markdown table

    bool scripted() const { return frames >= 0 || benchmarkFrames > 0; }
};

// "12:r", "5:s*4" (held for 3 repeats), "7:ctrl+plus"; several separated by commas.
// Keys: a-z, 0-9, space, tab, enter, escape, plus, minus, f12. Throws UsageError.
std::vector<ScriptedKey> parseScriptedKeys(const std::string& spec);

// Throws UsageError with a one-line message.
CliOptions parseCliOptions(int argc, char** argv);
const char* usageText();

}  // namespace flowscope::gui
