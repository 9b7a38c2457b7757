#pragma once
// The sums of relu_kernel.hpp in the plane (d = 2), exactly, in O(p log q + q log q)
// instead of O(p q):
//   value_i = sum_l c_l k(a_i, b_l),   grad_i = sum_l c_l grad_a k(a_i, b_l).
// In the plane 2 pi k(a, b) = |a x b| + (pi - phi) a.b, with phi the angle between a and
// b. Sort the b_l by their polar angle theta_l. For a_i at angle alpha, the b_l "ahead"
// (theta_l in [alpha, alpha + pi]) have a x b_l >= 0 and phi = theta_l - alpha; those
// "behind" (theta_l in (alpha - pi, alpha), unwrapped) have a x b_l < 0 and
// phi = alpha - theta_l. So with S = sum c_l b_l and T = sum c_l theta_l b_l over each
// half circle (differences of prefix sums over the sorted b_l):
//   G_i = sum_l c_l (pi - phi_il) b_l = (pi + alpha)(S_ahead - S_behind) - T_ahead + T_behind,
//   X_i = sum_l c_l |a_i x b_l|      = a_i x (S_ahead - S_behind),
//   value_i = (X_i + a_i . G_i) / 2 pi,   grad_i = (G_i + X_i a_i / |a_i|^2) / 2 pi,
// with behind angles taken as theta_l + 2 pi in T (a second turn of the circle). At the
// window edges (phi = 0 or pi) both formulas agree, so ties may fall on either side.
//
// Accuracy: the prefix sums are compensated (TwoSum), each kept as a pair (sum, error),
// so a window's sum is as accurate as if it had been added alone; what remains is the
// rounding of the window sums themselves, below 1e-15 of the sum of the terms' absolute
// values (the pairwise kernel's acos loses more near phi = 0).
//
// The sort is a radix sort on the top half of the angles' bits (4 passes of a byte,
// stable, from the units in index order), then units closer than that half tells apart
// (about 2e-6 rad) are put in order by the whole angle: linear in q unless many units
// crowd within 2e-6 rad (then q log q at worst), and its result, ordered by (angle,
// index), depends on nothing else. (8 passes over the whole angle, and a gather of each
// unit's column and weight from two places, moved twice the memory: at 10^6 units the
// sort was a quarter of the step.)
// Everything is computed in double. Zero vectors: a b_l = 0 adds nothing; an a_i = 0 gets
// value 0 and the gradient sum_l c_l b_l / 4 (relu_kernel.hpp's convention).
#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace flowscope {

class ReluPlaneKernel {
public:
    // A is 2 x p, B is 2 x q, c has q entries.
    // sortedA, when given, is a kernel whose last call sorted A (the same matrix): the a_i
    // are then taken in its order, their angles reused and their windows found by walking
    // along the b_l, not by searching.
    void sums(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::VectorXd& c, Eigen::VectorXd& value,
              Eigen::MatrixXd& grad, const ReluPlaneKernel* sortedA = nullptr);
    // B = A: the students among themselves (no search: the windows advance along the sorted order).
    void selfSums(const Eigen::MatrixXd& A, const Eigen::VectorXd& c, Eigen::VectorXd& value, Eigen::MatrixXd& grad);

    // The students' field against themselves and a truth, each student's result written once:
    //   field_i = selfScale value_i - truthScale truthValue_i,   fieldGrad_i likewise,
    // with value the self sums of the students A (weights c), truthValue their sums against
    // the truth's units T (weights cT), taken by `truth` (a kernel of its own). Returns
    // sum_i c_i value_i and sum_i c_i truthValue_i. The same numbers as selfSums and
    // truth.sums(A, T, cT, ..., this), but a sweep in angle order writes into the index
    // order of the students at random, and once the outputs outgrow the caches each of
    // those writes is a cache miss: at 10^6 units one such scatter took 15% of the two
    // sweeps' time. Here the self sums are kept in angle order, and the truth's sweep adds
    // them in and writes each student's field once.
    struct FieldTotals {
        double self, truth;
    };
    FieldTotals field(const Eigen::MatrixXd& A, const Eigen::VectorXd& c, ReluPlaneKernel& truth,
                      const Eigen::MatrixXd& T, const Eigen::VectorXd& cT, double selfScale, double truthScale,
                      Eigen::VectorXd& field, Eigen::MatrixXd& fieldGrad);

    // The memory one kernel keeps for q units (grown, never shrunk), in bytes.
    static double scratchBytes(long units);

    // One compensated prefix sum of the four sums S_x, S_y, T_x, T_y.
    struct Prefix {
        double sum[4], error[4];
    };

    // A nonzero b_l in sorted order, gathered with its weight so that later passes read memory in order.
    struct Unit {
        double angle, x, y, weight;
        long index;
    };

private:
    using Units = std::vector<Unit>;
    // A unit's value and gradient, kept in angle order.
    struct Result {
        double value, grad[2];
    };

    void sortUnits(const Eigen::MatrixXd& B, const Eigen::VectorXd& c);
    void buildPrefix();
    // value and grad (2 numbers) of a_i at angle alpha, whose half circle ahead is [ahead, end)
    // of the sorted units taken twice around.
    void unitSums(const Eigen::Vector2d& a, double alpha, long ahead, long end, double& value, double* grad) const;
    // For the units along[begin, end) (sorted by angle, as this kernel's are): each one's half
    // circle ahead among this kernel's units, found by walking (both ends only move forward),
    // then each(k, along[k], ahead, end).
    template <class Each>
    void walk(const Units& along, long begin, long end, Each&& each) const;

    // A column of B with its angle, in index order.
    struct Record {
        double angle, x, y, weight;
    };
    std::vector<Record> records_;
    // The radix sort's keys: the top half of an angle's ordered bits, then its column.
    std::vector<std::uint64_t> keys_, spareKeys_;
    std::vector<Unit> sorted_;                     // the nonzero b_l by (angle, index)
    std::vector<Prefix> prefix_;                   // prefix_[k]: the sums over sorted_[0..k)
    std::vector<Result> results_;                  // field(): the self sums in angle order
};

}  // namespace flowscope
