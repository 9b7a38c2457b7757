#pragma once
// The timeline under the views: a slider over the flow times the runs kept (keyframes,
// timeline.hpp) that scrubs every run shown (the single run, or all compared runs) to a
// moment, buttons that play that past backwards or forwards at the run's pace, go back to
// the present, and continue from the moment shown ("continue from here", after a
// confirmation: the later history is dropped).
#include <functional>
#include <string>

#include "app_state.hpp"
#include "camera.hpp"

namespace flowscope::gui {

// What the bar steers: the single run or the compared runs.
struct TimelineTarget {
    double first = 0.0, last = 0.0;  // the flow times it can show
    double shown = 0.0;              // the moment shown
    bool past = false;               // an earlier moment than the runs' own is shown
    bool settled = true;             // the last seek is shown: the next may be posted
    double stepSize = 0.0;           // the smallest step size (pace in steps per second)
    std::string runs;                // "the run", "the 2 runs": for the confirmation
    std::function<void(double)> seek;
    std::function<void()> present;
    std::function<void()> fork;
};

class TimelineBar {
public:
    // Takes the keys' requests (AppState::timeline) and moves a playing scrub on; call once
    // per frame before draw().
    void follow(AppState& state, const TimelineTarget& target, double seconds);
    // Draws the bar filling `rect`, recorded as "timeline" in `parent` (widget_rects.hpp).
    void draw(AppState& state, const TimelineTarget& target, const ScreenRect& rect, const char* parent);
    // The bar's height: one row of buttons.
    static float height();
    int direction() const { return direction_; }

private:
    void seek(const TimelineTarget& target, double time);
    int direction_ = 0;      // playing the past: -1 backwards, +1 forwards, 0 not
    double wanted_ = -1.0;   // a scrub not yet posted (the last seek is not shown yet)
    double playTime_ = 0.0;  // where a playing scrub is
    bool confirm_ = false;   // the confirmation of "continue from here" is to be opened
    bool answerYes_ = false; // a scripted answer to it (--do confirm), as its button's click
};

}  // namespace flowscope::gui
