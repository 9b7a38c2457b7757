#pragma once
// Helpers shared by the suites: scenarios built in code, finite differences.
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "particles.hpp"
#include "scenario.hpp"

namespace flowscope::testing {

// Built with a sanitizer: every memory access is checked, ten to fifty times slower, and the
// suites shrink the sizes that only make a slow step slow (never what a check needs).
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// The value a scenario file names `name`, for suites that loop over names; an unknown name
// is a mistake in the suite.
template <class E>
E named(const std::string& name) {
    const auto value = choiceNamed<E>(name);
    if (!value) throw std::invalid_argument("no such choice: " + name);
    return *value;
}

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
