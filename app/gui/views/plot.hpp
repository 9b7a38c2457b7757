#pragma once
// The project's plot widget, drawn with ImGui's draw lists: several series as lines or
// markers, linear or logarithmic axes, autoscaled to the data (or fixed ranges),
// labelled axes, a legend above the plot area (never on the data), and a hover readout: of every series at the cursor, or of
// the one marker under it (for scatter plots whose points are things to pick).
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "axes.hpp"
#include "camera.hpp"

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
    bool equalXY = false;                           // the same range on both axes: the diagonal y = x runs corner to corner
    std::vector<std::pair<std::string, ImU32>> extraLegend;  // entries for things drawn by the caller
    std::string name;           // records the title, legend and plot rectangles under this name (widget_rects.hpp)
};

// The axes' ends for these series: the finite data (positive on a log axis) padded so no
// curve touches the frame, a flat range given some height, no data a default range; then
// the config's fixed ends, symmetric y and equal axes. Pure arithmetic (gui.logic tests it).
struct PlotRanges {
    double xLo, xHi, yLo, yHi;
};
PlotRanges plotRanges(const PlotConfig& config, const std::vector<PlotSeries>& series);

// What the caller may draw on top, in the plot's own coordinates.
struct PlotFrame {
    ImVec2 min, max;   // the data area
    AxisScale x, y;
    bool hovered = false;
    int hoveredSeries = -1, hoveredPoint = -1;  // with pickPoints: the marker under the cursor
    bool clicked = false;                        // and it was clicked
};

// A legend above a plot, never on its data: entries flow left to right and wrap onto
// more rows when the width is short.
struct LegendEntry {
    std::string label;
    ImU32 color;
    bool marker = false, hollow = false;  // a dot (filled or a ring) instead of a line
};
struct LegendFlow {
    std::vector<ImVec2> at;          // each entry's top-left, relative to the legend's origin
    std::vector<std::string> text;   // each entry's label, cut short if wider than the legend
    float height = 0.0f;
};
LegendFlow flowLegend(const std::vector<LegendEntry>& entries, float width);
// Draws the entries at `origin` as flowed; returns the box they cover.
ScreenRect drawLegend(ImDrawList* draw, ImVec2 origin, const std::vector<LegendEntry>& entries, const LegendFlow& flow);

// `text`, cut short with an ellipsis if it is wider than `width` pixels.
std::string fitText(const std::string& text, float width);

// Draws at the cursor with the given size (the whole widget, margins included).
PlotFrame drawPlot(const char* id, ImVec2 size, const PlotConfig& config, const std::vector<PlotSeries>& series);

}  // namespace flowscope::gui
