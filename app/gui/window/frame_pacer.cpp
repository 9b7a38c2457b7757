#include "frame_pacer.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::gui {

double FramePacer::interval(double frameSeconds) {
    const double drawn = std::isfinite(frameSeconds) ? std::max(0.0, frameSeconds) : 0.0;
    // A frame that took over a second (a first upload, a stall) does not stop the next for
    // several: the picture is at most this many seconds behind the run.
    return std::min(std::max(1.0 / kMostPerSecond, drawn * (1.0 + kRestPerDrawn)), 1.0);
}

}  // namespace flowscope::gui
