#pragma once
// The project's plot widget, drawn with ImGui's draw lists: several series as lines or
// markers, linear or logarithmic axes, autoscaled to the data (or fixed ranges),
// labelled axes, a legend, and a hover readout: of every series at the cursor, or of
// the one marker under it (for scatter plots whose points are things to pick).
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "axes.hpp"

namespace flowscope::gui {

struct PlotSeries {
    std::string label;
    ImU32 color = IM_COL32_WHITE;
    std::vector<double> x, y;
    bool markers = false;       // dots instead of a polyline (x need not be sorted)
    float thickness = 2.5f;     // line width or marker radius, in font-relative units of 1/10 font size
    bool hollow = false;        // markers as rings: a second cue besides colour
};

struct PlotConfig {
    std::string title;
    AxisLabels labels;
    bool logX = false, logY = false;
    bool pickPoints = false;    // hover finds the nearest marker (PlotFrame::hoveredSeries/Point); no guide
    std::optional<double> xMin, xMax, yMin, yMax;  // fixed ends; autoscaled where absent
    bool symmetricY = false;                        // autoscale to [-a, a]
    bool equalXY = false;                           // one unit on both axes (a diagonal stays at 45 degrees)
    std::vector<std::pair<std::string, ImU32>> extraLegend;  // entries for things drawn by the caller
};

// What the caller may draw on top, in the plot's own coordinates.
struct PlotFrame {
    ImVec2 min, max;   // the data area
    AxisScale x, y;
    bool hovered = false;
    int hoveredSeries = -1, hoveredPoint = -1;  // with pickPoints: the marker under the cursor
    bool clicked = false;                        // and it was clicked
};

// Draws at the cursor with the given size (the whole widget, margins included).
PlotFrame drawPlot(const char* id, ImVec2 size, const PlotConfig& config, const std::vector<PlotSeries>& series);

}  // namespace flowscope::gui
