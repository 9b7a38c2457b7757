// Sweep plans: which seeds a cell's scenario draws from.
#include <doctest/doctest.h>

#include <algorithm>

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

TEST_CASE("cells are handed out largest expected cost first, ties in cell order") {
    // In the plane a step's cost grows linearly with m (the kernel sorts angles): a cell
    // costs in proportion to m times its step budget.
    const Scenario base = loadScenarioNamed("relu2d");
    REQUIRE(base.usesPlaneKernel());
    const SweepPlan plan(base, {parseSweepAxis("particles.count=3,30,10"), parseSweepAxis("run.steps=100,400")}, 2);
    const auto sorted = largestFirst(plan, plan.cells());
    REQUIRE(static_cast<std::int64_t>(sorted.size()) == plan.cellCount());
    std::vector<std::int64_t> seen;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        seen.push_back(sorted[i].index);
        if (i == 0) continue;
        const auto work = [](const SweepCell& c) { return std::stol(c.values[0]) * std::stol(c.values[1]); };
        CHECK(work(sorted[i - 1]) >= work(sorted[i]));
        if (work(sorted[i - 1]) == work(sorted[i])) CHECK(sorted[i - 1].index < sorted[i].index);
    }
    // m = 30 with 400 steps first (cells 6 and 7: the first axis varies slowest), m = 3 with 100 last.
    CHECK(seen.front() == 6);
    CHECK(seen[1] == 7);
    CHECK(seen.back() == 1);
    std::sort(seen.begin(), seen.end());
    for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == static_cast<std::int64_t>(i));
}
