#pragma once
// Reading the paper's claims off a finished run.
#include <cmath>

#include "particles.hpp"

namespace flowscope::testing {

struct Cluster {
    double mass = 0.0;      // (1/m) sum of the weights near a true spike
    double position = 0.0;  // their mass-weighted position
};

// The particles within `radius` (torus distance) of a 1-D spike at `where`.
inline Cluster clusterNear(const ParticleSet& p, double where, double radius = 0.05) {
    Cluster c;
    double offset = 0.0;
    for (int i = 0; i < p.count(); ++i) {
        const double d = torusDelta(p.theta(0, i), where);
        if (std::abs(d) < radius) {
            c.mass += p.w[i] / p.count();
            offset += p.w[i] / p.count() * d;
        }
    }
    c.position = c.mass != 0.0 ? where + offset / c.mass : NAN;
    return c;
}

// True when every spike of the truth has a cluster of the right sign within tolerance.
inline bool recoversSpikes(const ParticleSet& particles, const ParticleSet& truth, double tolerance) {
    for (int j = 0; j < truth.count(); ++j) {
        const Cluster c = clusterNear(particles, truth.theta(0, j));
        if (!(std::abs(torusDelta(c.position, truth.theta(0, j))) < tolerance)) return false;
        if (!(c.mass * truth.w[j] > 0.0 && std::abs(c.mass - truth.w[j]) < 0.2 * std::abs(truth.w[j]))) return false;
    }
    return true;
}

}  // namespace flowscope::testing
