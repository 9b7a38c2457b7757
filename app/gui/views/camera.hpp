#pragma once
// Where the world is on screen. View2D maps world (x, y) to pixels with its own
// scale per axis (a torus position against a weight needs two units) or one shared
// scale (a plane of parameters keeps its angles). Orbit turns a 3-D scene in front of
// the 2-D view: drag to rotate about the vertical axis and tilt.
#include <Eigen/Core>
#include <imgui.h>

namespace flowscope::gui {

struct ScreenRect {
    ImVec2 min{0, 0}, max{0, 0};
    float width() const { return max.x - min.x; }
    float height() const { return max.y - min.y; }
    bool contains(ImVec2 p) const { return p.x >= min.x && p.x < max.x && p.y >= min.y && p.y < max.y; }
};

class View2D {
public:
    double centerX = 0.0, centerY = 0.0;
    double pixelsPerUnitX = 100.0, pixelsPerUnitY = 100.0;
    bool equalAspect = true;

    ImVec2 toScreen(double x, double y, const ScreenRect& rect) const;
    Eigen::Vector2d toWorld(ImVec2 pixel, const ScreenRect& rect) const;
    // Shows the box [x0, x1] x [y0, y1] whole, with a margin in pixels on every side.
    void fit(double x0, double x1, double y0, double y1, const ScreenRect& rect, float marginPixels);
    void pan(ImVec2 deltaPixels);
    // Zooms by `factor` keeping the world point under `pixel` in place.
    void zoomAt(ImVec2 pixel, const ScreenRect& rect, double factor);
};

class Orbit {
public:
    float yaw = 0.7f;     // about the vertical (third) axis, radians
    float pitch = 0.45f;  // elevation of the eye above the first two axes' plane

    void drag(ImVec2 deltaPixels);
    // Rows: screen right, screen up, towards the eye.
    Eigen::Matrix3d rotation() const;
};

}  // namespace flowscope::gui
