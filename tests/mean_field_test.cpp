// The many-particle limit: loss curves against flow time do not depend on m once m is large.
#include <doctest/doctest.h>

#include <cmath>

#include "initial_measure.hpp"
#include "rng.hpp"
#include "scenario_library.hpp"
#include "simulation.hpp"

using namespace flowscope;

namespace {
// Loss at the given flow times, for m particles.
// The teacher is the same for every draw; `draw` picks the initial particles' sample.
std::vector<double> lossCurve(int m, std::uint64_t draw, const std::vector<double>& times) {
    Scenario s = loadScenarioNamed("relu2d");
    s.particleCount = m;
    Simulation sim(s);
    Rng rng(draw);
    sim.setParticles(drawInitialParticles(s, m, rng));
    std::vector<double> losses;
    for (double t : times) {
        sim.run(static_cast<std::int64_t>(std::lround((t - sim.time()) / s.dynamics.stepSize)));
        losses.push_back(sim.current().loss);
    }
    return losses;
}
}  // namespace

TEST_CASE("mean-field consistency: m = 500 and m = 2000 give loss curves within a few percent at equal flow time") {
    const std::vector<double> times = {0.0, 2.0, 5.0, 10.0, 20.0, 40.0};
    const auto small = lossCurve(500, 1, times), large = lossCurve(2000, 1, times);
    for (std::size_t k = 0; k < times.size(); ++k) {
        INFO("t = ", times[k], ": m=500 loss ", small[k], ", m=2000 loss ", large[k]);
        CHECK(std::abs(small[k] - large[k]) < 0.05 * large[k]);
    }
}

TEST_CASE("mean-field consistency at scale: m = 10^5 and m = 10^6 give loss curves within 1% over t in [0, 100]") {
    // The sums by angle make a step of 10^6 particles cost a fraction of a second, so the
    // limit itself can be approached: 200 steps of each.
    const std::vector<double> times = {0.0, 5.0, 10.0, 25.0, 50.0, 75.0, 100.0};
    const auto large = lossCurve(100000, 1, times), huge = lossCurve(1000000, 1, times);
    for (std::size_t k = 0; k < times.size(); ++k) {
        INFO("t = ", times[k], ": m=10^5 loss ", large[k], ", m=10^6 loss ", huge[k]);
        CHECK(std::abs(large[k] - huge[k]) < 0.01 * huge[k]);
    }
}

TEST_CASE("the spread of the loss over initial draws shrinks as m grows") {
    auto spread = [](int m) {
        double sum = 0.0, sumSq = 0.0;
        for (std::uint64_t seed = 11; seed <= 16; ++seed) {
            const double loss = lossCurve(m, seed, {5.0})[0];
            sum += loss;
            sumSq += loss * loss;
        }
        const double mean = sum / 6.0;
        return std::sqrt(std::max(sumSq / 6.0 - mean * mean, 0.0)) / mean;
    };
    const double few = spread(20), many = spread(500);
    MESSAGE("relative spread over 6 initial draws at t = 5: m=20 ", few, ", m=500 ", many);
    CHECK(many < few / 2.0);
}
