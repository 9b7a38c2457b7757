#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "palette.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

namespace {

struct Range {
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    bool valid() const { return lo <= hi; }
};

// Pads a data range so curves do not touch the frame; a flat range gets some height.
Range padded(Range r, bool log) {
    if (!r.valid()) return log ? Range{1e-3, 1.0} : Range{0.0, 1.0};
    if (log) {
        double a = std::log10(r.lo), b = std::log10(r.hi);
        if (b - a < 0.5) a -= 0.25, b += 0.25;
        const double pad = 0.05 * (b - a);
        return {std::pow(10.0, a - pad), std::pow(10.0, b + pad)};
    }
    if (r.hi - r.lo < 1e-12 * std::max(1.0, std::abs(r.hi))) {
        const double half = std::max(std::abs(r.hi) * 0.1, 1e-6);
        return {r.lo - half, r.hi + half};
    }
    const double pad = 0.05 * (r.hi - r.lo);
    return {r.lo - pad, r.hi + pad};
}

}  // namespace

PlotRanges plotRanges(const PlotConfig& config, const std::vector<PlotSeries>& series) {
    Range xr, yr;
    for (const auto& s : series) {
        const std::size_t n = std::min(s.x.size(), s.y.size());
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(s.y[i]) || !std::isfinite(s.x[i]) || (config.logY && s.y[i] <= 0.0) || (config.logX && s.x[i] <= 0.0)) continue;
            xr.add(s.x[i]);
            yr.add(s.y[i]);
        }
    }
    if (config.symmetricY && yr.valid()) {
        const double a = std::max(std::abs(yr.lo), std::abs(yr.hi));
        yr = {-a, a};
    }
    if (xr.valid() && xr.hi == xr.lo) xr.hi = xr.lo + 1.0;
    // A log x axis is padded like a log y axis: its markers should not sit on the frame.
    Range xs = config.logX ? padded(xr, true) : xr.valid() ? xr : Range{0.0, 1.0};
    Range ys = padded(yr, config.logY);
    if (config.xMin) xs.lo = *config.xMin;
    if (config.xMax) xs.hi = *config.xMax;
    if (config.yMin) ys.lo = *config.yMin;
    if (config.yMax) ys.hi = *config.yMax;
    if (config.equalXY) xs = ys = Range{std::min(xs.lo, ys.lo), std::max(xs.hi, ys.hi)};
    return {xs.lo, xs.hi, ys.lo, ys.hi};
}

namespace {

bool shown(double x, double y, const AxisScale& xs, const AxisScale& ys) {
    return std::isfinite(x) && std::isfinite(y) && !(xs.log && x <= 0.0) && !(ys.log && y <= 0.0);
}

void drawSeries(ImDrawList* draw, const PlotSeries& s, const AxisScale& x, const AxisScale& y, float unit) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    if (s.markers) {
        const float r = s.thickness * unit;
        for (std::size_t i = 0; i < n; ++i) {
            if (!shown(s.x[i], s.y[i], x, y)) continue;
            const ImVec2 c(x.toPixel(s.x[i]), y.toPixel(s.y[i]));
            if (s.hollow) draw->AddCircle(c, r * 0.85f, s.color, 16, std::max(1.5f, r * 0.4f));
            else draw->AddCircleFilled(c, r, s.color, 12);
        }
        return;
    }
    // A polyline, broken where a value is missing; long series are thinned to about two
    // points per pixel so thousands of history points cost little.
    const float width = std::abs(x.p1 - x.p0);
    const std::size_t stride = std::max<std::size_t>(1, n / static_cast<std::size_t>(std::max(2.0f * width, 1.0f)));
    std::vector<ImVec2> run;
    auto flush = [&] {
        if (run.size() >= 2) draw->AddPolyline(run.data(), static_cast<int>(run.size()), s.color, 0, s.thickness * unit);
        run.clear();
    };
    for (std::size_t i = 0; i < n; i += (i + stride < n || i == n - 1) ? stride : (n - 1 - i)) {
        if (!shown(s.x[i], s.y[i], x, y)) {
            flush();
        } else {
            run.emplace_back(x.toPixel(s.x[i]), y.toPixel(s.y[i]));
        }
        if (i == n - 1) break;
    }
    flush();
}

}  // namespace

