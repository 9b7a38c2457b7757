// The logistic loss of the two-layer networks (network.loss = logistic): its value is the
// sample-domain definition R = mean log(1 + exp(-y f(x))), its velocities agree with finite
// differences of m F_m, and it stays finite and exact at margins where exp overflows.
#include <doctest/doctest.h>

#include <cmath>

#include "dynamics.hpp"
#include "problem_factory.hpp"
#include "regularizer.hpp"
#include "sample_loss.hpp"
#include "test_support.hpp"
#include "two_layer_network.hpp"

using namespace flowscope;
using namespace flowscope::testing;

namespace {

// Logistic variants: teacher labels (their signs) or a built-in data set of the plane, on
// the empirical and the mini-batch risk, ReLU and sigmoid, with and without bias.
std::vector<NamedScenario> logisticVariants() {
    std::vector<NamedScenario> cases;
    for (const char* activation : {"relu", "sigmoid"})
        for (const char* risk : {"empirical", "minibatch"})
            for (bool bias : {false, true})
                for (bool spirals : {false, true}) {
                    Scenario s = networkScenario(activation, risk, bias);
                    s.network.loss = LossKind::Logistic;
                    if (spirals) {
                        s.network.inputDim = 2;
                        s.data.kind = DataKind::Spirals;
                        s.data.samples = 150;
                        s.data.testFraction = 0.2;
                    }
                    cases.push_back({std::string(activation) + " " + risk + (bias ? " with bias" : "") +
                                         (spirals ? " on spirals" : " on the teacher's signs"),
                                     s});
                }
    return cases;
}

double naiveLogistic(double z) { return std::log(1.0 + std::exp(-z)); }

}  // namespace

TEST_CASE("the logistic loss and its derivative are exact where exp would overflow") {
    for (double z : {-3.0, -0.5, 0.0, 0.5, 3.0, 20.0}) {
        CHECK(logisticLoss(z) == doctest::Approx(naiveLogistic(z)).epsilon(1e-14));
        // d/dz log(1 + exp(-z)) = -1 / (1 + exp(z)), by a central difference
        const double h = 1e-6, slope = (logisticLoss(z + h) - logisticLoss(z - h)) / (2 * h);
        CHECK(-logisticWeight(z) == doctest::Approx(slope).epsilon(1e-8));
    }
    // exp(800) is inf: the naive forms give inf and nan, the split ones the limits.
    CHECK(logisticLoss(-800.0) == doctest::Approx(800.0).epsilon(1e-15));
    CHECK(logisticLoss(800.0) >= 0.0);
    CHECK(logisticLoss(800.0) < 1e-300);
    CHECK(logisticWeight(-800.0) == 1.0);
    CHECK(logisticWeight(800.0) == 0.0);
    CHECK(std::isfinite(logisticLoss(-1e308)));
}

TEST_CASE("the empirical logistic risk is mean log(1 + exp(-y f(x))) over the samples, with its accuracy") {
    for (const bool spirals : {false, true}) {
        Scenario s = networkScenario("relu", "empirical", true);
        s.network.loss = LossKind::Logistic;
        if (spirals) {
            s.network.inputDim = 2;
            s.data.kind = DataKind::Spirals;
            s.data.samples = 300;
            s.data.testFraction = 0.25;
        }
        INFO((spirals ? "spirals" : "teacher"));
        TwoLayerNetwork network(s);
        const ParticleSet p = randomParticles(s.particleCount, network.positionDim(), false, 5);
        Evaluation eval;
        network.evaluate(p, 2.0, eval);
        // Independently: the predictor at each training input, then the definition.
        const Dataset& train = network.trainingSet();
        REQUIRE(train.size() == (spirals ? 225 : 200));
        const Eigen::VectorXd f = network.predict(p, 2.0, train.inputs);
        double risk = 0.0, right = 0.0;
        for (Eigen::Index k = 0; k < train.size(); ++k) {
            CHECK(std::abs(train.labels[k]) == 1.0);
            risk += naiveLogistic(train.labels[k] * f[k]) / double(train.size());
            right += train.labels[k] * f[k] > 0.0 ? 1.0 : 0.0;
        }
        CHECK(eval.loss == doctest::Approx(risk).epsilon(1e-12));
        CHECK(eval.accuracy == doctest::Approx(right / double(train.size())).epsilon(1e-15));
        // The held-out set: its own samples, by the same definition.
        const Dataset& test = network.testSet();
        CHECK(test.size() == (spirals ? 75 : 0));
        const HeldOutMetrics held = network.heldOut(p, 2.0);
        if (!spirals) {
            CHECK(std::isnan(held.loss));
            continue;
        }
        const Eigen::VectorXd g = network.predict(p, 2.0, test.inputs);
        double testRisk = 0.0;
        for (Eigen::Index k = 0; k < test.size(); ++k) testRisk += naiveLogistic(test.labels[k] * g[k]) / double(test.size());
        CHECK(held.loss == doctest::Approx(testRisk).epsilon(1e-12));
        CHECK(held.accuracy >= 0.0);
        CHECK(held.accuracy <= 1.0);
    }
}

