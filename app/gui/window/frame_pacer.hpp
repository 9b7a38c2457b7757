#pragma once
// How often the window draws while the solver runs. With a software renderer (Mesa's
// llvmpipe) a frame of a 1600x1000 window takes tens of milliseconds of the cores the
// solver steps on; drawn back to back, frames took half the solver's rate. While only the
// run's progress changes the picture, the next frame comes no sooner than
// kMostPerSecond allows, and no sooner than the GUI thread has rested `kRestPerDrawn`
// times as long as the last frame took, so drawing keeps at most about
// 1 / (1 + kRestPerDrawn) of one core. Input (a key, the mouse, a resize) ends the wait at
// once, and the wait never waits for the solver: a new publication is drawn when the
// pause is over.
namespace flowscope::gui {

struct FramePacer {
    static constexpr double kMostPerSecond = 30.0;
    static constexpr double kRestPerDrawn = 2.0;
    // Seconds from one frame's start to the next one's, given how long it took.
    static double interval(double frameSeconds);
};

}  // namespace flowscope::gui
