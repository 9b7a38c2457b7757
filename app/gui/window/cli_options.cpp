#include "cli_options.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <GLFW/glfw3.h>

#include "video_recorder.hpp"

namespace flowscope::gui {

const char* usageText() {
    return "Usage: flowscope [OPTIONS]\n"
           "\n"
           "Watch gradient descent on many particles reach a global minimum (Chizat & Bach 2018). The window\n"
           "opens on the last preset used (relu2d the first time); scripted runs (--frames N) draw N frames\n"
           "without user input, write the asked-for screenshots and state dumps, and exit.\n"
           "\n"
           "Options:\n"
           "  --scenario NAME   a preset name (relu2d, deconv1d, ...) or a scenario JSON file\n"
           "  --set key=value   change one scenario key before the run (repeatable)\n"
           "  --size WxH        window size in pixels\n"
           "  --ui-scale S      text and widget scale (default: the monitor's content scale)\n"
           "  --speed S         solver steps per second (0: as fast as possible; default: the preset's\n"
           "                    whole run in about 20 seconds)\n"
           "  --paused          open paused\n"
           "  --trails KIND     off, recent (fading) or whole (every path since the start, as in the paper)\n"
           "  --frames N        draw N frames without user input, write the screenshots, exit\n"
           "  --screenshot P    PNG path; with several --screenshot-at frames the frame number is added\n"
           "  --screenshot-at K  take the screenshot at frame K (repeatable; default: the last frame)\n"
           "  --state-dump P    JSON record of the run and the layout, written with each screenshot\n"
           "  --lockstep K      scripted runs: each frame advances exactly K steps (reproducible shots)\n"
           "  --benchmark-frames N  print GUI frame times with the solver running, then paused\n"
           "  --benchmark-seconds S  ... and the solver's steps/s in the window drawn as when used\n"
           "                    (frames paced) over S seconds (default 10, 0: not measured)\n"
           "  --keys F:KEY,...  scripted: press KEY before frame F, as a quick tap (12:r), held for N-1\n"
           "                    system repeats (5:s*4), or with Control (7:ctrl+plus); keys a-z, 0-9,\n"
           "                    space, tab, enter, escape, plus, minus, f5, f6, f9, f11,\n"
           "                    f12, pagedown, pageup\n"
           "  --compare C       compare runs side by side: a built-in comparison (few-vs-many, ...), a comparison\n"
           "                    file, or KEY=V1,V2,... runs of the scenario differing in KEY (repeatable: zipped)\n"
           "  --scrub T         scripted: before the last frame, scrub every run back to flow time T\n"
           "  --hide-panel      start with the control panel hidden (Tab shows it)\n"
           "  --do F:ACTION     scripted: before frame F, as a click would: count=N (the particle slider),\n"
           "                    apply / cancel (the slow-step question), pause, play, preset=NAME,\n"
           "                    set=KEY=VALUE (typed into KEY's control), data=PATH (a CSV dropped on the\n"
           "                    window), click=X0,X1,LABEL (a sample clicked into the classifier's map);\n"
           "                    compare mode: remove=K (a pane's x), single=K (a pane's Single view), K from 0;\n"
           "                    the timeline: scrub=T (every run shown at flow time T), fork (Continue from\n"
           "                    here), confirm (the question's Continue) (repeatable)\n"
           "  --drag F:UNIT:DX,DY[:N]  scripted: from frame F, drag the truth's UNIT-th spike or teacher unit by\n"
           "                    DX,DY (the particle view's coordinates) with the mouse over N frames (default 4)\n"
           "  --seconds-per-decade S  log-time pace (the default pace): S seconds per decade of flow time\n"
           "  --lesson NAME     open a guided lesson (assets/lessons; PageDown / PageUp go through its steps)\n"
           "  --presenter       start in presenter mode (F5): the views and a large caption, no panels\n"
           "  --high-contrast   black background, white text, brighter marks (F6; colour-blind safe)\n"
           "  --record P        record a clip: MP4 (H.264, plays everywhere) or GIF, through ffmpeg; with\n"
           "                    --frames N it has exactly N frames (one per drawn frame with --lockstep K,\n"
           "                    else at the window's pace, 1/fps of a second per frame), without: until the\n"
           "                    window closes or Record (F9) is pressed\n"
           "  --record-view V   window (default) or particles (the particle view only)\n"
           "  --record-fps N    frames per second of the clip (default 30 for MP4, 25 for GIF)\n"
           "  --experiment KEY=VALUES  scripted: sweep KEY (e.g. particles.count=1,3,10 or =log:1:200:8) in the\n"
           "                    experiments panel; the run ends when the sweep has finished or after --frames N\n"
           "  --experiment-seeds N, --experiment-steps N, --experiment-threads N  its seeds, steps per run, workers\n"
           "  --experiment-open K  when the sweep has finished, open its K-th finished run in the main view\n"
           "  -h, --help        print this help and exit\n"
           "  --version         print the version and exit\n"
           "  --list-actions    print every action with its keys (--markdown: the table of docs/gui.md) and exit\n"
           "\n"
           "Exit status:\n"
           "  0  the window was closed, or the scripted run finished\n"
           "  1  the window, a shader or a screenshot could not be made\n"
           "  2  a bad command line or scenario (one line on standard error)\n"
           "  4  a clip could not be recorded (no ffmpeg, a folder that cannot be written, a full disk)\n"
           "\n"
           "Environment:\n"
           "  FLOWSCOPE_ASSETS   the folder of scenarios/ (presets); default: share/flowscope/assets beside\n"
           "                     the program's bin/ folder, else the source tree's assets/\n"
           "  FLOWSCOPE_SHADERS  the folder of the GLSL shaders; default: share/flowscope/shaders, else the\n"
           "                     source tree's shaders/\n"
           "  XDG_CONFIG_HOME    the window's settings are kept in $XDG_CONFIG_HOME/flowscope (default ~/.config)\n";
}

namespace {

int parseInt(const std::string& option, const std::string& text, int lo) {
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || v < lo || v > 100000000)
        throw UsageError(option + " needs an integer >= " + std::to_string(lo) + ", not '" + text + "'");
    return static_cast<int>(v);
}

double parseNumber(const std::string& option, const std::string& text, double lo, double hi) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v >= lo && v <= hi))
        throw UsageError(option + " needs a number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], not '" + text + "'");
    return v;
}

