#pragma once
// Samples a network learns from when they are given rather than drawn from a teacher: a
// CSV file (data_csv.hpp) or a built-in data set of the plane (planar_datasets.hpp), split
// into a training set and a held-out test set.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace flowscope {

class Rng;

struct Dataset {
    Eigen::MatrixXd inputs;  // d x n, one sample per column (no bias coordinate)
    Eigen::VectorXd labels;  // n; -1 or +1 for classification
    Eigen::Index size() const { return inputs.cols(); }
};

struct DataSplit {
    Dataset train, test;
};

// Samples held out: round(fraction n), leaving at least one for training.
Eigen::Index heldOutCount(Eigen::Index n, double fraction);
// The last heldOutCount samples of a shuffle drawn from rng are the test set, the others
// (in the shuffle's order) the training set; with fraction 0 the training set is `all` as it is.
DataSplit splitData(const Dataset& all, double fraction, Rng& rng);
// The columns `indices` of `from` (a mini-batch of training samples).
void gatherSamples(const Dataset& from, const std::vector<Eigen::Index>& indices, Dataset& into);

}  // namespace flowscope
