#pragma once
// A grid of values painted into an image in the sign colours (heatmap.frag): positive warm,
// negative cool, 0 the dark middle, with contour lines on request. The predictor's maps and
// the classifier's decision function are both painted by it, so they read the same.
#include "gl_buffers.hpp"
#include "gl_program.hpp"

namespace flowscope::gui {

class HeatMapPainter {
public:
    void initialize();  // with a GL context current
    // Paints `values` (a grid in a float texture) into `target` at pixels x pixels; a value
    // of +-range takes the full sign colour.
    void paint(RenderTarget& target, const FloatTexture& values, int pixels, double range, bool contours);

private:
    GlProgram program_;
    VertexArray fullScreen_;
};

}  // namespace flowscope::gui
