// Sweep grids and results files: cell counts refused before they overflow, values that
// survive CSV (commas, quotes, line breaks), and damaged rows reported with their line
// and dropped without losing the rows after them.
#include <doctest/doctest.h>

#include <algorithm>

#include "input_error.hpp"
#include "machine_memory.hpp"
#include "memory_estimate.hpp"
#include "scenario_library.hpp"
#include "sweep_results.hpp"

using namespace flowscope;

namespace {

// A plan whose values need quoting: a comma, a quote, a line break (set directly on the
// axis, as a list on the command line cannot hold a comma).
SweepPlan oddPlan() {
    Scenario base = loadScenarioNamed("relu2d-few");
    std::vector<SweepAxis> axes = {{"particles.count", {"2", "3"}},
                                   {"description", {"a,b", "say \"hi\"", "two\nlines", "plain"}}};
    return SweepPlan(base, axes, 2);
}

SweepResult resultFor(const SweepPlan& plan, std::int64_t index) {
    SweepResult r;
    r.cell = plan.cell(index);
    r.status = index % 3 == 0 ? RunStatus::Converged : RunStatus::Running;
    r.steps = 10 + index;
    r.time = 0.5 * index;
    r.objective = 1.0 / (index + 1);
    r.excess = index % 2 ? NAN : 0.25;  // a network's excess may be NaN
    r.recovered = -1;
    return r;
}

std::string wholeFile(const SweepPlan& plan) {
    std::string text = sweepResultsHeader(plan) + "\n";
    for (std::int64_t i = 0; i < plan.cellCount(); ++i) text += formatSweepResult(resultFor(plan, i));
    return text;
}

int lineOf(const std::string& text, std::size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

}  // namespace

TEST_CASE("grid cell counts are refused past the limit, before they can overflow") {
    const Scenario base = loadScenarioNamed("relu2d-few");
    std::vector<std::string> many;
    for (int k = 1; k <= 2000; ++k) many.push_back(std::to_string(k));
    // 2000^6 overflows 64 bits; the count stops at the limit long before.
    std::vector<SweepAxis> axes;
    for (const char* key : {"particles.count", "run.steps", "network.samples", "run.record_every", "network.batch_size",
                            "truth.count"})
        axes.push_back({key, many});
    CHECK_THROWS_WITH_AS(SweepPlan(base, axes, 1), doctest::Contains("more than the 1000000 cells"), InputError);
    // Exactly at the limit is accepted (one axis, so validating each value stays quick).
    std::vector<std::string> steps;
    for (int k = 0; k < 1000; ++k) steps.push_back(std::to_string(k));
    const SweepPlan atLimit(base, {{"run.steps", steps}}, 1000);
    CHECK(atLimit.cellCount() == kMaxSweepCells);
    CHECK_THROWS_WITH_AS(SweepPlan(base, {{"run.steps", steps}}, 1001), doctest::Contains("1000000 cells"), InputError);
}

TEST_CASE("every seed of a sweep is checked against run.seed's range up front") {
    const Scenario base = loadScenarioNamed("relu2d-few");
    const std::uint64_t top = 9007199254740992ULL;  // run.seed's largest value
    CHECK_NOTHROW(SweepPlan(base, {}, 3, top - 2));
    CHECK_THROWS_WITH_AS(SweepPlan(base, {}, 4, top - 2), doctest::Contains("--first-seed"), InputError);
    CHECK_THROWS_AS(SweepPlan(base, {}, 2, ~std::uint64_t(0)), InputError);  // would wrap around
}

TEST_CASE("--jobs counts every concurrent run in the memory check") {
    const SweepPlan plan(loadScenarioNamed("relu2d-few"), {}, 1);
    CHECK(plan.peakMemoryBytes() == doctest::Approx(estimateMemoryBytes(plan.scenarioFor(plan.cell(0)))));
    CHECK_NOTHROW(plan.requireMemoryFor(1));
    const int tooMany = static_cast<int>(usableMemoryBytes() / plan.peakMemoryBytes()) + 1;
    if (tooMany > 0) CHECK_THROWS_WITH_AS(plan.requireMemoryFor(tooMany), doctest::Contains("--jobs"), InputError);
}

TEST_CASE("values with commas, quotes and line breaks survive the results file") {
    const SweepPlan plan = oddPlan();
    const std::string text = wholeFile(plan);
    const auto reading = readSweepResults(text, plan, "r.csv");
    CHECK(reading.clean);
    CHECK(reading.problems.empty());
    CHECK(reading.keptText == text);
    CHECK(static_cast<std::int64_t>(reading.finished.size()) == plan.cellCount());
    // Each kept row is found again by its span, line breaks inside values and all (merge
    // takes rows by it).
    REQUIRE(static_cast<std::int64_t>(reading.rows.size()) == plan.cellCount());
    for (const auto& row : reading.rows)
        CHECK(reading.keptText.substr(row.offset, row.length) == formatSweepResult(resultFor(plan, row.cell)));
}

TEST_CASE("a damaged row is reported with its line and dropped; the rows after it are kept") {
    const SweepPlan plan = oddPlan();
    const std::string text = wholeFile(plan);
    const std::size_t rowStart = text.find("\n5,") + 1;  // cell 5 (its value holds a line break)
    REQUIRE(text.find("two\nlines", rowStart) < text.find("\n6,"));
    struct Damage {
        std::string name, replacement, message;
    };
    const std::string row = text.substr(rowStart, text.find("\n6,") + 1 - rowStart);
    const std::vector<Damage> damages = {
        {"a corrupted cell id", "5x" + row.substr(1), "cell '5x' is not a cell"},
        {"a cell id past the grid", "99" + row.substr(1), "cell '99' is not a cell"},
        {"a huge cell id (where stoll threw)", "99999999999999999999" + row.substr(1), "is not a cell"},
        {"another cell's values", "6" + row.substr(1), "has description = "},
        {"a bad status", [&] { std::string r = row; r.replace(r.find("steps"), 5, "stops"); return r; }(), "status 'stops'"},
        {"a missing field", row.substr(0, row.rfind(',')) + "\n", "expected 13 fields, found 12"},
        {"a repeated cell", row + row, "cell 5 appears again"},
    };
    for (const auto& damage : damages) {
        INFO(damage.name);
        const std::string damaged = text.substr(0, rowStart) + damage.replacement + text.substr(rowStart + row.size());
        const auto reading = readSweepResults(damaged, plan, "r.csv");
        CHECK(!reading.clean);
        REQUIRE(reading.problems.size() >= 1);
        // The row's first line; a repeat is reported at the second copy (the row spans two lines).
        const int line = lineOf(text, rowStart) + (damage.name == "a repeated cell" ? 2 : 0);
        CHECK(reading.problems[0].rfind("r.csv:" + std::to_string(line) + ": ", 0) == 0);
        CHECK(reading.problems[0].find(damage.message) != std::string::npos);
        // Every other cell is still there.
        CHECK(static_cast<std::int64_t>(reading.finished.size()) == plan.cellCount() - (damage.name == "a repeated cell" ? 0 : 1));
        CHECK(reading.finished.count(plan.cellCount() - 1) == 1);
        // And the repaired text reads back clean.
        CHECK(readSweepResults(reading.keptText, plan, "r.csv").clean);
    }
}

TEST_CASE("a results file cut at any byte keeps its whole rows and never throws") {
    const SweepPlan plan = oddPlan();
    const std::string text = wholeFile(plan);
    for (std::size_t length = 0; length <= text.size(); ++length) {
        INFO("cut to " << length << " bytes");
        const auto reading = readSweepResults(text.substr(0, length), plan, "r.csv");
        // The rows kept are exactly those whose line end made it to the file.
        std::int64_t whole = 0;
        for (std::int64_t i = 0; i < plan.cellCount(); ++i) {
            const std::size_t end = text.find(formatSweepResult(resultFor(plan, i)));
            if (end + formatSweepResult(resultFor(plan, i)).size() <= length) ++whole;
        }
        CHECK(static_cast<std::int64_t>(reading.finished.size()) == whole);
        CHECK(reading.problems.size() <= 2);  // a cut inside a quoted line break reports both lines
    }
}

TEST_CASE("another sweep's results are refused by their header") {
    const SweepPlan plan = oddPlan();
    CHECK_THROWS_WITH_AS(readSweepResults("cell,network.input_dim,seed,status\n", plan, "r.csv"),
                         doctest::Contains("r.csv:1: holds another sweep's results"), InputError);
    CHECK_THROWS_AS(readSweepResults("garbage", plan, "r.csv"), InputError);
    CHECK(readSweepResults("", plan, "r.csv").empty);
    CHECK(readSweepResults("cell,part", plan, "r.csv").empty);  // a header cut short: rewritten
}
