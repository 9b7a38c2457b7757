// The hot loop's building blocks: products with kept buffers give Eigen's products; sums
// over fixed pieces do not depend on the thread count; the fused 1-D step reports
// non-finite particles and the velocity's squared norm.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

#include "cpu_kernels.hpp"
#include "dynamics.hpp"
#include "kept_product.hpp"
#include "parallel.hpp"
#include "problem_factory.hpp"
#include "test_support.hpp"

using namespace flowscope;
using namespace flowscope::testing;

namespace {
template <class S>
Eigen::Matrix<S, -1, -1> randomMatrix(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
    std::mt19937 gen(seed);
    std::normal_distribution<double> normal;
    Eigen::Matrix<S, -1, -1> m(rows, cols);
    for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = S(normal(gen));
    return m;
}

}  // namespace

// Bit for bit: the same kernel with the same blocking, whatever shapes came before.
TEST_CASE_TEMPLATE("kept products equal Eigen's, on blocks, accumulating, as shapes change", S, double, float) {
    using Matrix = Eigen::Matrix<S, -1, -1>;
    useThreads(1);  // Eigen's own products single-threaded, as the solver runs them
    // The kernel set compiled for the instruction set this file is compiled for: the same code
    // as the product expressions below (cpu_kernels_test compares the sets with each other).
#ifdef __AVX512F__
    REQUIRE(useCpuKernels("avx512"));
#else
    REQUIRE(useCpuKernels("avx2"));
#endif
    KeptProduct<S> transposed, plain;
    // Shapes large enough for Eigen's blocked kernel, then smaller ones reusing the buffers,
    // then a larger one that must regrow them.
    for (auto [n, d, m] : {std::tuple{700, 64, 300}, {256, 32, 100}, {33, 5, 7}, {1500, 300, 90}}) {
        CAPTURE(n);
        const Matrix X = randomMatrix<S>(d, n, 1), theta = randomMatrix<S>(d, m + 10, 2);
        Matrix Z = Matrix::Constant(n, m + 4, S(7));
        const auto block = theta.middleCols(3, m);
        transposed.transposeTimes(S(1), X, block, Z.middleCols(2, m));
        const Matrix want = X.transpose() * block;
        CHECK(Z.middleCols(2, m) == want);
        CHECK((Z.leftCols(2).array() == S(7)).all());  // nothing written outside the block
        CHECK((Z.rightCols(2).array() == S(7)).all());

        Matrix G = randomMatrix<S>(d, m, 3);
        const Matrix before = G;
        plain.times(S(0.5), X, Z.middleCols(2, m), G, /*accumulate=*/true);
        const Matrix wantG = before + S(0.5) * X * Z.middleCols(2, m);
        CHECK(G == wantG);
        plain.times(S(2), X, Z.middleCols(2, m), G);
        const Matrix wantFresh = S(2) * X * Z.middleCols(2, m);
        CHECK(G == wantFresh);
        Matrix T = Matrix::Zero(d, d);  // a b^T
        plain.timesTranspose(S(1), X, X.leftCols(n), T);
        const Matrix wantT = X * X.transpose();
        CHECK(T == wantT);
    }
}

TEST_CASE("sums over pieces: one result whatever the thread count, equal to the sum") {
    Eigen::VectorXd x = randomMatrix<double>(1'000'003, 1, 4);
    auto sum = [&](int threads) {
        useThreads(threads);
        return sumOverPieces(x.size(), 100.0, [&](long begin, long end) { return x.segment(begin, end - begin).sum(); });
    };
    const double one = sum(1), two = sum(2), three = sum(3);
    CHECK(one == two);  // bit for bit
    CHECK(one == three);
    long double exact = 0;
    for (double v : x) exact += v;
    CHECK(std::abs(one - double(exact)) < 1e-9);
    // Fewer items than pieces, and none.
    CHECK(sumOverPieces(5, 1.0, [](long begin, long end) { return double(end - begin); }) == 5.0);
    CHECK(sumOverPieces(0, 1.0, [](long, long) { return 1.0; }) == 0.0);
    useThreads(1);
}

TEST_CASE("the 1-D conic step reports non-finite particles, wraps, and the velocity returns its sums") {
    Scenario s = deconvolutionScenario(1, "dirichlet");
    s.dynamics.kind = DynamicsKind::Conic;
    s.regularizer.kind = RegularizerKind::L1;
    s.regularizer.lambda = 0.1;
    const Regularizer regularizer = Regularizer::from(s.regularizer);
    const Dynamics dynamics(s.dynamics, regularizer, true);
    for (int threads : {1, 2}) {
        CAPTURE(threads);
        s.run.threads = threads;
        auto problem = makeProblem(s);  // its evaluation sets the thread count the step then uses
        ParticleSet p = randomParticles(30011, 1, true, 5), v, next;
        Evaluation eval;
        problem->evaluate(p, 1.0, eval);
        const StateSums sums = dynamics.velocity(p, eval, v);
        CHECK(sums.velocitySquares == doctest::Approx(v.w.squaredNorm() + v.theta.squaredNorm()).epsilon(1e-12));
        CHECK(sums.penalty / p.count() == regularizer.value(p));  // the same pieces, the same bits
        CHECK(dynamics.step(p, eval, v, 0.01, next));
        CHECK((next.theta.array() >= 0.0).all());
        CHECK((next.theta.array() < 1.0).all());
        // A huge field on one particle deep in the second half overflows its weight.
        eval.field[29000] = -1e308;
        p.w[29000] = 1.0;
        CHECK_FALSE(dynamics.step(p, eval, v, 0.01, next));
        CHECK_FALSE(std::isfinite(next.w[29000]));
    }
    useThreads(1);
}
