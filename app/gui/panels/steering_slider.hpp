#pragma once
// Sliders that steer the run, and how a typed value reaches it.
#include <imgui.h>
#include <imgui_internal.h>  // TempInputIsActive: whether a slider is being typed in

namespace flowscope::gui {

// The value of the one slider being dragged or typed in: it shows this value, not the
// run's, until the value is applied (only one widget can be active at a time).
struct HeldEdit {
    unsigned int id = 0;     // the ImGui id of the slider, 0 when none is held
    double value = 0.0;
    bool sent = false;       // a value was applied while it was held (dragging)
    double lastSent = 0.0;
};

// A slider that steers the run. Dragging applies the value as it moves (or on release,
// with `onRelease`); a typed value (Ctrl+click, or Tab into the field) applies once, on
// Enter or when the field loses focus, never per keystroke. While the slider is held it
// shows its own value, not the run's. True when `value` should be applied now.
template <typename T>
bool steeringSlider(HeldEdit& held, const char* label, ImGuiDataType type, T current, T& value, T lo, T hi,
                    const char* format, ImGuiSliderFlags flags, bool onRelease = false) {
    const ImGuiID id = ImGui::GetID(label);
    value = held.id == id ? static_cast<T>(held.value) : current;
    const bool moved = ImGui::SliderScalar(label, type, &value, &lo, &hi, format, flags);
    const bool typing = ImGui::TempInputIsActive(id);
    bool apply = false;
    if (ImGui::IsItemDeactivatedAfterEdit()) apply = held.sent ? static_cast<double>(value) != held.lastSent : value != current;
    else if (moved && !typing && !onRelease) apply = true;
    if (ImGui::IsItemActive()) {
        if (held.id != id) held = HeldEdit{id, 0.0, false, 0.0};
        held.value = static_cast<double>(value);
        if (apply) held.sent = true, held.lastSent = static_cast<double>(value);
    } else if (held.id == id) {
        held = HeldEdit{};
    }
    return apply;
}

}  // namespace flowscope::gui
