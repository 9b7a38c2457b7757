#include "ground_truth.hpp"

#include <cmath>
#include <string>

#include "given_truth.hpp"
#include "input_error.hpp"
#include "rng.hpp"

namespace flowscope {

Rng streamRng(std::uint64_t seed, Stream stream) {
    return Rng(seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(stream) * 0xD1B54A32D192ED03ULL);
}

ParticleSet groundTruth(const Scenario& s) {
    ParticleSet truth;
    if (!s.truth.given.empty()) {
        truth = truthFromRows(s.truth.given);
        if (s.isDeconvolution()) wrapToTorus(truth.theta);  // the identity on [0, 1): a drawn truth stays bitwise
        return truth;
    }
    Rng rng = streamRng(s.truthSeed(), Stream::Truth);
    truth.w = drawAmplitudes(s.truth, rng);
    truth.theta = s.isDeconvolution() ? drawSpikePositions(s.truth.count, s.positionDim(), s.truth.minSeparation, rng)
                                      : drawUnitDirections(s.truth.count, s.positionDim(), s.truth.minSeparation, rng);
    return truth;
}

Eigen::VectorXd drawAmplitudes(const TruthSettings& truth, Rng& rng) {
    Eigen::VectorXd a(truth.count);
    for (int j = 0; j < truth.count; ++j) {
        const double magnitude = rng.uniform(truth.amplitudeMin, truth.amplitudeMax);
        double sign = 1.0;
        if (truth.signs == SignPattern::Random) sign = rng.sign();
        else if (truth.signs == SignPattern::Alternating) sign = j % 2 == 0 ? 1.0 : -1.0;
        a[j] = sign * magnitude;
    }
    return a;
}

namespace {
// Random sequential placement with restarts: fine for the packings the scenario allows.
template <class Draw, class Distance>
Eigen::MatrixXd placeSeparated(int count, int dim, double separation, Draw draw, Distance distance,
                               const char* what) {
    Eigen::MatrixXd points(dim, count);
    for (int attempt = 0; attempt < 200; ++attempt) {
        int placed = 0;
        for (int tries = 0; placed < count && tries < 2000 * count; ++tries) {
            const Eigen::VectorXd candidate = draw();
            bool ok = true;
            for (int j = 0; j < placed && ok; ++j) ok = distance(candidate, points.col(j)) >= separation;
            if (ok) points.col(placed++) = candidate;
        }
        if (placed == count) return points;
    }
    throw InputError("key 'truth.min_separation' = " + std::to_string(separation) + ": could not place " +
                     std::to_string(count) + " " + what + " that far apart");
}
}  // namespace

Eigen::MatrixXd drawSpikePositions(int count, int dim, double separation, Rng& rng) {
    auto draw = [&] {
        Eigen::VectorXd p(dim);
        for (int k = 0; k < dim; ++k) p[k] = rng.uniform();
        return p;
    };
    auto distance = [](const Eigen::VectorXd& a, const auto& b) {
        double sum = 0.0;
        for (int k = 0; k < a.size(); ++k) sum += std::pow(torusDelta(a[k], b[k]), 2);
        return std::sqrt(sum);
    };
    return placeSeparated(count, dim, separation, draw, distance, "spikes");
}

Eigen::VectorXd drawUnitVector(int dim, Rng& rng) {
    Eigen::VectorXd v(dim);
    do {
        for (int k = 0; k < dim; ++k) v[k] = rng.normal();
    } while (v.norm() < 1e-12);
    return v / v.norm();
}

Eigen::MatrixXd drawUnitDirections(int count, int dim, double separation, Rng& rng) {
    auto draw = [&] { return drawUnitVector(dim, rng); };
    auto angle = [](const Eigen::VectorXd& a, const auto& b) { return std::acos(std::clamp(a.dot(b), -1.0, 1.0)); };
    return placeSeparated(count, dim, separation, draw, angle, "teacher directions");
}

}  // namespace flowscope
