#include "axes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "palette.hpp"
#include "plot.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

float AxisScale::toPixel(double value) const {
    const double a = log ? std::log10(lo) : lo, b = log ? std::log10(hi) : hi;
    const double v = log ? std::log10(std::max(value, 1e-300)) : value;
    const double t = b > a ? (v - a) / (b - a) : 0.5;
    return static_cast<float>(p0 + t * (p1 - p0));
}

double AxisScale::fromPixel(float pixel) const {
    const double a = log ? std::log10(lo) : lo, b = log ? std::log10(hi) : hi;
    const double t = p1 != p0 ? (pixel - p0) / (p1 - p0) : 0.0;
    const double v = a + t * (b - a);
    return log ? std::pow(10.0, v) : v;
}

std::vector<double> linearTicks(double lo, double hi, int target) {
    std::vector<double> ticks;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
    const double raw = (hi - lo) / std::max(target, 1);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * power) { step = m * power; break; }
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

std::vector<double> logTicks(double lo, double hi) {
    std::vector<double> ticks;
    if (!(hi > lo) || lo <= 0.0) return ticks;
    const int a = static_cast<int>(std::ceil(std::log10(lo) - 1e-9));
    const int b = static_cast<int>(std::floor(std::log10(hi) + 1e-9));
    const int every = std::max(1, (b - a) / 7 + 1);  // no more than about 8 labelled decades
    for (int e = a; e <= b; ++e)
        if ((e - a) % every == 0) ticks.push_back(std::pow(10.0, e));
    if (ticks.size() < 2) {  // less than a decade in view: fall back to linear ticks
        return linearTicks(lo, hi, 4);
    }
    return ticks;
}

std::vector<double> ticksOf(const AxisScale& axis, int target) {
    const double lo = std::min(axis.lo, axis.hi), hi = std::max(axis.lo, axis.hi);
    return axis.log ? logTicks(lo, hi) : linearTicks(lo, hi, target);
}

std::string formatTick(double value, bool log) {
    char text[32];
    if (value == 0.0) return "0";
    const double a = std::abs(value);
    if (log && std::abs(std::log10(a) - std::round(std::log10(a))) < 1e-6 && (a < 1e-2 || a >= 1e4))
        std::snprintf(text, sizeof text, "1e%d", static_cast<int>(std::round(std::log10(a))));
    else if (a >= 1e5 || a < 1e-3)
        std::snprintf(text, sizeof text, "%.0e", value);
    else
        std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string formatValue(double value) {
    char text[32];
    if (!std::isfinite(value)) return std::isnan(value) ? "n/a" : (value > 0 ? "inf" : "-inf");
    const double a = std::abs(value);
    if (a != 0.0 && (a >= 1e5 || a < 1e-3))
        std::snprintf(text, sizeof text, "%.3e", value);
    else
        std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

float tickLabelWidth(const AxisScale& y, int target) {
    float width = 0.0f;
    for (double t : ticksOf(y, target)) width = std::max(width, ImGui::CalcTextSize(formatTick(t, y.log).c_str()).x);
    return width;
}

void drawAxes(ImDrawList* draw, ImVec2 min, ImVec2 max, const AxisScale& x, const AxisScale& y,
              const AxisLabels& labels, int xTarget, int yTarget, bool yTickLabels, const char* name) {
    const float pad = ImGui::GetFontSize() * 0.35f;
    const float line = ImGui::GetFontSize();
    // Tick labels stay within the plot's extent along their axis (the end ones are
    // shifted inwards) and a label that would touch the previous one is left out, so
    // labels never run into each other or into the other axis's labels at the corner.
    ScreenRect xBox{ImVec2(1e9f, 1e9f), ImVec2(-1e9f, -1e9f)}, yBox = xBox;
    auto grow = [](ScreenRect& box, ImVec2 a, ImVec2 b) {
        box.min = ImVec2(std::min(box.min.x, a.x), std::min(box.min.y, a.y));
        box.max = ImVec2(std::max(box.max.x, b.x), std::max(box.max.y, b.y));
    };
    float lastRight = -1e9f;
    for (double t : ticksOf(x, xTarget)) {
        const float px = x.toPixel(t);
        if (px < min.x - 0.5f || px > max.x + 0.5f) continue;
        draw->AddLine(ImVec2(px, min.y), ImVec2(px, max.y), palette::grid);
        draw->AddLine(ImVec2(px, max.y), ImVec2(px, max.y + pad), palette::axis, 1.5f);
        const std::string text = formatTick(t, x.log);
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        const float left = std::clamp(px - w * 0.5f, min.x, std::max(min.x, max.x - w));
        if (left < lastRight + pad) continue;
        lastRight = left + w;
        draw->AddText(ImVec2(left, max.y + pad), palette::dimText, text.c_str());
        grow(xBox, ImVec2(left, max.y + pad), ImVec2(left + w, max.y + pad + line));
    }
    float lastTop = 1e9f;
    for (double t : ticksOf(y, yTarget)) {
        const float py = y.toPixel(t);
        if (py < min.y - 0.5f || py > max.y + 0.5f) continue;
        draw->AddLine(ImVec2(min.x, py), ImVec2(max.x, py), palette::grid);
        if (!yTickLabels) continue;
        draw->AddLine(ImVec2(min.x - pad, py), ImVec2(min.x, py), palette::axis, 1.5f);
        const std::string text = formatTick(t, y.log);
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        const float top = std::clamp(py - size.y * 0.5f, min.y, std::max(min.y, max.y - size.y));
        if (top + size.y > lastTop) continue;  // ticks come bottom to top
        lastTop = top;
        const ImVec2 at(min.x - pad * 2 - size.x, top);
        draw->AddText(at, palette::dimText, text.c_str());
        grow(yBox, at, ImVec2(at.x + size.x, at.y + size.y));
    }
    draw->AddRect(min, max, palette::axis, 0.0f, 0, 1.5f);
    ScreenRect xName, yName;
    if (!labels.x.empty()) {
        const float w = ImGui::CalcTextSize(labels.x.c_str()).x;
        const ImVec2 at(0.5f * (min.x + max.x) - w * 0.5f, max.y + pad + line * 1.1f);
        draw->AddText(at, palette::text, labels.x.c_str());
        xName = textRect(at, labels.x.c_str());
    }
    if (!labels.y.empty()) {
        const ImVec2 at(min.x, min.y - line * 1.25f);
        const std::string text = fitText(labels.y, max.x - min.x);
        draw->AddText(at, palette::text, text.c_str());
        yName = textRect(at, text.c_str());
    }
    if (!name) return;
    const std::string n = name;
    WidgetRects& rects = widgetRects();
    rects.add(n + ".area", n, {min, max});
    if (xBox.min.x < xBox.max.x) rects.add(n + ".x_ticks", n, xBox);
    if (yBox.min.x < yBox.max.x) rects.add(n + ".y_ticks", n, yBox);
    rects.add(n + ".x_label", n, xName);
    rects.add(n + ".y_label", n, yName);
}

}  // namespace flowscope::gui
