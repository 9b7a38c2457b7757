// Sweep plans: which seeds a cell's scenario draws from.
#include <doctest/doctest.h>

#include "scenario_library.hpp"
#include "sweep.hpp"

using namespace flowscope;

TEST_CASE("--seeds varies every seed, even ones the preset pins; a grid over truth.seed or init.seed pins it") {
    const Scenario base = loadScenarioNamed("relu2d-few");  // pins truth.seed and init.seed
    REQUIRE(base.truth.seed.has_value());
    REQUIRE(base.init.seed.has_value());
    const SweepPlan bySeed(base, {}, 3, 10);
    for (std::int64_t i = 0; i < bySeed.cellCount(); ++i) {
        const Scenario s = bySeed.scenarioFor(bySeed.cell(i));
        CHECK(s.run.seed == 10 + static_cast<std::uint64_t>(i));
        CHECK(s.truthSeed() == s.run.seed);
        CHECK(s.initSeed() == s.run.seed);
    }
    const SweepPlan oneTeacher(base, {parseSweepAxis("truth.seed=4,5")}, 2);
    for (std::int64_t i = 0; i < oneTeacher.cellCount(); ++i) {
        const SweepCell cell = oneTeacher.cell(i);
        const Scenario s = oneTeacher.scenarioFor(cell);
        CHECK(s.truthSeed() == std::stoull(cell.values[0]));
        CHECK(s.initSeed() == cell.seed);
    }
    const SweepPlan oneStart(base, {parseSweepAxis("init.seed=log:1:100:3")}, 1);
    CHECK(oneStart.cellCount() == 3);
    CHECK(oneStart.scenarioFor(oneStart.cell(2)).initSeed() == 100);
    CHECK(oneStart.scenarioFor(oneStart.cell(2)).truthSeed() == 1);
}
