#include "torus_kernel.hpp"

#include <cmath>

namespace flowscope {

TorusKernel TorusKernel::dirichlet(int order) {
    TorusKernel k;
    k.kind_ = "dirichlet";
    k.coefficients_.assign(order + 1, 1.0);
    return k;
}

TorusKernel TorusKernel::gaussian(double width) {
    TorusKernel k;
    k.kind_ = "gaussian";
    k.width_ = width;
    const double decay = 2.0 * M_PI * M_PI * width * width;
    for (int j = 0;; ++j) {
        const double c = std::exp(-decay * j * j);
        if (c < 1e-14) break;
        k.coefficients_.push_back(c);
    }
    return k;
}

double TorusKernel::value(double x) const {
    if (kind_ == "dirichlet") {
        const int n = 2 * order() + 1;
        const double s = std::sin(M_PI * x);
        if (std::abs(s) < 1e-9) return n;  // the limit at every integer, since n is odd
        return std::sin(n * M_PI * x) / s;
    }
    double sum = 0.0;
    for (int p = -8; p <= 8; ++p) sum += std::exp(-(x - p) * (x - p) / (2.0 * width_ * width_));
    return sum / (width_ * std::sqrt(2.0 * M_PI));
}

double TorusKernel::derivative(double x) const {
    if (kind_ == "dirichlet") {
        const int n = 2 * order() + 1;
        const double s = std::sin(M_PI * x), c = std::cos(M_PI * x);
        if (std::abs(s) < 1e-6) return 0.0;  // the kernel is even and smooth: zero slope at integers
        return M_PI * (n * std::cos(n * M_PI * x) * s - std::sin(n * M_PI * x) * c) / (s * s);
    }
    double sum = 0.0;
    for (int p = -8; p <= 8; ++p) {
        const double d = x - p;
        sum += -d / (width_ * width_) * std::exp(-d * d / (2.0 * width_ * width_));
    }
    return sum / (width_ * std::sqrt(2.0 * M_PI));
}

}  // namespace flowscope
