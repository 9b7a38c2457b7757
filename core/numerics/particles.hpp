#pragma once
// Particles u_i = (w_i, theta_i) stored as structure of arrays: a vector of signed
// weights and a matrix whose column i is the position theta_i. The predictor is
// f = (scale / m) sum_i w_i phi(theta_i); every dynamics stores w in this form
// (the conic variant's mass r is recovered as sign(w) sqrt|w|).
#include <Eigen/Core>

namespace flowscope {

struct ParticleSet {
    Eigen::VectorXd w;      // m signed weights
    Eigen::MatrixXd theta;  // dim x m positions, one column per particle

    ParticleSet() = default;
    ParticleSet(int count, int dim) : w(Eigen::VectorXd::Zero(count)), theta(Eigen::MatrixXd::Zero(dim, count)) {}

    int count() const { return static_cast<int>(w.size()); }
    int dim() const { return static_cast<int>(theta.rows()); }
    bool allFinite() const { return w.allFinite() && theta.allFinite(); }

    // Keeps the first `count` particles (a shrink) or leaves room for new ones at the end.
    void resizeKeeping(int count);
    // Appends other's particles after ours (dimensions must match).
    void append(const ParticleSet& other);
};

// Wraps positions into [0, 1) on the torus.
void wrapToTorus(Eigen::MatrixXd& theta);
void wrapToTorus(double* coordinates, long count);

// Signed distance from b to a on the circle [0, 1), in [-0.5, 0.5).
double torusDelta(double a, double b);

}  // namespace flowscope