// "scrub=T" with T a flow time (a number, at least 0).
bool scrubValue(const std::string& action) {
    if (action.rfind("scrub=", 0) != 0) return false;
    try {
        std::size_t used = 0;
        const double t = std::stod(action.substr(6), &used);
        return used == action.size() - 6 && t >= 0.0;
    } catch (const std::exception&) {
        return false;
    }
}

int keyCode(const std::string& name) {
    if (name.size() == 1 && name[0] >= 'a' && name[0] <= 'z') return GLFW_KEY_A + (name[0] - 'a');
    if (name.size() == 1 && name[0] >= '0' && name[0] <= '9') return GLFW_KEY_0 + (name[0] - '0');
    static const std::pair<const char*, int> named[] = {{"space", GLFW_KEY_SPACE}, {"tab", GLFW_KEY_TAB}, {"enter", GLFW_KEY_ENTER},
                                                        {"escape", GLFW_KEY_ESCAPE}, {"plus", GLFW_KEY_EQUAL}, {"minus", GLFW_KEY_MINUS},
                                                        {"f5", GLFW_KEY_F5}, {"f6", GLFW_KEY_F6}, {"f9", GLFW_KEY_F9}, {"f11", GLFW_KEY_F11},
                                                        {"f12", GLFW_KEY_F12}, {"pagedown", GLFW_KEY_PAGE_DOWN},
                                                        {"pageup", GLFW_KEY_PAGE_UP}};
    for (const auto& [text, code] : named)
        if (name == text) return code;
    return -1;
}

}  // namespace

