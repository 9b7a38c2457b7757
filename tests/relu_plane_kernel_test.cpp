// The ReLU kernel sums by angle in the plane against an independent computation (every
// pair in long double, the angle from atan2) and against the pairwise kernel, on unit sets
// chosen to strain the prefix sums: random, clustered, coincident and antipodal.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "relu_kernel.hpp"
#include "relu_plane_kernel.hpp"
#include "rng.hpp"
#include "parallel.hpp"
#include "scenario_library.hpp"
#include "two_layer_network.hpp"

using namespace flowscope;

namespace {

struct Units {
    Eigen::MatrixXd theta;  // 2 x m
    Eigen::VectorXd c;
};

// Column i of a 2 x m matrix set to (x, y), or to -col(j) (element by element: a fixed-size
// vector assigned to a dynamic column makes GCC see a 4-wide store).
void place(Eigen::MatrixXd& M, Eigen::Index i, double x, double y) { M(0, i) = x, M(1, i) = y; }

// m units of the named kind, with signed weights (so that the sums cancel) and a few zeros.
Units unitsOf(const std::string& kind, int m, std::uint64_t seed) {
    Rng rng(seed);
    Units u{Eigen::MatrixXd(2, m), Eigen::VectorXd(m)};
    const int clusters = 5;
    std::vector<double> centre(clusters);
    for (double& a : centre) a = rng.uniform(-M_PI, M_PI);
    for (int i = 0; i < m; ++i) {
        const double norm = rng.uniform(0.5, 1.5);
        double angle = rng.uniform(-M_PI, M_PI);
        if (kind == "clustered") angle = centre[i % clusters] + 1e-6 * rng.normal() + (i % 3 == 0 ? 1e-3 * rng.normal() : 0.0);
        if (kind == "coincident") angle = centre[i % clusters];
        if (kind == "antipodal") angle = centre[i % 2] + (i % 4 < 2 ? 0.0 : M_PI);
        place(u.theta, i, norm * std::cos(angle), norm * std::sin(angle));
        const Eigen::Index same = i % clusters, opposite = i - 4 + (i % 2);
        if (kind == "coincident" && i % 7 == 0) place(u.theta, i, u.theta(0, same), u.theta(1, same));  // the very same vector
        if (kind == "antipodal" && i % 5 == 0 && i >= 4)
            place(u.theta, i, -u.theta(0, opposite), -u.theta(1, opposite));  // exactly -b
        u.c[i] = rng.normal();
    }
    if (m >= 20) u.theta.col(m / 2).setZero(), u.theta.col(m / 3).setZero();
    return u;
}

// Every pair in long double, the angle from atan2 (accurate near 0 and pi), with the sums
// of the terms' absolute values that the tolerance is relative to.
struct Reference {
    long double value = 0, grad[2] = {0, 0};
    long double valueScale = 0, gradScale = 0;
};

Reference reference(const Eigen::Vector2d& a, const Eigen::MatrixXd& B, const Eigen::VectorXd& c) {
    Reference r;
    const long double na = std::hypot((long double)a[0], (long double)a[1]);
    for (Eigen::Index l = 0; l < B.cols(); ++l) {
        const long double bx = B(0, l), by = B(1, l), nb = std::hypot(bx, by);
        if (nb == 0) continue;
        long double gx, gy, k = 0;
        if (na == 0) {
            gx = bx / 4, gy = by / 4;
        } else {
            const long double cross = std::abs((long double)a[0] * by - (long double)a[1] * bx);
            const long double dot = (long double)a[0] * bx + (long double)a[1] * by;
            const long double phi = std::atan2(cross, dot), twoPi = 2 * (long double)M_PI;
            k = (cross + ((long double)M_PI - phi) * dot) / twoPi;
            gx = (((long double)M_PI - phi) * bx + cross * a[0] / (na * na)) / twoPi;
            gy = (((long double)M_PI - phi) * by + cross * a[1] / (na * na)) / twoPi;
        }
        r.value += c[l] * k;
        r.grad[0] += c[l] * gx, r.grad[1] += c[l] * gy;
        r.valueScale += std::abs(c[l] * k);
        r.gradScale += std::abs(c[l]) * std::hypot(gx, gy);
    }
    return r;
}

// The rows checked: all of a small set, 100 spread over a large one (each costs m pairs).
std::vector<int> rowsOf(int m) {
    std::vector<int> rows;
    const int step = std::max(1, m / 100);
    for (int i = 0; i < m; i += step) rows.push_back(i);
    if (m >= 20) rows.push_back(m / 2), rows.push_back(m / 3);  // the zero units
    return rows;
}

struct Worst {
    double value = 0, grad = 0;
    void add(const Reference& r, double value, const double* grad) {
        const double scale = double(r.valueScale) > 0 ? double(r.valueScale) : 1.0;
        const double gscale = double(r.gradScale) > 0 ? double(r.gradScale) : 1.0;
        this->value = std::max(this->value, double(std::abs(value - r.value)) / scale);
        this->grad = std::max(this->grad, double(std::hypot(grad[0] - r.grad[0], grad[1] - r.grad[1])) / gscale);
    }
};

}  // namespace

