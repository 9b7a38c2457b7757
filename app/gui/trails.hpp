#pragma once
// Fading trajectory trails, kept on the GUI side from the snapshots it sees: a ring
// buffer of the last `length` view positions of up to `maxTracked` particles (every
// k-th particle when there are more), so memory stays bounded at 10^6 particles.
// Cleared when the run restarts or the particle count changes.
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "embedding.hpp"

namespace flowscope::gui {

class Trails {
public:
    void configure(int maxTracked, int length);
    void clear();
    // Appends the current positions as the newest sample.
    void record(const ParticleSet& particles, const Embedding& embedding);
    // Line segments (two vertices each: x, y, z, sign of the particle's weight, opacity),
    // oldest samples faintest, with the segments that cross the torus's seam left out.
    void vertices(const ParticleSet& particles, const Embedding& embedding, std::vector<float>& out) const;

    int length() const { return length_; }
    int samples() const { return filled_; }
    int tracked() const { return tracked_; }
    int stride() const { return stride_; }

private:
    int maxTracked_ = 4000, length_ = 120;
    int count_ = -1;      // particle count the trails were made for
    int tracked_ = 0, stride_ = 1;
    int head_ = 0, filled_ = 0;
    std::vector<float> ring_;  // [sample][tracked particle][3]
};

}  // namespace flowscope::gui
