#include "dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "rng.hpp"

namespace flowscope {

Eigen::Index heldOutCount(Eigen::Index n, double fraction) {
    const auto count = static_cast<Eigen::Index>(std::llround(fraction * double(n)));
    return std::clamp<Eigen::Index>(count, 0, std::max<Eigen::Index>(0, n - 1));
}

void gatherSamples(const Dataset& from, const std::vector<Eigen::Index>& indices, Dataset& into) {
    const auto n = static_cast<Eigen::Index>(indices.size());
    into.inputs.resize(from.inputs.rows(), n);
    into.labels.resize(n);
    for (Eigen::Index k = 0; k < n; ++k) {
        into.inputs.col(k) = from.inputs.col(indices[k]);
        into.labels[k] = from.labels[indices[k]];
    }
}

DataSplit splitData(const Dataset& all, double fraction, Rng& rng) {
    const Eigen::Index n = all.size(), held = heldOutCount(n, fraction);
    if (held == 0) return {all, Dataset{Eigen::MatrixXd(all.inputs.rows(), 0), Eigen::VectorXd(0)}};
    // Fisher-Yates with our own generator, so the split is the same on every platform.
    std::vector<Eigen::Index> order(n);
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    for (Eigen::Index k = n - 1; k > 0; --k) {
        const auto pick = static_cast<Eigen::Index>(rng.uniform() * double(k + 1));
        std::swap(order[k], order[std::min(pick, k)]);
    }
    DataSplit split;
    gatherSamples(all, std::vector<Eigen::Index>(order.begin(), order.end() - held), split.train);
    gatherSamples(all, std::vector<Eigen::Index>(order.end() - held, order.end()), split.test);
    return split;
}

}  // namespace flowscope
