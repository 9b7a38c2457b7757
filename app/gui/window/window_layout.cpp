#include "window_layout.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::gui {

namespace {

ScreenRect box(float x0, float y0, float x1, float y1) { return {ImVec2(std::floor(x0), std::floor(y0)), ImVec2(std::floor(x1), std::floor(y1))}; }

}  // namespace

WindowLayout arrangeWindow(ScreenRect window, const LayoutMetrics& m, bool controlsOpen) {
    WindowLayout l;
    const float W = window.width(), H = window.height(), f = m.font, gap = m.gap;
    l.status = box(window.min.x, window.max.y - m.statusHeight, window.max.x, window.max.y);
    const float bottom = l.status.min.y - gap;
    // The control panel: about 19 characters wide, never more than a quarter of the window.
    float controlsWidth = 0.0f;
    if (controlsOpen) {
        controlsWidth = std::min(f * 19.0f, W * 0.25f);
        l.controls = box(window.min.x, window.min.y, window.min.x + controlsWidth, bottom);
    }
    const float left = controlsOpen ? l.controls.max.x + gap : window.min.x;
    l.views = box(left, window.min.y, window.max.x, bottom);
    const float viewsWidth = window.max.x - left, viewsHeight = bottom - window.min.y;

    // The particle panel's width: its share of the window below the header, at least
    // 55% of the views' width, and the side column kept at least 9 characters wide.
    const float viewHeight = std::max(1.0f, viewsHeight - m.particleHeader);
    const float area = m.windowArea > 0.0f ? m.windowArea : W * H;
    const float needed = m.particleShare * area / viewHeight + m.particleInset;
    const float sideMin = f * 9.0f;
    float particleWidth = std::max(needed, viewsWidth * 0.55f);
    particleWidth = std::min(particleWidth, viewsWidth - gap - sideMin);
    particleWidth = std::max(particleWidth, viewsWidth * 0.5f);
    l.particles = box(left, window.min.y, left + particleWidth, bottom);

    const float sideLeft = l.particles.max.x + gap;
    // A narrow column has no room for two plots one above the other: the loss curves
    // become a tab beside the predictor, each at the column's full height.
    l.lossInTabs = window.max.x - sideLeft < f * m.lossTabBelow;
    if (l.lossInTabs) {
        l.side = box(sideLeft, window.min.y, window.max.x, bottom);
        return l;
    }
    const float sideHeight = std::floor((viewsHeight - gap) * m.sideShare);
    l.side = box(sideLeft, window.min.y, window.max.x, window.min.y + sideHeight);
    l.loss = box(sideLeft, l.side.max.y + gap, window.max.x, bottom);
    return l;
}

void sameLineIfRoom(float width) {
    const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
    if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

}  // namespace flowscope::gui
