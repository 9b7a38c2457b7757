#pragma once
// Reading a deconvolution's answer off its particles: near each true spike, the cluster
// of particles within a radius carries a mass (1/m) sum w_i and sits at its mass-weighted
// position. The spikes are recovered when every cluster has the truth's sign, about its
// amplitude, and lies within a tolerance of the true position.
#include "particles.hpp"

namespace flowscope {

struct SpikeCluster {
    double mass = 0.0;
    Eigen::VectorXd position;  // mass-weighted, on the torus
    double distance = 0.0;     // torus distance from the true spike
};

SpikeCluster clusterNear(const ParticleSet& particles, const Eigen::VectorXd& spike, double radius = 0.05);

// Every spike found within `tolerance`, with the right sign and a mass within 20% of its amplitude.
bool recoversSpikes(const ParticleSet& particles, const ParticleSet& truth, double tolerance = 1e-2);

}  // namespace flowscope
