// The ReLU closed form under Gaussian inputs against Monte Carlo, finite differences,
// and a large empirical risk.
#include <doctest/doctest.h>

#include <cmath>

#include "parallel.hpp"
#include "relu_kernel.hpp"
#include "rng.hpp"
#include "test_support.hpp"
#include "two_layer_network.hpp"

using namespace flowscope;
using namespace flowscope::testing;

TEST_CASE("k(a,b) and its gradient agree with a Monte Carlo estimate of 10^6 samples within 4 standard errors") {
    Rng rng(2024);
    const int dim = 3, samples = 1000000;
    const std::vector<std::pair<Eigen::Vector3d, Eigen::Vector3d>> pairs = {
        {{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}},
        {{0.5, -1.2, 0.3}, {-0.7, 0.4, 1.1}},   // obtuse
        {{2.0, 0.1, 0.0}, {1.5, 0.2, -0.1}},    // nearly aligned
    };
    for (const auto& [a, b] : pairs) {
        double sum = 0.0, sumSq = 0.0;
        Eigen::Vector3d gradSum = Eigen::Vector3d::Zero(), gradSumSq = Eigen::Vector3d::Zero();
        Eigen::Vector3d x;
        for (int s = 0; s < samples; ++s) {
            for (int k = 0; k < dim; ++k) x[k] = rng.normal();
            const double ax = a.dot(x), bx = std::max(b.dot(x), 0.0);
            const double value = std::max(ax, 0.0) * bx;
            sum += value;
            sumSq += value * value;
            const Eigen::Vector3d g = ax > 0.0 ? Eigen::Vector3d(x * bx) : Eigen::Vector3d::Zero();
            gradSum += g;
            gradSumSq += g.cwiseProduct(g);
        }
        const double mean = sum / samples, se = std::sqrt((sumSq / samples - mean * mean) / samples);
        CHECK(std::abs(reluKernel(a, b) - mean) < 4.0 * se);
        const Eigen::VectorXd grad = reluKernelGradient(a, b);
        for (int k = 0; k < dim; ++k) {
            const double gm = gradSum[k] / samples;
            const double gse = std::sqrt((gradSumSq[k] / samples - gm * gm) / samples);
            CHECK(std::abs(grad[k] - gm) < 4.0 * gse);
        }
    }
}

TEST_CASE("the kernel's gradient agrees with finite differences, and the blocked sums with the pairwise formula") {
    Rng rng(5);
    Eigen::MatrixXd A(4, 37), B(4, 5);
    for (Eigen::Index k = 0; k < A.size(); ++k) A.data()[k] = rng.normal();
    for (Eigen::Index k = 0; k < B.size(); ++k) B.data()[k] = rng.normal();
    Eigen::VectorXd c(5);
    for (int l = 0; l < 5; ++l) c[l] = rng.normal();
    Eigen::VectorXd value;
    Eigen::MatrixXd grad;
    reluKernelSums(A, B, c, value, grad, 8);  // several blocks, the last one partial
    for (int i = 0; i < A.cols(); ++i) {
        double expected = 0.0;
        Eigen::VectorXd expectedGrad = Eigen::VectorXd::Zero(4);
        for (int l = 0; l < B.cols(); ++l) {
            expected += c[l] * reluKernel(A.col(i), B.col(l));
            expectedGrad += c[l] * reluKernelGradient(A.col(i), B.col(l));
            for (int k = 0; k < 4; ++k) {
                Eigen::VectorXd a = A.col(i);
                const double numeric = centralDifference([&](double x) { a[k] = x; return reluKernel(a, B.col(l)); },
                                                         A(k, i), 1e-5);
                CHECK(reluKernelGradient(A.col(i), B.col(l))[k] == doctest::Approx(numeric).epsilon(1e-7));
            }
        }
        CHECK(value[i] == doctest::Approx(expected).epsilon(1e-12));
        CHECK(relativeError(grad.col(i), expectedGrad) < 1e-12);
    }
}

TEST_CASE("at a zero vector the kernel vanishes and its gradient is the average over directions, b/4") {
    const Eigen::Vector3d zero = Eigen::Vector3d::Zero(), b(0.3, -1.0, 2.0);
    CHECK(reluKernel(zero, b) == 0.0);
    CHECK(relativeError(reluKernelGradient(zero, b), b / 4.0) < 1e-15);
    Eigen::MatrixXd A = Eigen::MatrixXd::Zero(3, 1);
    Eigen::VectorXd value;
    Eigen::MatrixXd grad;
    reluKernelSums(A, b, Eigen::VectorXd::Ones(1), value, grad);
    CHECK(relativeError(grad.col(0), b / 4.0) < 1e-12);
}

