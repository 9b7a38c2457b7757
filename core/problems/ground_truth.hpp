#pragma once
// The ground truth, given (given_truth.hpp) or drawn: signed amplitudes, and positions with a minimum separation
// (spikes on the torus) or unit directions with a minimum angle (teacher units).
#include "particles.hpp"
#include "scenario.hpp"

namespace flowscope {

class Rng;

// The scenario's ground truth: truth.given as it is (spikes wrapped into the torus), or
// else drawn from truth.seed: spikes (deconvolution) or unit teacher directions (networks).
ParticleSet groundTruth(const Scenario& scenario);

Eigen::VectorXd drawAmplitudes(const TruthSettings& truth, Rng& rng);
// count spikes on the torus [0,1)^dim, pairwise torus distance >= separation.
Eigen::MatrixXd drawSpikePositions(int count, int dim, double separation, Rng& rng);
// count unit vectors of R^dim, pairwise angle >= separation (radians).
Eigen::MatrixXd drawUnitDirections(int count, int dim, double separation, Rng& rng);
// A uniform point on the unit sphere of R^dim.
Eigen::VectorXd drawUnitVector(int dim, Rng& rng);

// Independent random streams of one seed, so that changing one part of a scenario
// (the particle count, say) does not change the draws of another (the truth).
// Truth and Data are drawn from Scenario::truthSeed(); Init, Batches, Resize and Anchor
// (a point start's point) from Scenario::initSeed().
enum class Stream { Truth = 1, Data = 2, Init = 3, Batches = 4, Resize = 5, Anchor = 6 };
Rng streamRng(std::uint64_t seed, Stream stream);

}  // namespace flowscope
