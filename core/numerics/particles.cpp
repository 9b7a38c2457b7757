#include "particles.hpp"

#include <cmath>

namespace flowscope {

void ParticleSet::resizeKeeping(int count) {
    w.conservativeResize(count);
    theta.conservativeResize(Eigen::NoChange, count);
}

void ParticleSet::append(const ParticleSet& other) {
    const int old = count();
    resizeKeeping(old + other.count());
    w.tail(other.count()) = other.w;
    theta.rightCols(other.count()) = other.theta;
}

void wrapToTorus(double* x, long count) {
    for (long i = 0; i < count; ++i) {
        const double y = x[i] - std::floor(x[i]);
        x[i] = y >= 1.0 ? 0.0 : y;  // floor can round x slightly below an integer up to 1
    }
}

void wrapToTorus(Eigen::MatrixXd& theta) { wrapToTorus(theta.data(), theta.size()); }

double torusDelta(double a, double b) {
    double d = a - b;
    d -= std::floor(d + 0.5);
    return d;
}

}  // namespace flowscope
