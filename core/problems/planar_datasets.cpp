#include "planar_datasets.hpp"

#include <cmath>

#include "rng.hpp"

namespace flowscope {

namespace {

// One clean point of the class `label` (+1 or -1) of the set `kind`.
Eigen::Vector2d cleanPoint(DataKind kind, double label, Rng& rng) {
    switch (kind) {
        case DataKind::Circles: {
            // Uniform in area: the radius is the square root of a uniform draw between the squares.
            const double lo = label > 0.0 ? 0.0 : 0.7, hi = label > 0.0 ? 0.5 : 1.0;
            const double r = std::sqrt(rng.uniform(lo * lo, hi * hi)), t = 2.0 * M_PI * rng.uniform();
            return {r * std::cos(t), r * std::sin(t)};
        }
        case DataKind::Xor: {
            // A quadrant of the label's sign, then a point in it away from the axes.
            const double sx = rng.sign(), sy = label * sx;
            return {sx * rng.uniform(0.05, 1.0), sy * rng.uniform(0.05, 1.0)};
        }
        case DataKind::Gaussians: {
            const double c = 0.5 * label;
            return {c + 0.25 * rng.normal(), c + 0.25 * rng.normal()};
        }
        case DataKind::Spirals:
        default: {
            const double r = rng.uniform(), t = 2.0 * M_PI * kSpiralTurns * r + (label > 0.0 ? 0.0 : M_PI);
            return {r * std::sin(t), r * std::cos(t)};
        }
    }
}

}  // namespace

Dataset drawPlanarDataset(DataKind kind, int samples, double noise, Rng& rng) {
    Dataset data;
    data.inputs.resize(2, samples);
    data.labels.resize(samples);
    for (int k = 0; k < samples; ++k) {
        const double label = k < samples / 2 ? 1.0 : -1.0;  // the first half +1, the rest -1
        const Eigen::Vector2d x = cleanPoint(kind, label, rng);
        data.inputs(0, k) = x[0] + noise * rng.normal();
        data.inputs(1, k) = x[1] + noise * rng.normal();
        data.labels[k] = label;
    }
    return data;
}

}  // namespace flowscope
