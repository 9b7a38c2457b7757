#pragma once
// The compared runs' loss curves overlaid: one metric (the comparison's claim's, else the
// excess objective) of every run against flow time, each in its run's colour, the legend
// naming the differing values. A cursor marks the moment shown (a scrubbed time), with a
// dot where each curve passes it.
#include <string>

#include "compare_session.hpp"
#include "plot.hpp"

namespace flowscope::gui {

struct CompareLossOptions {
    std::string metric;  // objective, loss, excess or grad_norm; "" the claim's (else excess)
    bool logTime = true; // flow time on a log axis (the runs part in the first moments)
};

// Draws the metric picker and the plot at the cursor, filling `size`. Returns the number
// of curves drawn (runs with positive finite values).
int drawCompareLossPlot(const CompareSession& session, CompareLossOptions& options, ImVec2 size);

// A vertical line at `x` across a plot's data area, and a dot at (x, y) for each `dots`
// entry: the moment a timeline shows, on the curves (the single run's plot uses it too).
void drawPlotCursor(const PlotFrame& frame, double x, const std::vector<std::pair<double, ImU32>>& dots = {});

}  // namespace flowscope::gui
