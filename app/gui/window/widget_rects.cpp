#include "widget_rects.hpp"

namespace flowscope::gui {

void WidgetRects::add(const std::string& name, const std::string& parent, const ScreenRect& rect) {
    if (rect.width() <= 0.0f || rect.height() <= 0.0f) return;
    rects_.push_back({name, parent, rect});
}

const ScreenRect* WidgetRects::find(const std::string& name) const {
    for (const WidgetRect& r : rects_)
        if (r.name == name) return &r.rect;
    return nullptr;
}

WidgetRects& widgetRects() {
    static WidgetRects rects;
    return rects;
}

ScreenRect textRect(ImVec2 at, const char* text) {
    const ImVec2 size = ImGui::CalcTextSize(text);
    return {at, ImVec2(at.x + size.x, at.y + size.y)};
}

}  // namespace flowscope::gui
