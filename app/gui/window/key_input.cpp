#include "key_input.hpp"

#include <algorithm>

#include <GLFW/glfw3.h>

namespace flowscope::gui {

std::vector<KeyEvent> KeyQueue::take() {
    std::vector<KeyEvent> out;
    out.swap(events_);
    return out;
}

bool TapKeeper::hold(const KeyEvent& event) {
    auto& pressed = pressedThisInterval_;
    if (event.action == GLFW_PRESS) {
        pressed.push_back(event.key);
        return false;
    }
    if (event.action != GLFW_RELEASE || std::find(pressed.begin(), pressed.end(), event.key) == pressed.end()) return false;
    held_.push_back(event);
    return true;
}

std::vector<KeyEvent> TapKeeper::releasesDue() {
    std::vector<KeyEvent> out;
    out.swap(held_);
    return out;
}

}  // namespace flowscope::gui
