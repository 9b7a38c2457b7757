#pragma once
// Axes shared by every plot and view: a linear or logarithmic map from values to
// pixels, "nice" tick positions (1, 2, 5 times a power of ten; decades on a log axis),
// and a frame with grid lines, tick labels and axis names drawn with ImGui.
#include <string>
#include <vector>

#include <imgui.h>

namespace flowscope::gui {

struct AxisScale {
    double lo = 0.0, hi = 1.0;   // values at the two ends
    float p0 = 0.0f, p1 = 1.0f;  // pixels of lo and hi
    bool log = false;

    float toPixel(double value) const;
    double fromPixel(float pixel) const;
};

std::vector<double> linearTicks(double lo, double hi, int target);
std::vector<double> logTicks(double lo, double hi);
std::vector<double> ticksOf(const AxisScale& axis, int target);
// Short labels: 0.25, 1e-05, 12k..., sized for a tick step.
std::string formatTick(double value, bool log);
// Values in readouts: 4 significant digits.
std::string formatValue(double value);

struct AxisLabels {
    std::string x, y;
};

// Widths the tick labels of this axis need (for the left margin).
float tickLabelWidth(const AxisScale& y, int target);

// Grid, ticks and labels around the plot area [min, max]; the x labels go below the
// area (tick labels within pad + 1 font line, the name in the line after), the y tick
// labels to its left, the y axis name in the line above its top-left corner. With a
// `name`, the area, the tick labels' boxes and the axis names are recorded as parts of
// the widget of that name (widget_rects.hpp).
void drawAxes(ImDrawList* draw, ImVec2 min, ImVec2 max, const AxisScale& x, const AxisScale& y,
              const AxisLabels& labels, int xTarget = 6, int yTarget = 5, bool yTickLabels = true,
              const char* name = nullptr);

}  // namespace flowscope::gui
