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
    // Prefix sums, the gathered units, the records in index order, the radix sort's two
    // buffers of keys, and field()'s self sums in angle order.
    return double(units + 1) * double(sizeof(Prefix)) +
           double(units) * double(sizeof(Unit) + sizeof(Record) + 2 * sizeof(std::uint64_t) + sizeof(Result));
}

void ReluPlaneKernel::sortUnits(const Eigen::MatrixXd& B, const Eigen::VectorXd& c) {
    const Eigen::Index q = B.cols();
    if (q > std::numeric_limits<std::int32_t>::max()) throw std::length_error("the plane kernel takes at most 2^31 - 1 units");
    // Each column's record and its key: the top half of its angle's ordered bits, then the
    // column (a zero column: a key no column has).
    constexpr std::uint64_t kZeroColumn = ~std::uint64_t(0);
    records_.resize(q);
    keys_.resize(q);
    forEachPiece(q, 40.0, [&](long begin, long end) {
        for (long l = begin; l < end; ++l) {
            if (isZero(B, l)) {
                keys_[l] = kZeroColumn;
                continue;
            }
            const double angle = std::atan2(B(1, l), B(0, l));
            records_[l] = {angle, B(0, l), B(1, l), c[l]};
            keys_[l] = (orderedBits(angle) >> 32 << 32) | std::uint64_t(l);
        }
    });
    long n = 0;
    std::array<std::array<long, 256>, 4> counts{};
    for (long l = 0; l < q; ++l) {
        const std::uint64_t key = keys_[l];
        if (key == kZeroColumn) continue;
        keys_[n++] = key;
        for (int b = 0; b < 4; ++b) ++counts[b][(key >> (32 + 8 * b)) & 0xff];
    }
    keys_.resize(n);
    spareKeys_.resize(n);
    // Least significant byte of the top half first, from the columns in index order (stable):
    // the keys end in order of (top half, column). A byte that all keys share needs no pass.
    for (int b = 0; b < 4; ++b) {
        auto& count = counts[b];
        const int shift = 32 + 8 * b;
        if (n == 0 || count[(keys_[0] >> shift) & 0xff] == n) continue;
        long next = 0;
        for (long& c : count) {
            const long here = c;
            c = next;
            next += here;
        }
        for (long k = 0; k < n; ++k) spareKeys_[count[(keys_[k] >> shift) & 0xff]++] = keys_[k];
        keys_.swap(spareKeys_);
    }
    sorted_.resize(n);
    forEachPiece(n, 10.0, [&](long begin, long end) {
        for (long k = begin; k < end; ++k) {
            // The records are read at random: each is fetched a few units ahead (as field()'s writes).
            if (k + 32 < end) __builtin_prefetch(&records_[keys_[k + 32] & 0xffffffff]);
            const long l = long(keys_[k] & 0xffffffff);
            const Record& r = records_[l];
            sorted_[k] = {r.angle, r.x, r.y, r.weight, l};
        }
    });
    // Units whose angles share the top half of their bits (closer than about 2e-6 rad) are
    // still in column order: each such run is put in order of (angle, column), by the whole
    // of the angle's bits. A run belongs to the piece it starts in.
    const auto top = [&](long k) { return keys_[k] >> 32; };
    forEachPiece(n, 2.0, [&](long begin, long end) {
        for (long k = begin; k < end; ++k) {
            if (k > 0 && top(k) == top(k - 1)) continue;  // not a run's start
            long last = k;
            while (last + 1 < n && top(last + 1) == top(k)) ++last;
            if (last == k) continue;
            std::sort(sorted_.begin() + k, sorted_.begin() + last + 1, [](const Unit& a, const Unit& b) {
                const std::uint64_t x = orderedBits(a.angle), y = orderedBits(b.angle);
                return x < y || (x == y && a.index < b.index);
            });
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

template <class Each>
void ReluPlaneKernel::walk(const Units& along, long begin, long end, Each&& each) const {
    const long q = long(sorted_.size());
    long s = aheadStart(sorted_, along[begin].angle), e = aheadEnd(sorted_, along[begin].angle);
    for (long k = begin; k < end; ++k) {
        const Unit& a = along[k];
        while (s < q && sorted_[s].angle < a.angle) ++s;
        while (e < s + q && ahead(sorted_, e, a.angle)) ++e;
        each(k, a, s, e);
    }
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
            walk(units, begin, end, [&](long, const Unit& a, long s, long e) {
                unitSums({a.x, a.y}, a.angle, s, e, value[a.index], grad.col(a.index).data());
            });
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

ReluPlaneKernel::FieldTotals ReluPlaneKernel::field(const Eigen::MatrixXd& A, const Eigen::VectorXd& c,
                                                    ReluPlaneKernel& truth, const Eigen::MatrixXd& T,
                                                    const Eigen::VectorXd& cT, double selfScale, double truthScale,
                                                    Eigen::VectorXd& field, Eigen::MatrixXd& fieldGrad) {
    sortUnits(A, c);
    buildPrefix();
    truth.sortUnits(T, cT);
    truth.buildPrefix();
    const long p = long(A.cols()), q = long(sorted_.size());
    field.resize(p);
    fieldGrad.resize(2, p);
    const WindowSums all = difference(prefix_.front(), prefix_.back());
    const WindowSums allTruth = difference(truth.prefix_.front(), truth.prefix_.back());
    for (long i = 0; i < p; ++i)
        if (isZero(A, i)) {
            field[i] = 0.0;
            fieldGrad(0, i) = (selfScale * all.v[0] - truthScale * allTruth.v[0]) / 4.0;
            fieldGrad(1, i) = (selfScale * all.v[1] - truthScale * allTruth.v[1]) / 4.0;
        }
    // The students among themselves, written in angle order: in sequence.
    results_.resize(q);
    forEachPiece(q, 60.0, [&](long begin, long end) {
        walk(sorted_, begin, end, [&](long k, const Unit& a, long s, long e) {
            Result& r = results_[k];
            unitSums({a.x, a.y}, a.angle, s, e, r.value, r.grad);
        });
    });
    // Against the truth, in the same order (the same pieces), each student's field written
    // once; the totals added in angle order, piece by piece. The places written are far
    // apart in memory: each is fetched for writing a few students ahead, so that the
    // writes do not wait for memory in turn (at 10^6 units, 10% of the kernel's time).
    constexpr long kWriteAhead = 32;
    const auto totals = sumsOverPieces<2>(q, 40.0, [&](long begin, long end) {
        std::array<double, 2> sums{0.0, 0.0};
        truth.walk(sorted_, begin, end, [&](long k, const Unit& a, long s, long e) {
            if (k + kWriteAhead < end) {
                const long later = sorted_[k + kWriteAhead].index;
                __builtin_prefetch(&field[later], 1);
                __builtin_prefetch(&fieldGrad(0, later), 1);
            }
            double value, grad[2];
            truth.unitSums({a.x, a.y}, a.angle, s, e, value, grad);
            const Result& own = results_[k];
            sums[0] += a.weight * own.value;
            sums[1] += a.weight * value;
            field[a.index] = selfScale * own.value - truthScale * value;
            fieldGrad(0, a.index) = selfScale * own.grad[0] - truthScale * grad[0];
            fieldGrad(1, a.index) = selfScale * own.grad[1] - truthScale * grad[1];
        });
        return sums;
    });
    return {totals[0], totals[1]};
}

void ReluPlaneKernel::selfSums(const Eigen::MatrixXd& A, const Eigen::VectorXd& c, Eigen::VectorXd& value,
                               Eigen::MatrixXd& grad) {
    sums(A, A, c, value, grad, this);
}

}  // namespace flowscope
