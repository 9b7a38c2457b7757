#include "heat_map_painter.hpp"

#include "palette.hpp"

namespace flowscope::gui {

void HeatMapPainter::initialize() {
    program_.load("heatmap.vert", "heatmap.frag");
    fullScreen_.create({});
}

void HeatMapPainter::paint(RenderTarget& target, const FloatTexture& values, int pixels, double range, bool contours) {
    target.begin(pixels, pixels, 0, 0, 0, 1);
    program_.use();
    values.bind(0);
    program_.set("uValues", 0);
    program_.set("uRange", static_cast<float>(range));
    program_.set("uPositive", palette::positive.r, palette::positive.g, palette::positive.b);
    program_.set("uNegative", palette::negative.r, palette::negative.g, palette::negative.b);
    program_.set("uMiddle", 0.10f, 0.10f, 0.12f);
    program_.set("uContours", contours ? 1.0f : 0.0f);
    glDisable(GL_BLEND);
    fullScreen_.drawGenerated(GL_TRIANGLES, 3);
    target.end();
}

}  // namespace flowscope::gui
