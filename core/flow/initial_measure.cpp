#include "initial_measure.hpp"

#include "ground_truth.hpp"
#include "rng.hpp"

namespace flowscope {

namespace {

double initialWeight(const InitSettings& init, int index, Rng& rng) {
    if (init.weights == InitWeights::Zero) return 0.0;
    if (init.weights == InitWeights::Alternating) return index % 2 == 0 ? init.radius : -init.radius;
    return rng.sign() * init.radius;
}

Eigen::VectorXd uniformPoint(int dim, double lo, double hi, Rng& rng) {
    Eigen::VectorXd p(dim);
    for (int k = 0; k < dim; ++k) p[k] = rng.uniform(lo, hi);
    return p;
}

ParticleSet drawOnTorus(const Scenario& s, int count, Rng& rng, bool gridAllowed) {
    const int dim = s.positionDim();
    ParticleSet p(count, dim);
    const auto& init = s.init;
    Rng anchorRng = streamRng(s.initSeed(), Stream::Anchor);
    const Eigen::VectorXd anchor = uniformPoint(dim, 0.0, 1.0, anchorRng);
    const int side = dim == 1 ? count : static_cast<int>(std::ceil(std::sqrt(double(count))));
    for (int i = 0; i < count; ++i) {
        if (init.kind == InitKind::Grid && gridAllowed) {
            if (dim == 1) p.theta(0, i) = double(i) / count;
            else p.theta.col(i) << double(i % side) / side, double(i / side) / side;
        } else if (init.kind == InitKind::Subinterval) {
            p.theta.col(i) = uniformPoint(dim, init.intervalLo, init.intervalHi, rng);
        } else if (init.kind == InitKind::Point) {
            p.theta.col(i) = anchor;
        } else {
            p.theta.col(i) = uniformPoint(dim, 0.0, 1.0, rng);
        }
        p.w[i] = initialWeight(init, i, rng);
    }
    return p;
}

// u = (w, theta) uniform on the sphere of radius r0 in R^(1+dim).
ParticleSet drawOnSphere(const Scenario& s, int count, Rng& rng) {
    const int dim = s.positionDim();
    ParticleSet p(count, dim);
    Rng anchorRng = streamRng(s.initSeed(), Stream::Anchor);
    const Eigen::VectorXd anchor = s.init.radius * drawUnitVector(dim + 1, anchorRng);
    for (int i = 0; i < count; ++i) {
        const Eigen::VectorXd u = s.init.kind == InitKind::Point ? anchor : Eigen::VectorXd(s.init.radius * drawUnitVector(dim + 1, rng));
        p.w[i] = u[0];
        p.theta.col(i) = u.tail(dim);
        // A half-sphere: every unit's direction in the half-space theta_0 >= 0.
        if (s.init.kind == InitKind::HalfSphere && p.theta(0, i) < 0.0) p.theta.col(i) *= -1.0;
    }
    return p;
}

}  // namespace

ParticleSet drawInitialParticles(const Scenario& s, int count, Rng& rng) {
    return s.isDeconvolution() ? drawOnTorus(s, count, rng, true) : drawOnSphere(s, count, rng);
}

ParticleSet drawAdditionalParticles(const Scenario& s, int count, Rng& rng) {
    return s.isDeconvolution() ? drawOnTorus(s, count, rng, false) : drawOnSphere(s, count, rng);
}

ParticleSet initialParticles(const Scenario& scenario) {
    Rng rng = streamRng(scenario.initSeed(), Stream::Init);
    return drawInitialParticles(scenario, scenario.particleCount, rng);
}

}  // namespace flowscope
