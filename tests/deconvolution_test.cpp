// The Fourier-domain deconvolution against the definition in the sample domain:
// R = (1/2N) sum_k (f(x_k) - y_k)^2 and field(theta) = scale/N sum_k r_k psi(x_k - theta).
#include <doctest/doctest.h>

#include <cmath>

#include "deconvolution.hpp"
#include "ground_truth.hpp"
#include "input_error.hpp"
#include "test_support.hpp"

using namespace flowscope;
using namespace flowscope::testing;

namespace {
double filterAt(const Deconvolution& d, const Eigen::VectorXd& x, const Eigen::VectorXd& theta) {
    double psi = 1.0;
    for (int k = 0; k < x.size(); ++k) psi *= d.kernel().value(x[k] - theta[k]);
    return psi;
}
}  // namespace

TEST_CASE("deconvolution loss and field equal their sample-domain definitions") {
    for (int dim : {1, 2})
        for (const char* kernel : {"dirichlet", "gaussian"}) {
            INFO(dim, "-D ", kernel);
            const Scenario s = deconvolutionScenario(dim, kernel);
            Deconvolution problem(s);
            const ParticleSet p = randomParticles(10, dim, true, 11);
            const double scale = 1.7;
            Evaluation eval;
            problem.evaluate(p, scale, eval);

            const Eigen::MatrixXd x = problem.samplePoints();
            const Eigen::VectorXd& y = problem.observations();
            const double N = static_cast<double>(x.cols());
            Eigen::VectorXd residual(x.cols());
            for (Eigen::Index k = 0; k < x.cols(); ++k) {
                double f = 0.0;
                for (int i = 0; i < p.count(); ++i) f += p.w[i] * filterAt(problem, x.col(k), p.theta.col(i));
                residual[k] = scale * f / p.count() - y[k];
            }
            CHECK(eval.loss == doctest::Approx(0.5 * residual.squaredNorm() / N).epsilon(1e-10));
            for (int i = 0; i < p.count(); ++i) {
                double field = 0.0;
                for (Eigen::Index k = 0; k < x.cols(); ++k) field += residual[k] * filterAt(problem, x.col(k), p.theta.col(i));
                CHECK(eval.field[i] == doctest::Approx(scale * field / N).epsilon(1e-9));
            }
            // The fast predictor (through the spectrum) equals the direct sum.
            const Eigen::VectorXd fast = problem.predict(p, scale, x);
            CHECK(relativeError(fast, residual + y) < 1e-10);
        }
}

TEST_CASE("the truth's spikes keep their minimum separation and the noise-free data are the truth's signal") {
    Scenario s = deconvolutionScenario(1, "dirichlet");
    s.deconvolution.noise = 0.0;
    s.truth.count = 6;
    s.truth.minSeparation = 0.11;
    Deconvolution problem(s);
    const auto& t = problem.truth();
    for (int a = 0; a < t.count(); ++a)
        for (int b = a + 1; b < t.count(); ++b) CHECK(std::abs(torusDelta(t.theta(0, a), t.theta(0, b))) >= 0.11);
    for (int j = 0; j < t.count(); ++j) {
        CHECK(std::abs(t.w[j]) >= s.truth.amplitudeMin);
        CHECK(std::abs(t.w[j]) <= s.truth.amplitudeMax);
    }
    // The truth itself (m0 particles with weights m0 a_j) has zero loss when there is no noise.
    ParticleSet exact = t;
    exact.w *= t.count();
    Evaluation eval;
    problem.evaluate(exact, 1.0, eval);
    CHECK(eval.loss < 1e-20);
}

TEST_CASE("too few samples for the filter's band are refused with the key named") {
    Scenario s = deconvolutionScenario(1, "dirichlet");
    s.deconvolution.samples = 14;  // 2K = 14
    CHECK_THROWS_WITH_AS(Deconvolution{s}, doctest::Contains("deconvolution.samples"), InputError);
}
