// The estimate of a step's duration shown before a large particle count is applied.
#include <doctest/doctest.h>

#include "scenario_library.hpp"
#include "step_cost.hpp"

using namespace flowscope;

TEST_CASE("a step's operations grow as the problem's complexity says") {
    Scenario population = loadScenarioNamed("relu-highdim");  // exact risk: pairwise in the particles
    population.particleCount = 10000;
    const double base = stepOperations(population);
    population.particleCount = 100000;
    CHECK(stepOperations(population) / base == doctest::Approx(100.0).epsilon(0.01));

    Scenario plane = loadScenarioNamed("relu2d");  // exact risk in the plane: by angle, linear in the particles
    plane.particleCount = 10000;
    const double sorted = stepOperations(plane);
    plane.particleCount = 100000;
    CHECK(stepOperations(plane) / sorted == doctest::Approx(10.0).epsilon(0.01));
    plane.network.populationKernel = PopulationKernel::Pairwise;
    CHECK(stepOperations(plane) / sorted > 1000.0);

    Scenario samples = loadScenarioNamed("sigmoid2d");  // mini-batches: linear in the particles
    samples.particleCount = 1000;
    const double few = stepOperations(samples);
    samples.particleCount = 10000;
    CHECK(stepOperations(samples) / few == doctest::Approx(10.0).epsilon(0.01));

    Scenario spikes = loadScenarioNamed("deconv1d");  // linear in the particles too
    spikes.particleCount = 1000;
    const double sparse = stepOperations(spikes);
    spikes.particleCount = 1000000;
    CHECK(stepOperations(spikes) / sparse == doctest::Approx(1000.0).epsilon(0.01));
}

TEST_CASE("the estimate follows the measured rate") {
    Scenario scenario = loadScenarioNamed("relu2d");
    scenario.network.populationKernel = PopulationKernel::Pairwise;  // quadratic in the particles
    scenario.particleCount = 2000;
    StepCostModel model;
    CHECK(model.estimateSeconds(scenario) ==
          doctest::Approx(stepOperations(scenario) * StepCostModel::kDefaultSecondsPerOperation));
    model.observe(scenario, 0.25);  // the first measurement replaces the default
    CHECK(model.estimateSeconds(scenario) == doctest::Approx(0.25));
    scenario.particleCount = 20000;
    CHECK(model.estimateSeconds(scenario) == doctest::Approx(25.0).epsilon(0.01));
    scenario.particleCount = 2000;
    model.observe(scenario, 0.5);  // later ones move it part of the way
    CHECK(model.estimateSeconds(scenario) > 0.25);
    CHECK(model.estimateSeconds(scenario) < 0.5);
    model.observe(scenario, -1.0);  // nonsense is ignored
    CHECK(model.estimateSeconds(scenario) > 0.25);
}

TEST_CASE("durations read as a person would say them") {
    CHECK(describeDuration(0.0004) == "0.4 ms");
    CHECK(describeDuration(0.25) == "250 ms");
    CHECK(describeDuration(4.2) == "4.2 s");
    CHECK(describeDuration(240.0) == "4 min");
    CHECK(describeDuration(3 * 3600.0) == "3.0 h");
    CHECK(describeDuration(5 * 86400.0) == "5 days");
}
