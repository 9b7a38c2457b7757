#pragma once
// Helpers shared by the suites: scenarios built in code, finite differences.
#include <functional>
#include <string>
#include <vector>

#include "particles.hpp"
#include "scenario.hpp"

namespace flowscope::testing {

// Small scenarios of each problem, quick to evaluate.
Scenario deconvolutionScenario(int dimension, const std::string& kernel);
Scenario networkScenario(const std::string& activation, const std::string& risk, bool bias = false);

struct NamedScenario {
    std::string name;
    Scenario scenario;
};
// Every network variant: ReLU on the population risk; ReLU and sigmoid on the empirical
// and the mini-batch risk, each with and without bias.
std::vector<NamedScenario> networkVariants();

// Random particles with weights bounded away from 0 (so |w| is differentiable).
ParticleSet randomParticles(int count, int dim, bool periodic, std::uint64_t seed);

// Fourth-order central difference of f at x along one coordinate.
double centralDifference(const std::function<double(double)>& f, double x, double h);

// Relative error |a - b| / |b| of two vectors (or absolute when b is 0).
double relativeError(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

}  // namespace flowscope::testing
