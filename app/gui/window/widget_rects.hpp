#pragma once
// The rectangles of this frame's panels and of the parts drawn in them (titles,
// legends, plot areas, tick labels, axis names, toggles, banners), each named with its
// parent, for the state dump: a test checks from them that nothing overlaps.
// Siblings (same parent) must not overlap and each part lies inside its parent;
// an entry whose parent is "overlay" floats over the layout by design (banners).
#include <string>
#include <vector>

#include "camera.hpp"

namespace flowscope::gui {

struct WidgetRect {
    std::string name, parent;
    ScreenRect rect;
};

class WidgetRects {
public:
    void clear() { rects_.clear(); }
    void add(const std::string& name, const std::string& parent, const ScreenRect& rect);
    const std::vector<WidgetRect>& all() const { return rects_; }
    const ScreenRect* find(const std::string& name) const;

private:
    std::vector<WidgetRect> rects_;
};

// This frame's record (the drawing code adds to it; the App clears it each frame).
WidgetRects& widgetRects();

// The bounding box of text drawn at `at`.
ScreenRect textRect(ImVec2 at, const char* text);

}  // namespace flowscope::gui