TEST_CASE("the quadratic loss on given data is 1/2 mean (f - y)^2, and has no accuracy") {
    Scenario s = networkScenario("sigmoid", "empirical", true);
    s.network.inputDim = 2;
    s.data.kind = DataKind::Circles;
    s.data.samples = 120;
    TwoLayerNetwork network(s);
    const ParticleSet p = randomParticles(s.particleCount, network.positionDim(), false, 6);
    Evaluation eval;
    network.evaluate(p, 1.0, eval);
    const Dataset& train = network.trainingSet();
    const Eigen::VectorXd r = network.predict(p, 1.0, train.inputs) - train.labels;
    CHECK(eval.loss == doctest::Approx(0.5 * r.squaredNorm() / double(train.size())).epsilon(1e-12));
    CHECK(std::isnan(eval.accuracy));
}

TEST_CASE("logistic velocities agree with finite differences of m F_m (teacher signs and data, every risk and unit)") {
    int checked = 0;
    for (const auto& [name, base] : logisticVariants()) {
        for (double scale : {1.0, 3.0}) {
            Scenario s = base;
            s.regularizer = {RegularizerKind::WeightDecay, 0.05};
            s.dynamics.outputScale = scale;
            INFO(name, ", output scale ", scale);
            auto problem = makeProblem(s);
            Rng batches(3);
            problem->beginStep(batches);  // a mini-batch of given data is drawn here
            const Regularizer regularizer = Regularizer::from(s.regularizer);
            const Dynamics dynamics(s.dynamics, regularizer, false);
            const ParticleSet p = randomParticles(s.particleCount, problem->positionDim(), false, 11);
            Evaluation eval;
            problem->evaluate(p, scale, eval);
            ParticleSet velocity;
            dynamics.velocity(p, eval, velocity);
            // m F_m by fourth-order central differences along every coordinate.
            const double m = p.count();
            auto objective = [&](const ParticleSet& q) {
                Evaluation e;
                problem->evaluate(q, scale, e);
                return m * (e.loss + regularizer.value(q));
            };
            ParticleSet probe = p;
            Eigen::VectorXd analytic(p.count() * (1 + p.dim())), numeric(analytic.size());
            Eigen::Index k = 0;
            for (int i = 0; i < p.count(); ++i) {
                analytic[k] = -velocity.w[i];
                numeric[k++] = centralDifference([&](double x) { probe.w[i] = x; return objective(probe); }, p.w[i], 1e-5);
                probe.w[i] = p.w[i];
                for (int c = 0; c < p.dim(); ++c) {
                    analytic[k] = -velocity.theta(c, i);
                    numeric[k++] = centralDifference([&](double x) { probe.theta(c, i) = x; return objective(probe); },
                                                     p.theta(c, i), 1e-5);
                    probe.theta(c, i) = p.theta(c, i);
                }
            }
            CHECK(relativeError(analytic, numeric) < 1e-6);
            CHECK(eval.accuracy >= 0.0);
            ++checked;
        }
    }
    CHECK(checked == 32);
}

TEST_CASE("a float evaluation of the logistic loss stays within single precision of the double one") {
    Scenario s = networkScenario("relu", "empirical", true);
    s.network.loss = LossKind::Logistic;
    s.network.inputDim = 2;
    s.data.kind = DataKind::Xor;
    s.data.samples = 400;
    auto exact = makeProblem(s);
    s.run.precision = Precision::Float;
    auto single = makeProblem(s);
    const ParticleSet p = randomParticles(s.particleCount, exact->positionDim(), false, 2);
    Evaluation a, b;
    exact->evaluate(p, 1.0, a);
    single->evaluate(p, 1.0, b);
    CHECK(b.loss == doctest::Approx(a.loss).epsilon(1e-5));
    CHECK(relativeError(b.field, a.field) < 1e-4);
    CHECK(relativeError(Eigen::Map<const Eigen::VectorXd>(b.fieldGrad.data(), b.fieldGrad.size()),
                        Eigen::Map<const Eigen::VectorXd>(a.fieldGrad.data(), a.fieldGrad.size())) < 1e-4);
}
