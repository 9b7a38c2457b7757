#include "spike_recovery.hpp"

#include <cmath>

namespace flowscope {

SpikeCluster clusterNear(const ParticleSet& p, const Eigen::VectorXd& spike, double radius) {
    const int dim = p.dim();
    SpikeCluster c;
    Eigen::VectorXd offset = Eigen::VectorXd::Zero(dim), delta(dim);
    for (int i = 0; i < p.count(); ++i) {
        for (int k = 0; k < dim; ++k) delta[k] = torusDelta(p.theta(k, i), spike[k]);
        if (delta.norm() < radius) {
            c.mass += p.w[i] / p.count();
            offset += (p.w[i] / p.count()) * delta;
        }
    }
    if (c.mass == 0.0) {
        c.position = Eigen::VectorXd::Constant(dim, NAN);
        c.distance = INFINITY;
        return c;
    }
    const Eigen::VectorXd shift = offset / c.mass;
    c.position = spike + shift;
    c.distance = shift.norm();
    return c;
}

bool recoversSpikes(const ParticleSet& particles, const ParticleSet& truth, double tolerance) {
    for (int j = 0; j < truth.count(); ++j) {
        const SpikeCluster c = clusterNear(particles, truth.theta.col(j));
        const double a = truth.w[j];
        if (!(c.distance < tolerance && c.mass * a > 0.0 && std::abs(c.mass - a) < 0.2 * std::abs(a))) return false;
    }
    return true;
}

}  // namespace flowscope
