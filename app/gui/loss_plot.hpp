#pragma once
// The live loss curves: objective, excess objective and velocity norm against the step
// or the flow time, on a logarithmic axis, from the snapshot's bounded history.
#include "engine.hpp"
#include "plot.hpp"

namespace flowscope::gui {

struct LossPlotOptions {
    bool versusTime = false;
    bool objective = true, loss = true, excess = true, gradNorm = true;
};

// Draws the header toggles and the plot at the cursor, filling `size`.
void drawLossPlot(const Snapshot& snapshot, LossPlotOptions& options, ImVec2 size);

}  // namespace flowscope::gui
