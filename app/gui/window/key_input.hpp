#pragma once
// Keyboard events as GLFW reports them, kept between two frames so that none is lost.
// Dear ImGui 1.86 samples each key's state once per frame: a press and its release that
// both arrive between two frames (a quick tap at a low frame rate) would leave no trace,
// and a held key would act once per frame instead of at the system's repeat rate. So
// the shortcuts read the events themselves (KeyQueue), and ImGui is shown a quick tap's
// release one frame late (TapKeeper), so that Enter in a text field is never lost either.
#include <vector>

namespace flowscope::gui {

struct KeyEvent {
    int key = 0;       // GLFW_KEY_*
    int scancode = 0;
    int action = 0;    // GLFW_PRESS, GLFW_REPEAT or GLFW_RELEASE
    int mods = 0;      // GLFW_MOD_* bits
};

// The events since the last frame, in their order of arrival.
class KeyQueue {
public:
    void push(const KeyEvent& event) { events_.push_back(event); }
    std::vector<KeyEvent> take();

private:
    std::vector<KeyEvent> events_;
};

// Decides which releases ImGui sees late: the release of a key pressed since the last
// frame began is held until the next frame, so ImGui sees the key down for one frame.
class TapKeeper {
public:
    // A new frame's events begin (call after handing on the held releases).
    void beginInterval() { pressedThisInterval_.clear(); }
    // True: hold this release back (it is kept for releasesDue()); false: pass it on now.
    bool hold(const KeyEvent& event);
    // The releases held back during the last interval, to hand on before the next one.
    std::vector<KeyEvent> releasesDue();

private:
    std::vector<int> pressedThisInterval_;
    std::vector<KeyEvent> held_;
};

}  // namespace flowscope::gui