TEST_CASE("the plane sums equal every pair summed exactly, within 1e-10 of the terms' absolute sum") {
    for (const std::string kind : {"random", "clustered", "coincident", "antipodal"}) {
        for (const int m : {10, 100, 1000, 10000}) {
            INFO(kind << " units, m = " << m);
            const Units u = unitsOf(kind, m, 17 + m);
            ReluPlaneKernel kernel;
            Eigen::VectorXd value;
            Eigen::MatrixXd grad;
            kernel.selfSums(u.theta, u.c, value, grad);
            // The students against a few teacher-like units (the general form of the sums).
            const Units teacher = unitsOf(kind, 7, 5);
            ReluPlaneKernel crossKernel;
            Eigen::VectorXd crossValue;
            Eigen::MatrixXd crossGrad;
            crossKernel.sums(u.theta, teacher.theta, teacher.c, crossValue, crossGrad);
            Worst self, cross;
            for (const int i : rowsOf(m)) {
                self.add(reference(u.theta.col(i), u.theta, u.c), value[i], grad.col(i).data());
                cross.add(reference(u.theta.col(i), teacher.theta, teacher.c), crossValue[i], crossGrad.col(i).data());
            }
            MESSAGE(kind << " m = " << m << ": worst relative errors, self " << self.value << " / " << self.grad
                         << ", against 7 units " << cross.value << " / " << cross.grad);
            CHECK(self.value < 1e-10);
            CHECK(self.grad < 1e-10);
            CHECK(cross.value < 1e-10);
            CHECK(cross.grad < 1e-10);
        }
    }
}

TEST_CASE("the plane sums equal the pairwise kernel's") {
    for (const std::string kind : {"random", "clustered", "coincident", "antipodal"}) {
        for (const int m : {10, 1000, 10000}) {
            INFO(kind << " units, m = " << m);
            const Units u = unitsOf(kind, m, 3 + m);
            ReluPlaneKernel kernel;
            Eigen::VectorXd value, pairValue;
            Eigen::MatrixXd grad, pairGrad;
            kernel.selfSums(u.theta, u.c, value, grad);
            const std::vector<int> rows = rowsOf(m);
            Eigen::MatrixXd some(2, rows.size());
            for (std::size_t k = 0; k < rows.size(); ++k) some.col(k) = u.theta.col(rows[k]);
            reluKernelSums(some, u.theta, u.c, pairValue, pairGrad);
            double worstValue = 0, worstGrad = 0;
            for (std::size_t k = 0; k < rows.size(); ++k) {
                const Reference r = reference(u.theta.col(rows[k]), u.theta, u.c);  // for the scales only
                const double scale = std::max(double(r.valueScale), 1e-300), gscale = std::max(double(r.gradScale), 1e-300);
                worstValue = std::max(worstValue, std::abs(value[rows[k]] - pairValue[k]) / scale);
                worstGrad = std::max(worstGrad, (grad.col(rows[k]) - pairGrad.col(k)).norm() / gscale);
            }
            MESSAGE(kind << " m = " << m << ": worst relative differences " << worstValue << " / " << worstGrad);
            CHECK(worstValue < 1e-10);
            CHECK(worstGrad < 1e-10);
        }
    }
}

TEST_CASE("a kernel called again gives what a fresh one gives, bit for bit, and so do the sums in a kept order") {
    Units u = unitsOf("random", 5000, 9);
    ReluPlaneKernel kept;
    Eigen::VectorXd value, freshValue;
    Eigen::MatrixXd grad, freshGrad;
    kept.selfSums(u.theta, u.c, value, grad);
    Rng rng(4);
    for (int round = 0; round < 3; ++round) {
        // Small moves (a repair by insertion), then large ones (a new sort), and a unit to zero.
        const double size = round == 0 ? 1e-4 : 1.0;
        for (Eigen::Index i = 0; i < u.theta.cols(); ++i)
            place(u.theta, i, u.theta(0, i) + size * rng.normal(), u.theta(1, i) + size * rng.normal());
        if (round == 2) u.theta.col(11).setZero();
        kept.selfSums(u.theta, u.c, value, grad);
        ReluPlaneKernel fresh;
        fresh.selfSums(u.theta, u.c, freshValue, freshGrad);
        CHECK(value == freshValue);
        CHECK(grad == freshGrad);
        // Against a few units, the students taken in the order the kernel just sorted them in.
        const Units teacher = unitsOf("random", 4, 2 + round);
        ReluPlaneKernel searched, walked;
        Eigen::VectorXd searchedValue, walkedValue;
        Eigen::MatrixXd searchedGrad, walkedGrad;
        searched.sums(u.theta, teacher.theta, teacher.c, searchedValue, searchedGrad);
        walked.sums(u.theta, teacher.theta, teacher.c, walkedValue, walkedGrad, &kept);
        CHECK(searchedValue == walkedValue);
        CHECK(searchedGrad == walkedGrad);
    }
}

