#pragma once
// A JSON record of what the window shows, for scripted runs and tests: the run's
// counters and metrics, the first particles, and where each view is on screen (in
// framebuffer pixels, top-left origin, as in the screenshot), with every recorded panel
// and part of a panel (widget_rects.hpp) for overlap checks.
#include <string>

#include "camera.hpp"
#include "engine.hpp"

namespace flowscope::gui {

struct ViewLayout {
    ScreenRect particles, predictor, loss;
    float scrollMaxY = 0.0f;  // how far the main window could scroll (0: everything fits)
};

// What the dump says besides the snapshot.
struct DumpExtras {
    std::uint64_t commandsApplied = 0;  // the engine's count of applied commands
    bool controlsOpen = true;
    float uiScale = 1.0f;
};

struct ExperimentReport;

// `experiment` (may be null) adds the experiments panel's record.
bool writeStateDump(const std::string& path, const Snapshot& snapshot, int frame, const ViewLayout& layout,
                    float framebufferScale, const ExperimentReport* experiment, const DumpExtras& extras, std::string& message);

}  // namespace flowscope::gui
