#include "dynamics.hpp"

#include <cmath>

namespace flowscope {

namespace {
double sign(double x) { return (x > 0.0) - (x < 0.0); }
}  // namespace

Dynamics::Dynamics(const DynamicsSettings& s, const Regularizer& regularizer, bool periodic)
    : kind_(s.kind == "conic" ? Kind::Conic : s.kind == "forward_backward" ? Kind::ForwardBackward : Kind::Euler),
      regularizer_(regularizer),
      periodic_(periodic),
      positionScale_(s.positionScale),
      outputScale_(s.outputScale) {}

void Dynamics::velocity(const ParticleSet& p, const Evaluation& e, ParticleSet& v) const {
    const double lambda = regularizer_.l1();
    if (kind_ == Kind::Conic) {
        v.w = -4.0 * (p.w.cwiseAbs().cwiseProduct(e.field) + lambda * p.w);
        v.theta = -positionScale_ * (e.fieldGrad * p.w.unaryExpr(&sign).asDiagonal());
        return;
    }
    // Minimal-norm element of the subdifferential: at w = 0 the l1 term absorbs up to lambda.
    v.w = -p.w.binaryExpr(e.field, [lambda](double w, double f) {
        return w != 0.0 ? f + lambda * sign(w) : softThreshold(f, lambda);
    });
    v.theta = -(e.fieldGrad * p.w.asDiagonal());
    if (const double c = regularizer_.smoothGradientFactor(); c != 0.0) {
        v.w -= c * p.w;
        v.theta -= c * p.theta;
    }
}

void Dynamics::step(const ParticleSet& p, const Evaluation& e, const ParticleSet& v, double eta,
                    ParticleSet& next) const {
    const double h = effectiveStep(eta), lambda = regularizer_.l1();
    switch (kind_) {
        case Kind::Conic:
            next.w = p.w.binaryExpr(e.field, [&](double w, double f) {
                return w * std::exp(-4.0 * h * (sign(w) * f + lambda));
            });
            next.theta = p.theta - (h * positionScale_) * (e.fieldGrad * p.w.unaryExpr(&sign).asDiagonal());
            break;
        case Kind::ForwardBackward: {
            // The smooth part of the velocity is v without the l1 term.
            const double c = regularizer_.smoothGradientFactor();
            next.w = (p.w - h * (e.field + c * p.w)).unaryExpr([&](double w) { return softThreshold(w, h * lambda); });
            next.theta = p.theta + h * v.theta;
            break;
        }
        case Kind::Euler:
            next.w = p.w + h * v.w;
            next.theta = p.theta + h * v.theta;
            break;
    }
    if (periodic_) wrapToTorus(next.theta);
}

}  // namespace flowscope
