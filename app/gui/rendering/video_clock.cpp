#include "video_clock.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::gui {

std::int64_t VideoClock::stepsForNextFrame(const Pace& pace, double flowTime, double stepSize, double fastestStepsPerSecond) {
    const double seconds = 1.0 / fps_;
    double steps = 0.0;
    switch (pace.mode) {
        case Pace::Mode::Fastest: steps = fastestStepsPerSecond * seconds; break;
        case Pace::Mode::StepsPerSecond: steps = pace.stepsPerSecond * seconds; break;
        case Pace::Mode::LogTime: {
            // The engine's log pace (engine.cpp, stepDue): u = t + eta grows by a factor 10
            // every secondsPerDecade, so in `seconds` it is multiplied by 10^(seconds/spd).
            const double u = std::max(flowTime, 0.0) + stepSize;
            steps = u * (std::pow(10.0, seconds / std::max(pace.secondsPerDecade, 0.1)) - 1.0) / stepSize;
            break;
        }
    }
    const double due = std::max(steps, 0.0) + carry_;
    const double whole = std::floor(due);
    carry_ = due - whole;
    return static_cast<std::int64_t>(whole);
}

}  // namespace flowscope::gui
