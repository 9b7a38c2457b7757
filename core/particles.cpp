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

void wrapToTorus(Eigen::MatrixXd& theta) {
    theta = theta.unaryExpr([](double x) {
        const double y = x - std::floor(x);
        return y >= 1.0 ? 0.0 : y;  // floor can round x slightly below an integer up to 1
    });
}

double torusDelta(double a, double b) {
    double d = a - b;
    d -= std::floor(d + 0.5);
    return d;
}

}  // namespace flowscope
