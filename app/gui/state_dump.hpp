#pragma once
// A JSON record of what the window shows, for scripted runs and tests: the run's
// counters and metrics, the first particles, and where each view is on screen (in
// framebuffer pixels, top-left origin, as in the screenshot).
#include <string>

#include "camera.hpp"
#include "engine.hpp"

namespace flowscope::gui {

struct ViewLayout {
    ScreenRect particles, predictor, loss;
};

struct ExperimentReport;

// `experiment` (may be null) adds the experiments panel's record.
bool writeStateDump(const std::string& path, const Snapshot& snapshot, int frame, const ViewLayout& layout,
                    float framebufferScale, const ExperimentReport* experiment, std::string& message);

}  // namespace flowscope::gui
