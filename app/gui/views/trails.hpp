#pragma once
// Trajectory trails, kept on the GUI side from the solver's path frames (path_sampler.hpp:
// every one of the first steps, then log-spaced flow times, so the start is in them however
// fast it went), for up to `maxTracked` particles (every k-th particle when there are more),
// so memory stays bounded at 10^6 particles. Two kinds, both `length` samples per particle at most:
//  - recent: a ring of the last `length` samples, fading with age;
//  - whole run: every path from the run's start, as in the paper's figures. When the
//    buffer fills, every other sample is dropped and later samples are taken half as
//    often, so the whole path always fits (decimated evenly in time).
// Cleared when the run restarts or the particle count changes.
#include <cstdint>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include "embedding.hpp"
#include "path_sampler.hpp"

namespace flowscope::gui {

class Trails {
public:
    void configure(int maxTracked, int length, bool wholeRun);
    void clear();
    // Appends the current positions as the newest sample, taken at flow time `time`.
    void record(const ParticleSet& particles, const Embedding& embedding, double time = kUntimed);
    // Appends a path frame as the newest sample; false (nothing kept) when its particles
    // are not those this trail follows (another count, or a stride it cannot take).
    bool record(const PathFrame& frame, const Embedding& embedding);
    // Line segments (two vertices each: x, y, z, sign of the particle's weight, opacity),
    // oldest samples faintest, with the segments that cross the torus's seam left out;
    // every path ends at the particle's current position (samples are log-spaced in time,
    // so the newest one may be a while back). With `until`, the paths as they were at that
    // flow time (a timeline shows an earlier moment): the samples taken after it are left out.
    void vertices(const ParticleSet& particles, const Embedding& embedding, std::vector<float>& out,
                  double until = std::numeric_limits<double>::infinity()) const;
    static constexpr double kUntimed = -std::numeric_limits<double>::infinity();  // shown at any moment

    int length() const { return length_; }
    int samples() const { return filled_; }
    int tracked() const { return tracked_; }
    int stride() const { return stride_; }
    bool wholeRun() const { return wholeRun_; }

private:
    // Whole run: keeps every other sample (the first always), and records half as often from
    // now on; true when the newest sample was among those kept (an odd count).
    bool halve();
    void follow(int count);  // lays the buffer out for `count` particles (clears it when that changes)
    template <class Position>
    void append(double time, const Position& positionOf);  // one sample: positionOf(k) for each tracked particle k

    int maxTracked_ = 4000, length_ = 120;
    bool wholeRun_ = false;
    int every_ = 1, skipped_ = 0;  // whole run: one record() call in every_ is kept
    int count_ = -1;      // particle count the trails were made for
    int tracked_ = 0, stride_ = 1;
    int head_ = 0, filled_ = 0;
    std::vector<float> ring_;  // [sample][tracked particle][3]
    std::vector<double> times_;  // [sample]: the flow time it was taken at
};

}  // namespace flowscope::gui
