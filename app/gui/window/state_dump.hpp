#pragma once
// A JSON record of what the window shows, for scripted runs and tests: the run's
// counters and metrics, the first particles, and where each view is on screen (in
// framebuffer pixels, top-left origin, as in the screenshot), with every recorded panel
// and part of a panel (widget_rects.hpp) for overlap checks.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "camera.hpp"
#include "engine.hpp"

namespace flowscope::gui {

struct ViewLayout {
    ScreenRect particles, predictor, loss;
    float scrollMaxY = 0.0f;  // how far the main window could scroll (0: everything fits)
};

// A scripted action (--do) and when it showed: the first frame whose snapshot had applied
// the commands it posted (shownFrame -1: not yet; an action that posts none shows at once).
struct ActionRecord {
    int frame = 0;
    std::string action;
    int shownFrame = -1;
    double latencySeconds = -1.0;  // wall time from the action to that frame
};

// What the dump says besides the snapshot.
struct DumpExtras {
    nlohmann::json density;             // the particle view's density (DensityMap::report)
    std::vector<ActionRecord> actions;
    std::string question;               // the slow-step question waiting for an answer ("" none)
    StepProgress progress;              // what the solver was computing then
    double questionSeconds = 0.0;       // its estimate per step
    std::uint64_t commandsApplied = 0;  // the engine's count of applied commands
    bool controlsOpen = true;
    float uiScale = 1.0f;
    std::string palette = "standard";   // the colour scheme in use (palette.hpp)
    nlohmann::json compare;             // compare mode's record (compare_dump.hpp); null: a single run
    int truthDragUnit = -1;             // the truth unit the mouse is dragging (-1: none)
    nlohmann::json lesson;              // the lesson's step and claims (LessonsPanel::report); null: none
};

struct ExperimentReport;

// `experiment` (may be null) adds the experiments panel's record.
bool writeStateDump(const std::string& path, const Snapshot& snapshot, int frame, const ViewLayout& layout,
                    float framebufferScale, const ExperimentReport* experiment, const DumpExtras& extras, std::string& message);

}  // namespace flowscope::gui
