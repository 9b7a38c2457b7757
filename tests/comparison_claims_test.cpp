// The built-in comparisons' claims, each run on its own seed as flowscope-cli compare runs
// it (about 12 s in all: labelled claims with the paper's other experiments).
#include <doctest/doctest.h>

#include "comparison.hpp"

using namespace flowscope;

TEST_CASE("every built-in comparison's claim holds on its default seed") {
    for (const auto& name : comparisonNames()) {
        const Comparison c = loadComparisonNamed(name);
        const std::vector<std::unique_ptr<Simulation>> runs = playComparison(c);
        std::vector<HistoryPoint> finals;
        for (const auto& sim : runs) finals.push_back(sim->current());
        INFO(name << ": " << c.claim->text);
        CHECK(claimViolation(c, finals) == "");
    }
}
