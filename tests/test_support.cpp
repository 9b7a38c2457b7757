#include "test_support.hpp"

#include "rng.hpp"

namespace flowscope::testing {

Scenario deconvolutionScenario(int dimension, const std::string& kernel) {
    Scenario s;
    s.problem = ProblemKind::Deconvolution;
    s.deconvolution.dimension = dimension;
    s.deconvolution.kernel = named<FilterKind>(kernel);
    s.deconvolution.order = dimension == 1 ? 7 : 3;
    s.deconvolution.width = dimension == 1 ? 0.08 : 0.15;
    s.deconvolution.samples = dimension == 1 ? 64 : 24;
    s.deconvolution.noise = 0.05;
    s.truth.count = dimension == 1 ? 5 : 3;
    s.truth.minSeparation = 0.1;
    s.regularizer = {RegularizerKind::L1, 0.2};
    s.particleCount = 12;
    s.init = {InitKind::Uniform, 0.5, InitWeights::RandomSign, 0.0, 0.25, std::nullopt};
    s.dynamics = {DynamicsKind::Conic, 0.01, 0.01, 1.0};
    return s;
}

Scenario networkScenario(const std::string& activation, const std::string& risk, bool bias) {
    Scenario s;
    s.problem = ProblemKind::Network;
    s.network.activation = named<Activation>(activation);
    s.network.inputDim = 3;
    s.network.bias = bias;
    s.network.risk = named<RiskKind>(risk);
    s.network.samples = 200;
    s.network.batchSize = 64;
    s.truth.count = 2;
    s.truth.amplitudeMin = s.truth.amplitudeMax = 1.0;
    s.truth.minSeparation = 0.0;
    s.particleCount = 9;
    s.init.kind = InitKind::Sphere;
    s.dynamics = {DynamicsKind::Euler, 0.1, 0.01, 1.0};
    return s;
}

std::vector<NamedScenario> networkVariants() {
    std::vector<NamedScenario> variants{{"relu population", networkScenario("relu", "population")}};
    Scenario plane = networkScenario("relu", "population");
    plane.network.inputDim = 2;  // the sums by angle (relu_plane_kernel.hpp)
    variants.push_back({"relu population in the plane", plane});
    for (const char* activation : {"relu", "sigmoid"})
        for (const char* risk : {"empirical", "minibatch"})
            for (bool bias : {false, true})
                variants.push_back({std::string(activation) + " " + risk + (bias ? " with bias" : ""),
                                    networkScenario(activation, risk, bias)});
    return variants;
}

ParticleSet randomParticles(int count, int dim, bool periodic, std::uint64_t seed) {
    Rng rng(seed);
    ParticleSet p(count, dim);
    for (int i = 0; i < count; ++i) {
        p.w[i] = rng.sign() * rng.uniform(0.3, 1.5);
        for (int k = 0; k < dim; ++k) p.theta(k, i) = periodic ? rng.uniform() : rng.normal();
    }
    return p;
}

double centralDifference(const std::function<double(double)>& f, double x, double h) {
    return (8.0 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12.0 * h);
}

double relativeError(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const double scale = b.norm();
    return scale > 0.0 ? (a - b).norm() / scale : (a - b).norm();
}

}  // namespace flowscope::testing
