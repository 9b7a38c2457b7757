#include "camera.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::gui {

ImVec2 View2D::toScreen(double x, double y, const ScreenRect& rect) const {
    return ImVec2(static_cast<float>(rect.min.x + rect.width() * 0.5 + (x - centerX) * pixelsPerUnitX),
                  static_cast<float>(rect.min.y + rect.height() * 0.5 - (y - centerY) * pixelsPerUnitY));
}

Eigen::Vector2d View2D::toWorld(ImVec2 pixel, const ScreenRect& rect) const {
    return {centerX + (pixel.x - rect.min.x - rect.width() * 0.5) / pixelsPerUnitX,
            centerY - (pixel.y - rect.min.y - rect.height() * 0.5) / pixelsPerUnitY};
}

void View2D::fit(double x0, double x1, double y0, double y1, const ScreenRect& rect, float marginPixels) {
    const double w = std::max(x1 - x0, 1e-9), h = std::max(y1 - y0, 1e-9);
    const double availableX = std::max(rect.width() - 2.0 * marginPixels, 10.0);
    const double availableY = std::max(rect.height() - 2.0 * marginPixels, 10.0);
    pixelsPerUnitX = availableX / w;
    pixelsPerUnitY = availableY / h;
    if (equalAspect) pixelsPerUnitX = pixelsPerUnitY = std::min(pixelsPerUnitX, pixelsPerUnitY);
    centerX = 0.5 * (x0 + x1);
    centerY = 0.5 * (y0 + y1);
}

void View2D::pan(ImVec2 deltaPixels) {
    centerX -= deltaPixels.x / pixelsPerUnitX;
    centerY += deltaPixels.y / pixelsPerUnitY;
}

void View2D::zoomAt(ImVec2 pixel, const ScreenRect& rect, double factor) {
    const Eigen::Vector2d before = toWorld(pixel, rect);
    pixelsPerUnitX *= factor;
    pixelsPerUnitY *= factor;
    const Eigen::Vector2d after = toWorld(pixel, rect);
    centerX += before.x() - after.x();
    centerY += before.y() - after.y();
}

void Orbit::drag(ImVec2 deltaPixels) {
    yaw += deltaPixels.x * 0.008f;
    pitch = std::clamp(pitch + deltaPixels.y * 0.008f, -1.55f, 1.55f);
}

Eigen::Matrix3d Orbit::rotation() const {
    const double c = std::cos(yaw), s = std::sin(yaw);
    const double ce = std::cos(pitch), se = std::sin(pitch);
    Eigen::Matrix3d turn;  // about the third axis
    turn << c, -s, 0, s, c, 0, 0, 0, 1;
    Eigen::Matrix3d eye;   // right = x; up = sin(e) y + cos(e) z; towards the eye = -cos(e) y + sin(e) z
    eye << 1, 0, 0, 0, se, ce, 0, -ce, se;
    return eye * turn;
}

}  // namespace flowscope::gui
