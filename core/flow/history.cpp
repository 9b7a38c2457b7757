#include "history.hpp"

#include <cmath>

namespace flowscope {

void LossHistory::append(const HistoryPoint& point) {
    if (points_.empty() || point.objective < minimum_.objective || std::isnan(minimum_.objective)) minimum_ = point;
    // The newest point is always shown; an off-stride one is replaced by its successor
    // unless it still holds the minimum.
    if (pendingLast_ && points_.back().step != minimum_.step) points_.pop_back();
    points_.push_back(point);
    const std::int64_t first = points_.front().step;
    pendingLast_ = capacity_ > 0 && (point.step - first) % stride_ != 0;
    if (capacity_ > 0 && points_.size() >= capacity_) thin();
}

void LossHistory::thin() {
    stride_ *= 2;
    std::vector<HistoryPoint> kept;
    kept.reserve(capacity_);
    const std::int64_t first = points_.front().step;
    for (std::size_t i = 0; i < points_.size(); ++i) {
        const auto& p = points_[i];
        const bool onStride = (p.step - first) % stride_ == 0;
        const bool isMinimum = p.step == minimum_.step;
        if (onStride || isMinimum || i + 1 == points_.size()) kept.push_back(p);
    }
    points_.swap(kept);
    pendingLast_ = (points_.back().step - first) % stride_ != 0;
}

void LossHistory::truncateAfter(std::int64_t step) {
    while (!points_.empty() && points_.back().step > step) points_.pop_back();
    pendingLast_ = false;  // the kept last point is the state gone back to: it stays
    if (minimum_.step > step) {
        minimum_ = HistoryPoint{};
        for (const auto& p : points_)
            if (&p == &points_.front() || p.objective < minimum_.objective || std::isnan(minimum_.objective)) minimum_ = p;
    }
}

void LossHistory::clear() {
    points_.clear();
    stride_ = 1;
    pendingLast_ = false;
    minimum_ = HistoryPoint{};
}

}  // namespace flowscope
