#include "relu_plane_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "parallel.hpp"

namespace flowscope {

namespace {

constexpr double kTwoPi = 2.0 * M_PI;

// The four window sums S_x, S_y, T_x, T_y of relu_plane_kernel.hpp.
struct WindowSums {
    double v[4];
};

// Neumaier's compensated addition of x to (sum, error).
inline void addCompensated(double& sum, double& error, double x) {
    const double t = sum + x;
    error += std::abs(sum) >= std::abs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
}

bool isZero(const Eigen::MatrixXd& M, Eigen::Index col) { return M(0, col) == 0.0 && M(1, col) == 0.0; }

// A sort repaired by insertion moves at most this many places per unit before the whole
// order is sorted again (a first call, a resize, or particles crossing in bulk).
constexpr long kInsertionMovesPerUnit = 16;

}  // namespace

double ReluPlaneKernel::scratchBytes(long units) {
    return double(units + 1) * double(sizeof(Prefix)) + double(units) * double(sizeof(std::pair<double, int>));
}

void ReluPlaneKernel::sortUnits(const Eigen::MatrixXd& B) {
    const Eigen::Index q = B.cols();
    long nonzero = 0;
    for (Eigen::Index l = 0; l < q; ++l) nonzero += !isZero(B, l);
    // The kept order serves if it names exactly the nonzero columns (its indices are distinct).
    bool kept = long(sorted_.size()) == nonzero;
    for (std::size_t k = 0; kept && k < sorted_.size(); ++k)
        kept = sorted_[k].second < q && !isZero(B, sorted_[k].second);
    if (!kept) {
        sorted_.clear();
        sorted_.reserve(nonzero);
        for (Eigen::Index l = 0; l < q; ++l)
            if (!isZero(B, l)) sorted_.emplace_back(0.0, int(l));
    }
    auto* const units = sorted_.data();
    forEachPiece(long(sorted_.size()), 40.0, [&](long begin, long end) {
        for (long k = begin; k < end; ++k) units[k].first = std::atan2(B(1, units[k].second), B(0, units[k].second));
    });
    if (!kept) {
        std::sort(sorted_.begin(), sorted_.end());
        return;
    }
    const long cap = kInsertionMovesPerUnit * long(sorted_.size()) + 1024;
    long moves = 0;
    for (std::size_t k = 1; k < sorted_.size(); ++k) {
        const auto unit = sorted_[k];
        std::size_t j = k;
        for (; j > 0 && unit < sorted_[j - 1]; --j) sorted_[j] = sorted_[j - 1];
        sorted_[j] = unit;
        moves += long(k - j);
        if (moves > cap) {
            std::sort(sorted_.begin(), sorted_.end());
            return;
        }
    }
}

void ReluPlaneKernel::buildPrefix(const Eigen::MatrixXd& B, const Eigen::VectorXd& c) {
    const std::size_t q = sorted_.size();
    prefix_.resize(q + 1);
    Prefix running{{0, 0, 0, 0}, {0, 0, 0, 0}};
    prefix_[0] = running;
    for (std::size_t k = 0; k < q; ++k) {
        const auto [theta, l] = sorted_[k];
        const double sx = c[l] * B(0, l), sy = c[l] * B(1, l);
        const double terms[4] = {sx, sy, theta * sx, theta * sy};
        for (int j = 0; j < 4; ++j) addCompensated(running.sum[j], running.error[j], terms[j]);
        prefix_[k + 1] = running;
    }
}

namespace {

// The sums over the sorted units [from, to) of one turn, each as accurate as if added alone.
inline WindowSums difference(const ReluPlaneKernel::Prefix& from, const ReluPlaneKernel::Prefix& to) {
    WindowSums w;
    for (int j = 0; j < 4; ++j) w.v[j] = (to.sum[j] - from.sum[j]) + (to.error[j] - from.error[j]);
    return w;
}

// The sums over [s, e) of the sorted units repeated twice around the circle (0 <= s <= e
// <= 2q, e - s <= q), the second turn's angles 2 pi larger.
WindowSums window(const std::vector<ReluPlaneKernel::Prefix>& prefix, long s, long e) {
    const long q = long(prefix.size()) - 1;
    auto secondTurn = [](WindowSums w) {
        w.v[2] += kTwoPi * w.v[0];
        w.v[3] += kTwoPi * w.v[1];
        return w;
    };
    if (s >= q) return secondTurn(difference(prefix[s - q], prefix[e - q]));
    if (e <= q) return difference(prefix[s], prefix[e]);
    const WindowSums tail = difference(prefix[s], prefix[q]), head = secondTurn(difference(prefix[0], prefix[e - q]));
    WindowSums w;
    for (int j = 0; j < 4; ++j) w.v[j] = tail.v[j] + head.v[j];
    return w;
}

// Whether the unit at index j of the doubled order is in the half circle ahead of alpha:
// theta_j <= alpha + pi on the first turn, theta_j + 2 pi <= alpha + pi on the second.
inline bool ahead(const std::vector<std::pair<double, int>>& sorted, long j, double alpha) {
    const long q = long(sorted.size());
    return j < q ? sorted[j].first <= alpha + M_PI : sorted[j - q].first <= alpha - M_PI;
}

// The first sorted unit at angle >= alpha, and the end of the half circle ahead of alpha.
long aheadStart(const std::vector<std::pair<double, int>>& sorted, double alpha) {
    return std::partition_point(sorted.begin(), sorted.end(), [&](const auto& u) { return u.first < alpha; }) -
           sorted.begin();
}

long aheadEnd(const std::vector<std::pair<double, int>>& sorted, double alpha) {
    const long q = long(sorted.size());
    const long first = std::partition_point(sorted.begin(), sorted.end(),
                                            [&](const auto& u) { return u.first <= alpha + M_PI; }) -
                       sorted.begin();
    if (first < q) return first;
    return q + (std::partition_point(sorted.begin(), sorted.end(),
                                     [&](const auto& u) { return u.first <= alpha - M_PI; }) -
                sorted.begin());
}

}  // namespace

void ReluPlaneKernel::unitSums(const Eigen::Vector2d& a, double alpha, long s, long e, double& value,
                               double* grad) const {
    const long q = long(sorted_.size());
    const WindowSums front = window(prefix_, s, e), back = window(prefix_, e, s + q);
    const Eigen::Vector2d D(front.v[0] - back.v[0], front.v[1] - back.v[1]);
    const Eigen::Vector2d G = (M_PI + alpha) * D - Eigen::Vector2d(front.v[2], front.v[3]) +
                              Eigen::Vector2d(back.v[2], back.v[3]);
    const double X = a[0] * D[1] - a[1] * D[0];
    value = (X + a.dot(G)) / kTwoPi;
    const double along = X / a.squaredNorm();
    grad[0] = (G[0] + along * a[0]) / kTwoPi;
    grad[1] = (G[1] + along * a[1]) / kTwoPi;
}

void ReluPlaneKernel::sums(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::VectorXd& c,
                           Eigen::VectorXd& value, Eigen::MatrixXd& grad) {
    sortUnits(B);
    buildPrefix(B, c);
    const long p = long(A.cols()), q = long(sorted_.size());
    value.resize(p);
    grad.resize(2, p);
    const WindowSums all = difference(prefix_[0], prefix_[q]);
    forEachPiece(p, 40.0 + 4.0 * std::log2(double(q) + 2.0), [&](long begin, long end) {
        for (long i = begin; i < end; ++i) {
            if (isZero(A, i)) {
                value[i] = 0.0;
                grad(0, i) = all.v[0] / 4.0;
                grad(1, i) = all.v[1] / 4.0;
                continue;
            }
            const Eigen::Vector2d a = A.col(i);
            const double alpha = std::atan2(a[1], a[0]);
            unitSums(a, alpha, aheadStart(sorted_, alpha), aheadEnd(sorted_, alpha), value[i], grad.col(i).data());
        }
    });
}

void ReluPlaneKernel::selfSums(const Eigen::MatrixXd& A, const Eigen::VectorXd& c, Eigen::VectorXd& value,
                               Eigen::MatrixXd& grad) {
    sortUnits(A);
    buildPrefix(A, c);
    const long p = long(A.cols()), q = long(sorted_.size());
    value.resize(p);
    grad.resize(2, p);
    const WindowSums all = difference(prefix_[0], prefix_[q]);
    for (long i = 0; i < p; ++i)
        if (isZero(A, i)) {
            value[i] = 0.0;
            grad(0, i) = all.v[0] / 4.0;
            grad(1, i) = all.v[1] / 4.0;
        }
    // The units in sorted order: both ends of the half circle ahead only move forward.
    forEachPiece(q, 60.0, [&](long begin, long end) {
        long s = aheadStart(sorted_, sorted_[begin].first), e = aheadEnd(sorted_, sorted_[begin].first);
        for (long k = begin; k < end; ++k) {
            const auto [alpha, i] = sorted_[k];
            while (s < q && sorted_[s].first < alpha) ++s;
            while (e < s + q && ahead(sorted_, e, alpha)) ++e;
            unitSums(A.col(i), alpha, s, e, value[i], grad.col(i).data());
        }
    });
}

}  // namespace flowscope
