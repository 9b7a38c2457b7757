// Properties of the time discretization: descent for small steps, first-order accuracy.
#include <doctest/doctest.h>

#include <cmath>

#include "scenario_library.hpp"
#include "simulation.hpp"
#include "test_support.hpp"

using namespace flowscope;

namespace {
Scenario preset(const std::string& name, std::initializer_list<std::pair<const char*, const char*>> settings) {
    Scenario s = loadScenarioNamed(name);
    for (const auto& [key, value] : settings) setScenarioValue(s, key, value, "test");
    return s;
}

// The largest relative increase of the objective from one step to the next.
double largestIncrease(Simulation& sim, int steps) {
    double worst = -INFINITY, previous = sim.current().objective;
    for (int k = 0; k < steps; ++k) {
        REQUIRE(sim.advance());
        worst = std::max(worst, (sim.current().objective - previous) / std::abs(previous));
        previous = sim.current().objective;
    }
    return worst;
}
}  // namespace

TEST_CASE("small steps decrease the objective monotonically, for every dynamics") {
    const std::vector<std::pair<std::string, Scenario>> runs = {
        {"relu2d euler", preset("relu2d", {{"dynamics.step_size", "0.05"}})},
        {"relu2d weight decay", preset("relu2d", {{"dynamics.step_size", "0.05"}, {"regularizer.kind", "\"weight_decay\""},
                                                  {"regularizer.lambda", "0.01"}})},
        {"sigmoid2d empirical", preset("sigmoid2d", {{"dynamics.step_size", "0.2"}})},
        {"deconv1d conic", preset("deconv1d", {{"dynamics.step_size", "0.002"}})},
        {"deconv1d forward-backward", preset("deconv1d", {{"dynamics.kind", "forward_backward"},
                                                          {"dynamics.step_size", "2e-6"}})},
        {"deconv2d conic", preset("deconv2d", {{"dynamics.step_size", "0.0005"}})},
    };
    for (const auto& [name, scenario] : runs) {
        INFO(name);
        Simulation sim(scenario);
        const double start = sim.current().objective;
        CHECK(largestIncrease(sim, 300) <= 1e-12);
        CHECK(sim.current().objective < start);
    }
}

TEST_CASE("halving the step changes the loss at a fixed flow time by O(eta): forward Euler is first order") {
    const double flowTime = 10.0;
    std::vector<double> losses;
    for (double eta : {0.4, 0.2, 0.1, 0.05}) {
        Scenario s = loadScenarioNamed("relu2d");
        s.dynamics.stepSize = eta;
        Simulation sim(s);
        sim.run(static_cast<int>(std::lround(flowTime / eta)));
        CHECK(sim.time() == doctest::Approx(flowTime));
        losses.push_back(sim.current().loss);
    }
    const double d1 = losses[0] - losses[1], d2 = losses[1] - losses[2], d3 = losses[2] - losses[3];
    INFO("differences ", d1, " ", d2, " ", d3);
    CHECK(d1 / d2 == doctest::Approx(2.0).epsilon(0.2));
    CHECK(d2 / d3 == doctest::Approx(2.0).epsilon(0.2));
}

TEST_CASE("the output scale alpha with step eta/alpha^2 moves particles less: the lazy regime") {
    double previousTravel = INFINITY;
    for (double alpha : {1.0, 10.0, 100.0}) {
        Scenario s = loadScenarioNamed("relu2d");
        s.dynamics.outputScale = alpha;
        Simulation sim(s);
        const ParticleSet start = sim.particles();
        sim.run(200);
        const double travel = (sim.particles().theta - start.theta).norm() / start.theta.norm();
        INFO("alpha ", alpha, ": relative travel ", travel);
        CHECK(travel < previousTravel / 3.0);
        previousTravel = travel;
    }
}
