#pragma once
// The metrics of a run, one point per recorded step. Unbounded for the command-line
// tool; bounded for long interactive runs: when full, the older points are thinned by
// half (keeping every other point and the minimum of the objective) and later points
// are kept at the doubled stride, so any run fits in a fixed memory and keeps its shape.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace flowscope {

struct HistoryPoint {
    std::int64_t step = 0;
    double time = 0.0;
    double objective = 0.0;    // loss + regularizer
    double loss = 0.0;
    double regularizer = 0.0;
    double excess = 0.0;       // objective - optimum (NaN where the optimum is unknown)
    double gradNorm = 0.0;     // sqrt(mean_i |v_i|^2), the velocity's mean-field norm
    // Networks on samples (NaN elsewhere): the held-out test set's loss (data.test_fraction),
    // and for classification the share of samples whose label has the predictor's sign,
    // on the evaluated (training or mini-batch) samples and on the test set.
    double testLoss = std::numeric_limits<double>::quiet_NaN();
    double accuracy = std::numeric_limits<double>::quiet_NaN();
    double testAccuracy = std::numeric_limits<double>::quiet_NaN();
};

class LossHistory {
public:
    // capacity 0: keep every point.
    explicit LossHistory(std::size_t capacity = 0) : capacity_(capacity) {}

    void append(const HistoryPoint& point);
    void clear();
    // Forgets the points after `step` (a run gone back to an earlier state); the minimum
    // becomes the least kept point's when it was one of them.
    void truncateAfter(std::int64_t step);
    const std::vector<HistoryPoint>& points() const { return points_; }
    std::size_t size() const { return points_.size(); }
    bool empty() const { return points_.empty(); }
    const HistoryPoint& back() const { return points_.back(); }
    std::int64_t stride() const { return stride_; }
    // The point of least objective seen, including thinned-out ones.
    const HistoryPoint& minimum() const { return minimum_; }

private:
    void thin();

    std::size_t capacity_;
    std::int64_t stride_ = 1;
    std::vector<HistoryPoint> points_;
    HistoryPoint minimum_;
    bool pendingLast_ = false;  // the last point is kept even off the stride, until replaced
};

}  // namespace flowscope