TEST_CASE("population and large-n empirical risks agree: loss, field and its gradient") {
    Scenario population = networkScenario("relu", "population");
    Scenario empirical = population;
    empirical.network.risk = RiskKind::Empirical;
    empirical.network.samples = 400000;
    TwoLayerNetwork exact(population), sampled(empirical);
    CHECK(relativeError(exact.truth().theta.reshaped(), sampled.truth().theta.reshaped()) == 0.0);  // same teacher
    const ParticleSet p = randomParticles(9, 3, false, 21);
    Evaluation a, b;
    exact.evaluate(p, 1.0, a);
    sampled.evaluate(p, 1.0, b);
    CHECK(b.loss == doctest::Approx(a.loss).epsilon(0.02));
    CHECK(relativeError(b.field, a.field) < 0.02);
    CHECK(relativeError(b.fieldGrad.reshaped(), a.fieldGrad.reshaped()) < 0.02);
}

// The students among themselves: the symmetric path (half the pairs, shares handed between
// blocks) against the pairwise formula, with a zero vector among them, for block counts
// from two (the smallest that uses symmetry) to many with a partial last block, and with
// 1 and 2 threads giving the same bits.
TEST_CASE("the symmetric self-sums agree with the pairwise formula and do not depend on the thread count") {
    Rng rng(11);
    const int d = 5, p = 301;  // enough pairs that 2 threads do run
    Eigen::MatrixXd A(d, p);
    for (Eigen::Index k = 0; k < A.size(); ++k) A.data()[k] = rng.normal();
    A.col(17).setZero();
    Eigen::VectorXd c(p);
    for (int l = 0; l < p; ++l) c[l] = rng.normal();
    for (int block : {8, 100, 160, 400}) {  // 38 blocks, 4 (the last of one column), 2, and 1 (general path)
        CAPTURE(block);
        Eigen::VectorXd value, value2;
        Eigen::MatrixXd grad, grad2;
        Eigen::setNbThreads(1);
        useThreads(1);
        reluKernelSelfSums(A, c, value, grad, block);
        useThreads(2);
        reluKernelSelfSums(A, c, value2, grad2, block);
        useThreads(1);
        CHECK(value == value2);
        CHECK(grad == grad2);
        for (int i = 0; i < p; ++i) {
            double expected = 0.0;
            Eigen::VectorXd expectedGrad = Eigen::VectorXd::Zero(d);
            for (int l = 0; l < p; ++l) {
                expected += c[l] * reluKernel(A.col(i), A.col(l));
                expectedGrad += c[l] * (i == 17 ? Eigen::VectorXd(A.col(l) / 4.0)  // the average at a = 0
                                                : reluKernelGradient(A.col(i), A.col(l)));
            }
            CHECK(std::abs(value[i] - expected) < 1e-12 * (1.0 + std::abs(expected)));
            CHECK((grad.col(i) - expectedGrad).norm() < 1e-12 * (1.0 + expectedGrad.norm()));
        }
    }
    // In float, to float's accuracy.
    const Eigen::MatrixXf Af = A.cast<float>();
    const Eigen::VectorXf cf = c.cast<float>();
    Eigen::VectorXf valueF, valueFull;
    Eigen::MatrixXf gradF, gradFull;
    reluKernelSelfSums(Af, cf, valueF, gradF, 8);
    reluKernelSums(Af, Af, cf, valueFull, gradFull, 8);
    CHECK((valueF - valueFull).cwiseAbs().maxCoeff() < 1e-5f * (1.0f + valueFull.cwiseAbs().maxCoeff()));
    CHECK((gradF - gradFull).cwiseAbs().maxCoeff() < 1e-5f * (1.0f + gradFull.cwiseAbs().maxCoeff()));
}

TEST_CASE("the predictor at many points and units equals the sum over units written out (blocks of units join up)") {
    for (const char* activation : {"relu", "sigmoid"}) {
        const TwoLayerNetwork network(networkScenario(activation, "empirical"));
        const ParticleSet p = randomParticles(9000, 3, false, 5);  // more than two blocks of 4096 units
        Rng rng(8);
        Eigen::MatrixXd points(3, 7);
        for (Eigen::Index k = 0; k < points.size(); ++k) points.data()[k] = rng.normal();
        const Eigen::VectorXd fast = network.predict(p, 2.0, points);
        for (Eigen::Index j = 0; j < points.cols(); ++j) {
            double sum = 0.0;
            for (int i = 0; i < p.count(); ++i) {
                const double z = p.theta.col(i).dot(points.col(j));
                const double unit = std::string(activation) == "relu" ? std::max(z, 0.0) : 1.0 / (1.0 + std::exp(-z));
                sum += p.w[i] * unit;
            }
            INFO(activation, " point ", j);
            CHECK(fast[j] == doctest::Approx(2.0 / p.count() * sum).epsilon(1e-10));
        }
    }
}
