// Every problem x regularizer x dynamics: the analytic velocities agree with finite
// differences of m F_m (relative error < 1e-6 in double precision).
#include <doctest/doctest.h>

#include <cmath>

#include "dynamics.hpp"
#include "problem_factory.hpp"
#include "test_support.hpp"

using namespace flowscope;
using namespace flowscope::testing;

namespace {

std::vector<NamedScenario> problems() {
    std::vector<NamedScenario> cases;
    for (int dim : {1, 2})
        for (const char* kernel : {"dirichlet", "gaussian"})
            cases.push_back({"deconvolution " + std::to_string(dim) + "-D " + kernel, deconvolutionScenario(dim, kernel)});
    for (auto& network : networkVariants()) cases.push_back(std::move(network));
    return cases;
}

// The gradient of m F_m with respect to every w_i and theta_i, by finite differences.
ParticleSet numericalGradient(Problem& problem, const Regularizer& regularizer, const ParticleSet& at, double scale) {
    const double m = at.count();
    Evaluation eval;
    auto objective = [&](const ParticleSet& p) {
        problem.evaluate(p, scale, eval);
        return m * (eval.loss + regularizer.value(p));
    };
    ParticleSet grad(at.count(), at.dim());
    ParticleSet probe = at;
    const double h = 1e-6;
    for (int i = 0; i < at.count(); ++i) {
        grad.w[i] = centralDifference([&](double x) { probe.w[i] = x; return objective(probe); }, at.w[i], h);
        probe.w[i] = at.w[i];
        for (int k = 0; k < at.dim(); ++k) {
            grad.theta(k, i) = centralDifference([&](double x) { probe.theta(k, i) = x; return objective(probe); },
                                                 at.theta(k, i), h);
            probe.theta(k, i) = at.theta(k, i);
        }
    }
    return grad;
}

Eigen::VectorXd flat(const ParticleSet& p) {
    Eigen::VectorXd v(p.w.size() + p.theta.size());
    v << p.w, Eigen::Map<const Eigen::VectorXd>(p.theta.data(), p.theta.size());
    return v;
}

}  // namespace

TEST_CASE("analytic velocities agree with finite differences of m F_m for every problem, penalty and dynamics") {
    int checked = 0;
    for (const auto& [name, base] : problems()) {
        for (const char* penalty : {"none", "l1", "weight_decay"}) {
            if (base.isDeconvolution() && std::string(penalty) == "weight_decay") continue;
            for (const char* kind : {"euler", "forward_backward", "conic"}) {
                if (std::string(kind) == "conic" && std::string(penalty) == "weight_decay") continue;
                for (double scale : {1.0, 3.0}) {
                    Scenario s = base;
                    s.regularizer = {named<RegularizerKind>(penalty), std::string(penalty) == "l1" ? 0.1 : 0.05};
                    s.dynamics.kind = named<DynamicsKind>(kind);
                    s.dynamics.outputScale = scale;
                    s.dynamics.positionScale = 0.7;
                    INFO(name, ", ", penalty, ", ", kind, ", output scale ", scale);
                    auto problem = makeProblem(s);
                    const Regularizer regularizer = Regularizer::from(s.regularizer);
                    const Dynamics dynamics(s.dynamics, regularizer, problem->periodic());
                    const ParticleSet p = randomParticles(s.particleCount, problem->positionDim(), problem->periodic(), 7);

                    Evaluation eval;
                    problem->evaluate(p, scale, eval);
                    ParticleSet velocity;
                    dynamics.velocity(p, eval, velocity);
                    ParticleSet expected = numericalGradient(*problem, regularizer, p, scale);
                    // Gradient flow: v = -grad (m F_m). Conic (Wasserstein-Fisher-Rao) flow in the
                    // w = r|r| coordinates: v_w = -4|w| d(mF)/dw and v_theta = -(beta/|w|) d(mF)/dtheta.
                    for (int i = 0; i < p.count(); ++i) {
                        const double wScale = std::string(kind) == "conic" ? 4.0 * std::abs(p.w[i]) : 1.0;
                        const double thetaScale = std::string(kind) == "conic" ? 0.7 / std::abs(p.w[i]) : 1.0;
                        expected.w[i] *= -wScale;
                        expected.theta.col(i) *= -thetaScale;
                    }
                    CHECK(relativeError(flat(velocity), flat(expected)) < 1e-6);
                    ++checked;
                }
            }
        }
    }
    CHECK(checked == 2 * (4 * 6 + 10 * 8));  // every combination above was exercised
}

TEST_CASE("forward-backward velocity at w = 0 is the minimal-norm subgradient: spikes below lambda stay dead") {
    Scenario s = deconvolutionScenario(1, "dirichlet");
    s.dynamics.kind = DynamicsKind::ForwardBackward;
    s.regularizer = {RegularizerKind::L1, 1e3};  // a penalty larger than any correlation
    auto problem = makeProblem(s);
    const Regularizer regularizer = Regularizer::from(s.regularizer);
    const Dynamics dynamics(s.dynamics, regularizer, true);
    ParticleSet p = randomParticles(6, 1, true, 3);
    p.w.setZero();
    Evaluation eval;
    problem->evaluate(p, 1.0, eval);
    ParticleSet v, next;
    dynamics.velocity(p, eval, v);
    dynamics.step(p, eval, v, 0.1, next);
    CHECK(v.w.cwiseAbs().maxCoeff() == 0.0);
    CHECK(next.w.cwiseAbs().maxCoeff() == 0.0);
    CHECK(eval.field.cwiseAbs().maxCoeff() > 0.0);  // the field itself is not zero
}
