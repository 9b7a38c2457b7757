#pragma once
// The loss l(f, y) of one sample, for the risks over samples of a two-layer network:
//   quadratic  l = 1/2 (f - y)^2,          dl/df = f - y;
//   logistic   l = log(1 + exp(-y f)),     dl/df = -y / (1 + exp(y f))   (labels y = +-1).
// The risk is the mean of l over the samples and its gradient in f is dl/df / n, so the
// network's field and its gradient keep their form with r = dl/df in place of the residual.
//
// The logistic loss is taken without overflow or cancellation: with z = y f,
//   z >= 0: l = log1p(exp(-z)),       1/(1 + exp(z)) = exp(-z) / (1 + exp(-z));
//   z <  0: l = -z + log1p(exp(z)),   1/(1 + exp(z)) directly;
// so exp only ever sees a non-positive argument.
#include <Eigen/Core>
#include <cmath>

#include "scenario_choices.hpp"  // LossKind, read from network.loss

namespace flowscope {

struct LossSums {
    double loss = 0.0;      // mean of l over the samples
    double accuracy = 0.0;  // share of samples with y f > 0 (classification; NaN for the quadratic loss)
};

// Logistic loss of one margin z = y f, and the factor 1/(1 + exp(z)) of its derivative.
inline double logisticLoss(double z) { return z >= 0.0 ? std::log1p(std::exp(-z)) : -z + std::log1p(std::exp(z)); }
inline double logisticWeight(double z) {
    if (z >= 0.0) {
        const double e = std::exp(-z);
        return e / (1.0 + e);
    }
    return 1.0 / (1.0 + std::exp(z));
}

// Turns the predictions f on the samples into dl/df in place and returns the mean loss (summed
// in double whatever S is) with, for the logistic loss, the share of samples classified right.
template <class S>
LossSums lossDerivativeInPlace(LossKind kind, Eigen::Matrix<S, Eigen::Dynamic, 1>& f,
                               const Eigen::Matrix<S, Eigen::Dynamic, 1>& labels) {
    LossSums sums;
    const Eigen::Index n = f.size();
    if (n == 0) return sums;
    if (kind == LossKind::Quadratic) {
        f -= labels;
        sums.loss = 0.5 * f.template cast<double>().squaredNorm() / double(n);
        sums.accuracy = std::nan("");
        return sums;
    }
    double total = 0.0;
    Eigen::Index right = 0;
    for (Eigen::Index k = 0; k < n; ++k) {
        const double y = labels[k], z = y * double(f[k]);
        total += logisticLoss(z);
        right += z > 0.0;
        f[k] = S(-y * logisticWeight(z));
    }
    sums.loss = total / double(n);
    sums.accuracy = double(right) / double(n);
    return sums;
}

// The mean loss and accuracy of predictions f against labels, without the derivative (held-out data).
inline LossSums meanLoss(LossKind kind, const Eigen::VectorXd& f, const Eigen::VectorXd& labels) {
    Eigen::VectorXd r = f;
    return lossDerivativeInPlace(kind, r, labels);
}

}  // namespace flowscope
