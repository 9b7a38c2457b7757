#pragma once
// A run's timeline kept beside its checkpoint, so that Save state and Load state keep the
// run's past (keyframes, timeline.hpp) as well as its present: PATH.timeline beside PATH.
//
// The format is text, like the checkpoint's, each keyframe a checkpoint record of its own
// (so every double is exact and each keyframe is checked by its own checksum):
//
//     flowscope-timeline 1
//     stride S last_step L last_time T     T a hexadecimal float
//     segments N, then N lines             each segment's scenario, one line of JSON
//     keyframes K, then for each:
//       keyframe SEGMENT BYTES             then BYTES bytes: the keyframe's state as a checkpoint
//     end
#include <string>

#include "timeline.hpp"

namespace flowscope {

std::string timelinePathOf(const std::string& checkpointPath);
// Written atomically (file_io.hpp). Throws InputError or EnvironmentError naming the path.
void saveTimeline(const std::string& path, const Timeline::Contents& contents);
std::string formatTimeline(const Timeline::Contents& contents);
// Throws InputError naming `origin` and the record for a file that does not read.
Timeline::Contents parseTimeline(const std::string& bytes, const std::string& origin);
Timeline::Contents loadTimeline(const std::string& path);

}  // namespace flowscope
