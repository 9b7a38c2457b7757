#pragma once
// The regularizer V(w, theta) of F(mu) = R(int Phi dmu) + int V dmu:
//   none;  l1: lambda |w| (the sparse-spikes penalty);  weight_decay: lambda (w^2 + |theta|^2)
// (the 2-homogeneous penalty of ReLU networks). The objective carries (1/m) sum_i V(u_i).
#include "particles.hpp"
#include "scenario.hpp"

namespace flowscope {

struct Regularizer {
    using Kind = RegularizerKind;
    Kind kind = Kind::None;
    double lambda = 0.0;

    static Regularizer from(const RegularizerSettings& settings);

    double value(const ParticleSet& particles) const;  // (1/m) total()
    double total(const ParticleSet& particles) const;  // sum_i V(w_i, theta_i), summed by pieces
    // sum_{begin <= i < end} V(w_i, theta_i): one piece of value() (parallel.hpp).
    double sum(const ParticleSet& particles, long begin, long end) const;
    // The number of operations per particle of sum(), for parallelFor's estimate.
    double workPerParticle(const ParticleSet& particles) const { return 2.0 * (1 + particles.dim()); }
    double l1() const { return kind == Kind::L1 ? lambda : 0.0; }
    // The smooth part's gradient is this factor times u = (w, theta): 2 lambda for weight decay.
    double smoothGradientFactor() const { return kind == Kind::WeightDecay ? 2.0 * lambda : 0.0; }
};

// sign(x) max(|x| - threshold, 0): the proximal map of threshold |.|.
inline double softThreshold(double x, double threshold) {
    return x > threshold ? x - threshold : x < -threshold ? x + threshold : 0.0;
}

}  // namespace flowscope
