#include "relu_plane_kernel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "parallel.hpp"

namespace flowscope {

namespace {

constexpr double kTwoPi = 2.0 * M_PI;

// The four window sums S_x, S_y, T_x, T_y of relu_plane_kernel.hpp.
struct WindowSums {
    double v[4];
};

// Compensated addition of x to (sum, error): Knuth's TwoSum gives the rounding error of
// sum + x exactly, without a branch (so the four sums run side by side in vector lanes).
inline void addCompensated(double& sum, double& error, double x) {
    const double t = sum + x, z = t - sum;
    error += (sum - (t - z)) + (x - z);
    sum = t;
}

bool isZero(const Eigen::MatrixXd& M, Eigen::Index col) { return M(0, col) == 0.0 && M(1, col) == 0.0; }

// A double's bits as an unsigned integer in the same order (for every number but NaN), and back.
inline std::uint64_t orderedBits(double x) {
    std::uint64_t u;
    std::memcpy(&u, &x, sizeof u);
    return u >> 63 ? ~u : u | (std::uint64_t(1) << 63);
}

inline double fromOrderedBits(std::uint64_t u) {
    u = u >> 63 ? u & ~(std::uint64_t(1) << 63) : ~u;
    double x;
    std::memcpy(&x, &u, sizeof x);
    return x;
}

}  // namespace

double ReluPlaneKernel::scratchBytes(long units) {
    // Prefix sums, the gathered units, and the radix sort's two buffers of keys and columns.
    return double(units + 1) * double(sizeof(Prefix)) + double(units) * double(sizeof(Unit)) +
           2.0 * double(units) * double(sizeof(std::uint64_t) + sizeof(std::int32_t));
}

void ReluPlaneKernel::sortUnits(const Eigen::MatrixXd& B, const Eigen::VectorXd& c) {
    const Eigen::Index q = B.cols();
    if (q > std::numeric_limits<std::int32_t>::max()) throw std::length_error("the plane kernel takes at most 2^31 - 1 units");
    order_.clear();
    for (Eigen::Index l = 0; l < q; ++l)
        if (!isZero(B, l)) order_.push_back(std::int32_t(l));
    const long n = long(order_.size());
    keys_.resize(n);
    spareKeys_.resize(n);
    spareOrder_.resize(n);
    forEachPiece(n, 40.0, [&](long begin, long end) {
        for (long k = begin; k < end; ++k) keys_[k] = orderedBits(std::atan2(B(1, order_[k]), B(0, order_[k])));
    });
    // Least significant byte first; a byte that all keys share needs no pass. (Digits of 11
    // bits, 6 passes instead of 8, were 5% slower at 10^6 units: 2048 places to scatter to
    // per array overflow the caches that 256 fit in.)
    std::array<std::array<long, 256>, 8> counts{};
    for (long k = 0; k < n; ++k)
        for (int b = 0; b < 8; ++b) ++counts[b][(keys_[k] >> (8 * b)) & 0xff];
    for (int b = 0; b < 8; ++b) {
        auto& count = counts[b];
        if (n == 0 || count[(keys_[0] >> (8 * b)) & 0xff] == n) continue;
        long next = 0;
        for (long& c : count) {
            const long here = c;
            c = next;
            next += here;
        }
        for (long k = 0; k < n; ++k) {
            const long to = count[(keys_[k] >> (8 * b)) & 0xff]++;
            spareKeys_[to] = keys_[k];
            spareOrder_[to] = order_[k];
        }
        keys_.swap(spareKeys_);
        order_.swap(spareOrder_);
    }
    sorted_.resize(n);
    forEachPiece(n, 10.0, [&](long begin, long end) {
        for (long k = begin; k < end; ++k) {
            const long l = order_[k];
            sorted_[k] = {fromOrderedBits(keys_[k]), B(0, l), B(1, l), c[l], l};
        }
    });
}

void ReluPlaneKernel::buildPrefix() {
    const std::size_t q = sorted_.size();
    prefix_.resize(q + 1);
    Prefix running{{0, 0, 0, 0}, {0, 0, 0, 0}};
    prefix_[0] = running;
    for (std::size_t k = 0; k < q; ++k) {
        const Unit& u = sorted_[k];
        const double sx = u.weight * u.x, sy = u.weight * u.y;
        const double terms[4] = {sx, sy, u.angle * sx, u.angle * sy};
        for (int j = 0; j < 4; ++j) addCompensated(running.sum[j], running.error[j], terms[j]);
        prefix_[k + 1] = running;
    }
}

namespace {

using Units = std::vector<ReluPlaneKernel::Unit>;

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
inline bool ahead(const Units& sorted, long j, double alpha) {
    const long q = long(sorted.size());
    return j < q ? sorted[j].angle <= alpha + M_PI : sorted[j - q].angle <= alpha - M_PI;
}

// The first sorted unit at angle >= alpha, and the end of the half circle ahead of alpha.
long aheadStart(const Units& sorted, double alpha) {
    return std::partition_point(sorted.begin(), sorted.end(), [&](const auto& u) { return u.angle < alpha; }) -
           sorted.begin();
}

long aheadEnd(const Units& sorted, double alpha) {
    const long q = long(sorted.size());
    const long first =
        std::partition_point(sorted.begin(), sorted.end(), [&](const auto& u) { return u.angle <= alpha + M_PI; }) -
        sorted.begin();
    if (first < q) return first;
    return q + (std::partition_point(sorted.begin(), sorted.end(),
                                     [&](const auto& u) { return u.angle <= alpha - M_PI; }) -
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
    constexpr double perTurn = 1.0 / kTwoPi;
    value = (X + a.dot(G)) * perTurn;
    const double along = X / a.squaredNorm();
    grad[0] = (G[0] + along * a[0]) * perTurn;
    grad[1] = (G[1] + along * a[1]) * perTurn;
}

void ReluPlaneKernel::sums(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::VectorXd& c,
                           Eigen::VectorXd& value, Eigen::MatrixXd& grad, const ReluPlaneKernel* sortedA) {
    sortUnits(B, c);
    buildPrefix();
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
    if (sortedA) {
        // The a_i in their sorted order: both ends of their windows only move forward.
        const Units& units = sortedA->sorted_;
        forEachPiece(long(units.size()), 60.0, [&](long begin, long end) {
            long s = aheadStart(sorted_, units[begin].angle), e = aheadEnd(sorted_, units[begin].angle);
            for (long k = begin; k < end; ++k) {
                const Unit& a = units[k];
                while (s < q && sorted_[s].angle < a.angle) ++s;
                while (e < s + q && ahead(sorted_, e, a.angle)) ++e;
                unitSums({a.x, a.y}, a.angle, s, e, value[a.index], grad.col(a.index).data());
            }
        });
        return;
    }
    forEachPiece(p, 40.0 + 4.0 * std::log2(double(q) + 2.0), [&](long begin, long end) {
        for (long i = begin; i < end; ++i) {
            if (isZero(A, i)) continue;
            const Eigen::Vector2d a = A.col(i);
            const double alpha = std::atan2(a[1], a[0]);
            unitSums(a, alpha, aheadStart(sorted_, alpha), aheadEnd(sorted_, alpha), value[i], grad.col(i).data());
        }
    });
}

void ReluPlaneKernel::selfSums(const Eigen::MatrixXd& A, const Eigen::VectorXd& c, Eigen::VectorXd& value,
                               Eigen::MatrixXd& grad) {
    sums(A, A, c, value, grad, this);
}

}  // namespace flowscope
