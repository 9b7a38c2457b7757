// run.precision = float: every problem's float evaluation agrees with its double one to
// float's accuracy, really runs in float, flows like the double run, and does not depend on
// the thread count. 2-D deconvolution evaluates in double whatever the precision.
#include <doctest/doctest.h>

#include <cmath>

#include "problem_factory.hpp"
#include "scenario_library.hpp"
#include "simulation.hpp"
#include "test_support.hpp"

using namespace flowscope;
using namespace flowscope::testing;

namespace {

struct Case {
    std::string name;
    Scenario scenario;
    int particles;
};

// Every problem that takes run.precision, at a size where the sums are long enough to
// show float's rounding (hundreds of units, thousands of spikes over several chunks).
std::vector<Case> floatProblems() {
    std::vector<Case> cases;
    for (auto& [name, scenario] : networkVariants()) cases.push_back({name, scenario, 300});
    for (const char* kernel : {"dirichlet", "gaussian"})
        cases.push_back({std::string("deconvolution 1-D ") + kernel, deconvolutionScenario(1, kernel), 20011});
    return cases;
}

Scenario withPrecision(Scenario s, const std::string& precision, int threads = 1) {
    s.run.precision = named<Precision>(precision);
    s.run.threads = threads;
    return s;
}

Evaluation evaluateWith(const Scenario& s, const ParticleSet& p, double scale) {
    const auto problem = makeProblem(s);
    Evaluation out;
    problem->evaluate(p, scale, out);
    return out;
}

double maxAbs(const Eigen::MatrixXd& a) { return a.cwiseAbs().maxCoeff(); }

// True when every entry is a float widened to double (what a float evaluation hands out).
bool allFloats(const Eigen::MatrixXd& a) { return (a.cast<float>().cast<double>().array() == a.array()).all(); }

}  // namespace

TEST_CASE("a float evaluation agrees with the double one to float's accuracy, and really runs in float") {
    // Float's unit roundoff is u = 6e-8. A network's field is a float dot product over its
    // 200 samples (or 300 units for the population risk), whose worst-case rounding is
    // about n u = 1.2e-5 to 1.8e-5 of the sum of the terms' magnitudes; deconvolution's is a
    // sum over 8 frequencies of powers z^k built by 7 float products (7 u each), with
    // partial spectra of up to 512 terms per lane. Hence a tolerance of 2e-5 of the largest
    // value. Measured: 1e-7 to 6e-7 (random rounding errors mostly cancel) for the field and
    // its gradient, below 5e-8 for the loss (1-D deconvolution adds its float partial
    // spectra in double: 4e-10). A wrong term or a lost lane gives errors of order 1.
    const double tolerance = 2e-5;
    const double scale = 1.3;
    for (const auto& c : floatProblems()) {
        INFO(c.name);
        const Scenario exact = withPrecision(c.scenario, "double");
        const auto problem = makeProblem(exact);
        const ParticleSet p = randomParticles(c.particles, problem->positionDim(), problem->periodic(), 7);
        const Evaluation d = evaluateWith(exact, p, scale);
        const Evaluation f = evaluateWith(withPrecision(c.scenario, "float"), p, scale);
        REQUIRE(f.field.size() == d.field.size());
        REQUIRE(f.fieldGrad.rows() == d.fieldGrad.rows());
        REQUIRE(f.fieldGrad.cols() == d.fieldGrad.cols());
        const double fieldError = maxAbs(f.field - d.field) / maxAbs(d.field);
        const double gradError = maxAbs(f.fieldGrad - d.fieldGrad) / maxAbs(d.fieldGrad);
        const double lossError = std::abs(f.loss - d.loss) / std::abs(d.loss);
        INFO("relative errors: field " << fieldError << ", fieldGrad " << gradError << ", loss " << lossError);
        CHECK(fieldError <= tolerance);
        CHECK(gradError <= tolerance);
        CHECK(lossError <= tolerance);
        // The float path ran: the results differ from double's, and every field value is a
        // float (double's values are not, but for a few lucky ones).
        CHECK((f.field.array() != d.field.array()).any());
        CHECK((f.fieldGrad.array() != d.fieldGrad.array()).any());
        CHECK(allFloats(f.field));
        CHECK(allFloats(f.fieldGrad));
        CHECK_FALSE(allFloats(d.field));
        CHECK_FALSE(allFloats(d.fieldGrad));
    }
}

TEST_CASE("2-D deconvolution evaluates in double whatever run.precision says") {
    for (const char* kernel : {"dirichlet", "gaussian"}) {
        INFO(kernel);
        const Scenario s = deconvolutionScenario(2, kernel);
        const ParticleSet p = randomParticles(500, 2, true, 7);
        const Evaluation d = evaluateWith(withPrecision(s, "double"), p, 1.3);
        const Evaluation f = evaluateWith(withPrecision(s, "float"), p, 1.3);
        CHECK(f.loss == d.loss);
        CHECK(f.field == d.field);
        CHECK(f.fieldGrad == d.fieldGrad);
    }
}

TEST_CASE("a float run of a preset decreases the objective like the double run does") {
    // 500 steps: float's rounding of the field (below 1e-6 relative) moves the particles by
    // as little at each step, and the flow does not amplify it much over a run this short.
    // Measured, the final objectives differ by 2e-8 (deconv1d) and 2e-5 (relu2d, whose
    // objective falls to 2e-4, so the difference is 4e-9 in absolute terms) relatively;
    // the tolerance 1e-3 leaves a factor 50, while either run divides the objective by more
    // than 40.
    for (const std::string name : {"deconv1d", "relu2d"}) {
        INFO(name);
        const Scenario s = loadScenarioNamed(name);
        Simulation exact(withPrecision(s, "double")), single(withPrecision(s, "float"));
        const double start = exact.current().objective;
        CHECK(single.current().objective == doctest::Approx(start).epsilon(1e-5));
        REQUIRE(exact.run(500) == 500);
        REQUIRE(single.run(500) == 500);
        const double a = exact.current().objective, b = single.current().objective;
        INFO("objective " << start << " -> " << a << " (double), " << b << " (float), relative difference "
                          << std::abs(a - b) / std::abs(a));
        CHECK(a < start / 40.0);
        CHECK(b < start / 40.0);
        CHECK(b == doctest::Approx(a).epsilon(1e-3));
        CHECK(single.particles().w != exact.particles().w);  // the float path ran
    }
}

TEST_CASE("1-D deconvolution's evaluation does not depend on the thread count, in float and in double") {
    // 50003 particles: 7 chunks of partial spectra (the last one partial) and a partial
    // last block, enough work for both passes to split over two threads.
    for (const char* precision : {"float", "double"}) {
        INFO(precision);
        const Scenario s = deconvolutionScenario(1, "dirichlet");
        const ParticleSet p = randomParticles(50003, 1, true, 3);
        const Evaluation one = evaluateWith(withPrecision(s, precision, 1), p, 1.3);
        const Evaluation two = evaluateWith(withPrecision(s, precision, 2), p, 1.3);
        CHECK(one.loss == two.loss);
        CHECK(one.field == two.field);
        CHECK(one.fieldGrad == two.fieldGrad);
    }
}
