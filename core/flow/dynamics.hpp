#pragma once
// The particle dynamics, in the mean-field scaling: each particle follows minus the
// gradient of the potential g(w, theta) = w field(theta) + V(w, theta), which equals
// -m grad_{u_i} F_m, so the flow time t = steps x eta does not depend on m.
//
//   euler             u <- u - eta grad g (l1 through its minimal-norm subgradient);
//   forward_backward  gradient step on the smooth part, then w <- soft-threshold(w, eta lambda);
//   conic             the Wasserstein-Fisher-Rao flow of the lifted measure: with w = r|r|,
//                     r <- r exp(-2 eta (sign(r) field + lambda)), i.e.
//                     w <- w exp(-4 eta (sign(w) field + lambda)), and
//                     theta <- theta - beta sign(w) grad field, beta = position_scale eta.
// With output scale alpha (f = alpha/m sum w phi) the step is eta / alpha^2.
#include "particles.hpp"
#include "problem.hpp"
#include "regularizer.hpp"
#include "scenario.hpp"

namespace flowscope {

// Sums over the particles that the metrics need, computed while the particles are in cache.
struct StateSums {
    double velocitySquares = 0.0;  // sum_i |v_i|^2
    double penalty = 0.0;          // sum_i V(u_i): Regularizer::total, the same bits
};

class Dynamics {
public:
    using Kind = DynamicsKind;

    Dynamics(const DynamicsSettings& settings, const Regularizer& regularizer, bool periodic);

    Kind kind() const { return kind_; }
    // The velocity du/dt of every particle at the evaluated state, and the state's sums.
    StateSums velocity(const ParticleSet& particles, const Evaluation& eval, ParticleSet& out) const;
    // One step of size eta from `current` into `next` (which may not alias current), given
    // the velocity computed by velocity() at the same state. Returns whether every
    // coordinate of `next` is finite (checked while it is in cache).
    bool step(const ParticleSet& current, const Evaluation& eval, const ParticleSet& velocity, double eta,
              ParticleSet& next) const;
    // The step actually taken for a nominal eta (eta / alpha^2).
    double effectiveStep(double eta) const { return eta / (outputScale_ * outputScale_); }

private:
    Kind kind_;
    Regularizer regularizer_;
    bool periodic_;
    double positionScale_, outputScale_;
};

}  // namespace flowscope
