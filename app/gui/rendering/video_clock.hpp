#pragma once
// The clock of a recorded clip. A clip plays at a fixed frame rate, and each of its frames
// shows the run as far on as the window's pace would have taken it in one frame's time
// (1/fps of a second), however fast the machine draws: on a slow machine the recording
// takes longer than the clip lasts, and no frame is dropped or repeated.
#include <cstdint>

#include "engine.hpp"

namespace flowscope::gui {

class VideoClock {
public:
    explicit VideoClock(int framesPerSecond) : fps_(framesPerSecond) {}

    // Steps between the frame showing flow time `flowTime` and the next one. Pace::Fastest
    // has no rate of its own: it is shown at `fastestStepsPerSecond` (the preset's demo
    // pace). Fractions of a step carry over to later frames, so N frames take as many
    // steps in all as the pace gives in N/fps seconds; a frame may take 0 steps.
    std::int64_t stepsForNextFrame(const Pace& pace, double flowTime, double stepSize, double fastestStepsPerSecond);

    int framesPerSecond() const { return fps_; }

private:
    int fps_;
    double carry_ = 0.0;
};

}  // namespace flowscope::gui