std::string fitText(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    const std::string dots = "\xe2\x80\xa6";
    std::string cut = text;
    while (!cut.empty()) {
        // Drop the last character: its UTF-8 continuation bytes, then its lead byte.
        while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
        if (!cut.empty()) cut.pop_back();
        if (ImGui::CalcTextSize((cut + dots).c_str()).x <= width) return cut + dots;
    }
    return std::string();
}

// The legend sits above the plot area, never on the data: its entries flow left to right
// and wrap onto more rows when the plot is narrow.
LegendFlow flowLegend(const std::vector<LegendEntry>& entries, float width) {
    const float font = ImGui::GetFontSize();
    const float swatch = font * 1.2f, gap = font * 0.4f, row = font * 1.25f;
    LegendFlow flow;
    float x = 0.0f, y = 0.0f;
    for (const auto& e : entries) {
        flow.text.push_back(fitText(e.label, std::max(width - swatch - gap, font)));
        const float w = swatch + gap + ImGui::CalcTextSize(flow.text.back().c_str()).x;
        if (x > 0.0f && x + w > width) x = 0.0f, y += row;
        flow.at.emplace_back(x, y);
        x += w + font * 1.2f;
    }
    flow.height = entries.empty() ? 0.0f : y + row;
    return flow;
}

ScreenRect drawLegend(ImDrawList* draw, ImVec2 origin, const std::vector<LegendEntry>& entries, const LegendFlow& flow) {
    const float font = ImGui::GetFontSize();
    const float swatch = font * 1.2f, gap = font * 0.4f;
    ScreenRect box{origin, origin};
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const LegendEntry& e = entries[i];
        const ImVec2 at(origin.x + flow.at[i].x, origin.y + flow.at[i].y);
        const float mid = at.y + font * 0.55f;
        const ImVec2 dot(at.x + swatch * 0.5f, mid);
        if (e.marker && e.hollow) draw->AddCircle(dot, font * 0.3f, e.color, 16, font * 0.12f);
        else if (e.marker) draw->AddCircleFilled(dot, font * 0.32f, e.color, 16);
        else draw->AddLine(ImVec2(at.x, mid), ImVec2(at.x + swatch, mid), e.color, font * 0.22f);
        const ImVec2 text(at.x + swatch + gap, at.y);
        draw->AddText(text, palette::text, flow.text[i].c_str());
        const ImVec2 size = ImGui::CalcTextSize(flow.text[i].c_str());
        box.max = ImVec2(std::max(box.max.x, text.x + size.x), std::max(box.max.y, text.y + size.y));
    }
    return box;
}