TEST_CASE("the field in one pass of writes is the self sums and the sums against the truth, combined") {
    for (const std::string kind : {"random", "clustered", "coincident", "antipodal"}) {
        for (const int m : {10, 1000, 10000}) {
            for (const bool zeroTruth : {false, true}) {
                INFO(kind << " units, m = " << m << (zeroTruth ? ", a truth of zero units" : ""));
                const Units u = unitsOf(kind, m, 41 + m);
                Units truth = unitsOf("random", 5, 6);
                if (zeroTruth) truth.theta.setZero();
                const double selfScale = 0.37 / m, truthScale = 1.3;
                ReluPlaneKernel students, teacher;
                Eigen::VectorXd value, truthValue, field;
                Eigen::MatrixXd grad, truthGrad, fieldGrad;
                students.selfSums(u.theta, u.c, value, grad);
                teacher.sums(u.theta, truth.theta, truth.c, truthValue, truthGrad, &students);
                ReluPlaneKernel fieldStudents, fieldTeacher;
                const auto totals = fieldStudents.field(u.theta, u.c, fieldTeacher, truth.theta, truth.c, selfScale,
                                                        truthScale, field, fieldGrad);
                const Eigen::VectorXd expected = selfScale * value - truthScale * truthValue;
                const Eigen::MatrixXd expectedGrad = selfScale * grad - truthScale * truthGrad;
                const double scale = selfScale * value.cwiseAbs().sum() + truthScale * truthValue.cwiseAbs().sum();
                const double gscale = selfScale * grad.cwiseAbs().sum() + truthScale * truthGrad.cwiseAbs().sum();
                CHECK((field - expected).cwiseAbs().maxCoeff() <= 1e-15 * scale);
                CHECK((fieldGrad - expectedGrad).cwiseAbs().maxCoeff() <= 1e-15 * gscale);
                CHECK(totals.self == doctest::Approx(u.c.dot(value)).epsilon(1e-12));
                CHECK(totals.truth == doctest::Approx(u.c.dot(truthValue)).epsilon(1e-12));
                if (zeroTruth) CHECK(totals.truth == 0.0);
                if (m >= 20) {  // the zero students: value 0, gradient sum_l c_l b_l / 4 of both sums
                    CHECK(field[m / 2] == 0.0);
                    CHECK(fieldGrad(0, m / 3) == doctest::Approx(expectedGrad(0, m / 3)).epsilon(1e-14));
                }
                // Again, on two threads (the pieces, and so the totals' order, do not change).
                useThreads(2);
                Eigen::VectorXd field2;
                Eigen::MatrixXd fieldGrad2;
                const auto totals2 = fieldStudents.field(u.theta, u.c, fieldTeacher, truth.theta, truth.c, selfScale,
                                                         truthScale, field2, fieldGrad2);
                useThreads(1);
                CHECK(field2 == field);
                CHECK(fieldGrad2 == fieldGrad);
                CHECK(totals2.self == totals.self);
                CHECK(totals2.truth == totals.truth);
            }
        }
    }
}

TEST_CASE("relu2d evaluates alike with the plane sums and the pairwise ones, and only in the plane") {
    Scenario s = loadScenarioNamed("relu2d");
    s.particleCount = 2000;
    CHECK(s.usesPlaneKernel());
    Scenario pairwise = s;
    pairwise.network.populationKernel = PopulationKernel::Pairwise;
    CHECK_FALSE(pairwise.usesPlaneKernel());
    Scenario space = s;
    space.network.inputDim = 3;
    CHECK_FALSE(space.usesPlaneKernel());

    ParticleSet p;
    Rng rng(8);
    p.w.resize(s.particleCount);
    p.theta.resize(2, s.particleCount);
    for (int i = 0; i < s.particleCount; ++i) p.w[i] = rng.normal(), place(p.theta, i, rng.normal(), rng.normal());
    TwoLayerNetwork plane(s), pairs(pairwise);
    Evaluation a, b;
    plane.evaluate(p, 1.0, a);
    pairs.evaluate(p, 1.0, b);
    CHECK(a.loss == doctest::Approx(b.loss).epsilon(1e-12));
    CHECK((a.field - b.field).norm() < 1e-11 * b.field.norm());
    CHECK((a.fieldGrad - b.fieldGrad).norm() < 1e-11 * b.fieldGrad.norm());
}
