// Stepping allocates nothing once a run's buffers exist: every preset, and larger flows that
// take the threaded paths, in both precisions and with 1 and 2 threads. This program
// counts the process's heap allocations (bench/allocation_counter.cpp interposes malloc).
#include <doctest/doctest.h>

#include "allocation_counter.hpp"
#include "scenario_library.hpp"
#include "simulation.hpp"
#include "test_support.hpp"

using namespace flowscope;
using namespace flowscope::testing;

namespace {
long allocationsWhileStepping(Scenario s, int steps) {
    s.run.recordEvery = 1'000'000;  // the history's rows are not the hot loop
    s.convergence.tolerance = 0.0;
    Simulation sim(s);
    sim.advanceBy(3);  // buffers grow to their size, thread pools start
    const long before = allocationCount();
    const auto taken = sim.advanceBy(steps);
    const long after = allocationCount();
    REQUIRE(taken == steps);
    return after - before;
}

std::vector<std::pair<std::string, Scenario>> flows() {
    std::vector<std::pair<std::string, Scenario>> out;
    for (const auto& name : presetNames()) out.emplace_back(name, loadScenarioNamed(name));
    // Sizes at which the particle passes and the products run on several threads.
    Scenario deconvolution = deconvolutionScenario(1, "dirichlet");
    deconvolution.particleCount = 60'000;
    out.emplace_back("deconvolution 1-D, 60000 particles", deconvolution);
    for (const char* risk : {"empirical", "minibatch", "population"}) {
        Scenario network = networkScenario(risk == std::string("population") ? "relu" : "sigmoid", risk);
        network.particleCount = 600;
        network.network.samples = 2000;
        network.network.batchSize = 500;
        out.emplace_back(std::string("network, ") + risk + ", 600 units", network);
    }
    return out;
}
}  // namespace

TEST_CASE("a step allocates nothing, in every flow, precision and thread count") {
    for (const auto& [name, scenario] : flows())
        for (const char* precision : {"double", "float"})
            for (int threads : {1, 2}) {
                CAPTURE(name);
                CAPTURE(precision);
                CAPTURE(threads);
                Scenario s = scenario;
                s.run.precision = named<Precision>(precision);
                s.run.threads = threads;
                CHECK(allocationsWhileStepping(s, 10) == 0);
            }
}

TEST_CASE("the counter counts") {  // the check above would pass with a counter that never moves
    const long before = allocationCount();
    Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(1000, 0.0, 1.0);
    const long after = allocationCount();
    CHECK(v.sum() == doctest::Approx(500.0));
    CHECK(after - before == 1);
}