PlotFrame drawPlot(const char* id, ImVec2 size, const PlotConfig& config, const std::vector<PlotSeries>& series) {
    ImGui::PushID(id);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton("plot", ImVec2(std::max(size.x, 50.0f), std::max(size.y, 50.0f)));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();

    const PlotRanges ranges = plotRanges(config, series);
    const Range xs{ranges.xLo, ranges.xHi}, ys{ranges.yLo, ranges.yHi};

    // Rows from the top: the title, the legend, the y axis name; then the plot area, with
    // the x tick labels and the x axis name below it.
    std::vector<LegendEntry> legend;
    for (const auto& s : series)
        if (!s.label.empty()) legend.push_back({s.label, s.color, s.markers, s.hollow});
    for (const auto& [label, color] : config.extraLegend) legend.push_back({label, color});
    const float inner = std::max(size.x - font * 0.6f, 10.0f);
    const LegendFlow flow = flowLegend(legend, inner);
    float top = origin.y;
    ScreenRect titleBox, legendBox;
    if (!config.title.empty()) {
        const ImVec2 at(origin.x + font * 0.3f, top);
        const std::string title = fitText(config.title, inner);
        draw->AddText(at, palette::text, title.c_str());
        titleBox = textRect(at, title.c_str());
        top += font * 1.3f;
    }
    if (!legend.empty()) {
        legendBox = drawLegend(draw, ImVec2(origin.x + font * 0.3f, top), legend, flow);
        top += flow.height + font * 0.15f;
    }
    const ScreenRect plotBox{ImVec2(origin.x, top), ImVec2(origin.x + size.x, origin.y + std::max(size.y, 50.0f))};
    const float yLabelRow = config.labels.y.empty() ? font * 0.6f : font * 1.45f;

    AxisScale y{ys.lo, ys.hi, 0, 0, config.logY};
    const float left = tickLabelWidth(y, 5) + font * 1.0f;
    const float bottom = font * (config.labels.x.empty() ? 1.8f : 3.0f);
    const ImVec2 min(origin.x + left, top + yLabelRow);
    ImVec2 max(origin.x + size.x - font * 0.8f, std::max(min.y + 10.0f, plotBox.max.y - bottom));
    y.p0 = max.y;
    y.p1 = min.y;
    const AxisScale x{xs.lo, xs.hi, min.x, max.x, config.logX};

    draw->AddRectFilled(min, max, palette::plotBackground);
    const std::string plotName = config.name.empty() ? std::string() : config.name + ".plot";
    drawAxes(draw, min, max, x, y, config.labels, 6, 5, true, plotName.empty() ? nullptr : plotName.c_str());
    if (!config.name.empty()) {
        WidgetRects& rects = widgetRects();
        rects.add(config.name + ".title", config.name, titleBox);
        rects.add(config.name + ".legend", config.name, legendBox);
        rects.add(plotName, config.name, plotBox);
    }

    draw->PushClipRect(min, max, true);
    for (const auto& s : series) drawSeries(draw, s, x, y, font * 0.1f);

    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool inside = hovered && mouse.x >= min.x && mouse.x <= max.x && mouse.y >= min.y && mouse.y <= max.y;
    PlotFrame frame{min, max, x, y, inside};
    if (inside && config.pickPoints) {
        // The marker nearest the cursor, within about a finger's width; the caller says what it is.
        float best = (font * 0.9f) * (font * 0.9f);
        for (std::size_t k = 0; k < series.size(); ++k) {
            const PlotSeries& s = series[k];
            if (!s.markers) continue;
            for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
                if (!shown(s.x[i], s.y[i], x, y)) continue;
                const float dx = x.toPixel(s.x[i]) - mouse.x, dy = y.toPixel(s.y[i]) - mouse.y;
                if (dx * dx + dy * dy < best)
                    best = dx * dx + dy * dy, frame.hoveredSeries = static_cast<int>(k), frame.hoveredPoint = static_cast<int>(i);
            }
        }
        if (frame.hoveredSeries >= 0) {
            const PlotSeries& s = series[static_cast<std::size_t>(frame.hoveredSeries)];
            const auto i = static_cast<std::size_t>(frame.hoveredPoint);
            draw->AddCircle(ImVec2(x.toPixel(s.x[i]), y.toPixel(s.y[i])), font * 0.55f, IM_COL32(255, 255, 255, 235), 20, 2.0f);
            frame.clicked = pressed;
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        }
    } else if (inside) {
        // Hover readout: a guide at the cursor and each series' value there (the nearest point).
        draw->AddLine(ImVec2(mouse.x, min.y), ImVec2(mouse.x, max.y), IM_COL32(255, 255, 255, 90), 1.0f);
        const double at = x.fromPixel(mouse.x);
        ImGui::BeginTooltip();
        ImGui::Text("%s = %s", config.labels.x.empty() ? "x" : config.labels.x.c_str(), formatValue(at).c_str());
        for (const auto& s : series) {
            const std::size_t n = std::min(s.x.size(), s.y.size());
            if (n == 0 || s.label.empty()) continue;
            std::size_t best = 0;
            double bestDistance = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < n; ++i) {
                const double d = std::abs(s.x[i] - at);
                if (d < bestDistance) bestDistance = d, best = i;
            }
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s: %s", s.label.c_str(),
                               formatValue(s.y[best]).c_str());
            draw->AddCircle(ImVec2(x.toPixel(s.x[best]), y.toPixel(s.y[best])), font * 0.3f, s.color, 12, 2.0f);
        }
        ImGui::EndTooltip();
    }
    draw->PopClipRect();
    ImGui::PopID();
    return frame;
}

}  // namespace flowscope::gui