std::vector<ScriptedKey> parseScriptedKeys(const std::string& spec) {
    std::vector<ScriptedKey> keys;
    std::size_t start = 0;
    while (start <= spec.size()) {
        const std::size_t comma = spec.find(',', start);
        const std::string item = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const std::size_t colon = item.find(':');
        if (colon == std::string::npos) throw UsageError("--keys needs FRAME:KEY items, not '" + item + "'");
        ScriptedKey k;
        k.frame = parseInt("--keys", item.substr(0, colon), 1);
        std::string name = item.substr(colon + 1);
        const std::size_t star = name.find('*');
        if (star != std::string::npos) {
            k.repeats = parseInt("--keys", name.substr(star + 1), 1) - 1;
            name = name.substr(0, star);
        }
        if (name.rfind("ctrl+", 0) == 0) k.mods = GLFW_MOD_CONTROL, name = name.substr(5);
        k.key = keyCode(name);
        if (k.key < 0) throw UsageError("--keys: unknown key '" + name + "' in '" + item + "'");
        keys.push_back(k);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return keys;
}

CliOptions parseCliOptions(int argc, char** argv) {
    CliOptions o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw UsageError(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "-h" || arg == "--help") o.help = true;
        else if (arg == "--version") o.version = true;
        else if (arg == "--list-actions") o.listActions = true;
        else if (arg == "--markdown") o.markdown = true;
        else if (arg == "--scenario") o.scenario = value();
        else if (arg == "--set") {
            const std::string kv = value();
            const auto eq = kv.find('=');
            if (eq == std::string::npos || eq == 0) throw UsageError("--set needs key=value, not '" + kv + "'");
            o.sets.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
        } else if (arg == "--frames") o.frames = parseInt(arg, value(), 1);
        else if (arg == "--screenshot") o.screenshot = value();
        else if (arg == "--screenshot-at") o.screenshotAt.push_back(parseInt(arg, value(), 1));
        else if (arg == "--state-dump") o.stateDump = value();
        else if (arg == "--size") {
            const std::string size = value();
            const auto x = size.find('x');
            if (x == std::string::npos) throw UsageError("--size needs WxH, not '" + size + "'");
            o.width = parseInt(arg, size.substr(0, x), 200);
            o.height = parseInt(arg, size.substr(x + 1), 150);
        } else if (arg == "--speed") o.speed = parseNumber(arg, value(), 0.0, 1e9);
        else if (arg == "--lockstep") o.lockstep = parseInt(arg, value(), 1);
        else if (arg == "--benchmark-frames") o.benchmarkFrames = parseInt(arg, value(), 1);
        else if (arg == "--benchmark-seconds") o.benchmarkSeconds = parseNumber(arg, value(), 0.0, 3600.0);
        else if (arg == "--ui-scale") o.uiScale = static_cast<float>(parseNumber(arg, value(), 0.5, 4.0));
        else if (arg == "--paused") o.paused = true;
        else if (arg == "--hide-panel") o.hidePanel = true;
        else if (arg == "--compare") o.compare.push_back(value());
        else if (arg == "--scrub") o.scrub = parseNumber(arg, value(), 0.0, 1e300);
        else if (arg == "--seconds-per-decade") o.secondsPerDecade = parseNumber(arg, value(), 0.1, 1000.0);
        else if (arg == "--do") {
            const std::string spec = value();
            const auto colon = spec.find(':');
            if (colon == std::string::npos) throw UsageError("--do needs FRAME:ACTION, not '" + spec + "'");
            const std::string action = spec.substr(colon + 1);
            const bool known = action == "apply" || action == "cancel" || action == "pause" || action == "play" ||
                               action == "fork" || action == "confirm" || scrubValue(action) ||
                               action.rfind("count=", 0) == 0 || action.rfind("preset=", 0) == 0 ||
                               ((action.rfind("remove=", 0) == 0 || action.rfind("single=", 0) == 0) &&
                                action.size() == 8 && action[7] >= '0' && action[7] <= '3') ||
                               (action.rfind("set=", 0) == 0 && action.find('=', 4) != std::string::npos) ||
                               action.rfind("data=", 0) == 0 || action.rfind("click=", 0) == 0;
            if (!known)
                throw UsageError("--do: unknown action '" + action +
                                 "' (count=N, apply, cancel, pause, play, preset=NAME, set=KEY=VALUE, data=PATH, "
                                 "click=X0,X1,LABEL, remove=K, single=K, scrub=T, fork, confirm)");
            o.actions.push_back({parseInt(arg, spec.substr(0, colon), 1), action});
        }
        else if (arg == "--drag") o.drags.push_back(parseScriptedDrag(value()));
        else if (arg == "--keys") {
            const std::vector<ScriptedKey> k = parseScriptedKeys(value());
            o.keys.insert(o.keys.end(), k.begin(), k.end());
        }
        else if (arg == "--trails") {
            o.trails = value();
            if (o.trails != "off" && o.trails != "recent" && o.trails != "whole")
                throw UsageError("--trails needs off, recent or whole, not '" + o.trails + "'");
        }
        else if (arg == "--lesson") o.lesson = value();
        else if (arg == "--presenter") o.presenter = true;
        else if (arg == "--high-contrast") o.highContrast = true;
        else if (arg == "--record") {
            o.record = value();
            try {
                videoFormatOf(o.record);
            } catch (const RecordingError& e) {
                throw UsageError(std::string("--record ") + e.what());
            }
        } else if (arg == "--record-view") {
            o.recordView = value();
            if (o.recordView != "window" && o.recordView != "particles")
                throw UsageError("--record-view needs window or particles, not '" + o.recordView + "'");
        } else if (arg == "--record-fps") o.recordFps = parseInt(arg, value(), 1);
        else if (arg == "--experiment") o.experiment = value();
        else if (arg == "--experiment-seeds") o.experimentSeeds = parseInt(arg, value(), 1);
        else if (arg == "--experiment-steps") o.experimentSteps = parseInt(arg, value(), 1);
        else if (arg == "--experiment-threads") o.experimentThreads = parseInt(arg, value(), 1);
        else if (arg == "--experiment-open") o.experimentOpen = parseInt(arg, value(), 0);
        else throw UsageError("unknown option '" + arg + "' (see --help)");
    }
    if (o.scrub >= 0.0 && o.frames < 0) throw UsageError("--scrub needs --frames N (it shows T before the last frame)");
    if (!o.compare.empty() && !o.experiment.empty()) throw UsageError("--compare and --experiment do not go together");
    if (o.markdown && !o.listActions) throw UsageError("--markdown goes with --list-actions");
    if (o.frames < 0 && (!o.screenshotAt.empty() || !o.screenshot.empty() || !o.stateDump.empty() || o.lockstep > 0 || !o.keys.empty()))
        throw UsageError("--screenshot, --screenshot-at, --state-dump, --lockstep and --keys need --frames N");
    for (const ScriptedKey& k : o.keys)
        if (k.frame > o.frames) throw UsageError("--keys: frame " + std::to_string(k.frame) + " is after the last frame " + std::to_string(o.frames));
    if (!o.experiment.empty() && o.frames < 0) throw UsageError("--experiment needs --frames N (the most frames to wait for the sweep)");
    if (!o.experiment.empty() && !o.screenshotAt.empty()) throw UsageError("--experiment writes its shot when the sweep has finished; drop --screenshot-at");
    for (int at : o.screenshotAt)
        if (at > o.frames) throw UsageError("--screenshot-at " + std::to_string(at) + " is after the last frame " + std::to_string(o.frames));
    if (o.frames >= 0 && o.screenshotAt.empty() && (!o.screenshot.empty() || !o.stateDump.empty())) o.screenshotAt.push_back(o.frames);
    std::sort(o.screenshotAt.begin(), o.screenshotAt.end());
    o.screenshotAt.erase(std::unique(o.screenshotAt.begin(), o.screenshotAt.end()), o.screenshotAt.end());
    return o;
}

}  // namespace flowscope::gui
