#include "relu_kernel.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope {

double reluKernel(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const double na = a.norm(), nb = b.norm();
    if (na == 0.0 || nb == 0.0) return 0.0;
    const double c = std::clamp(a.dot(b) / (na * nb), -1.0, 1.0), phi = std::acos(c);
    return na * nb * (std::sin(phi) + (M_PI - phi) * c) / (2.0 * M_PI);
}

Eigen::VectorXd reluKernelGradient(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const double na = a.norm(), nb = b.norm();
    if (na == 0.0) return b / 4.0;
    if (nb == 0.0) return Eigen::VectorXd::Zero(a.size());
    const double c = std::clamp(a.dot(b) / (na * nb), -1.0, 1.0), phi = std::acos(c);
    return ((M_PI - phi) * b + nb * std::sin(phi) * a / na) / (2.0 * M_PI);
}

void reluKernelSums(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::VectorXd& c,
                    Eigen::VectorXd& value, Eigen::MatrixXd& grad, int block) {
    const Eigen::Index p = A.cols(), q = B.cols();
    value.resize(p);
    grad.resize(A.rows(), p);
    const Eigen::VectorXd normA = A.colwise().norm().transpose(), normB = B.colwise().norm().transpose();
    const Eigen::VectorXd invB = normB.unaryExpr([](double x) { return x > 0.0 ? 1.0 / x : 0.0; });
    Eigen::MatrixXd cosine, weightedAngle;  // q x block: the inner loop runs down a column
    for (Eigen::Index start = 0; start < p; start += block) {
        const Eigen::Index rows = std::min<Eigen::Index>(block, p - start);
        cosine.noalias() = B.transpose() * A.middleCols(start, rows);
        weightedAngle.resize(q, rows);
        for (Eigen::Index i = 0; i < rows; ++i) {
            const double na = normA[start + i], inva = na > 0.0 ? 1.0 / na : 0.0;
            double kernelSum = 0.0, sineSum = 0.0;
            for (Eigen::Index l = 0; l < q; ++l) {
                // With a zero vector the angle is taken as pi/2 (the average over directions).
                const double cs = std::clamp(cosine(l, i) * inva * invB[l], -1.0, 1.0);
                const double phi = std::acos(cs), sn = std::sqrt(1.0 - cs * cs);
                kernelSum += c[l] * na * normB[l] * (sn + (M_PI - phi) * cs);
                sineSum += c[l] * normB[l] * sn;
                weightedAngle(l, i) = c[l] * (M_PI - phi);
            }
            value[start + i] = kernelSum / (2.0 * M_PI);
            grad.col(start + i) = (sineSum * inva / (2.0 * M_PI)) * A.col(start + i);
        }
        grad.middleCols(start, rows).noalias() += B * weightedAngle / (2.0 * M_PI);
    }
}

}  // namespace flowscope
