// Comparisons: the built-in ones read and differ from their base only where they say; bad
// files are refused naming file and key; the runs step in lockstep on flow time; claims
// are judged on the final points.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "comparison.hpp"
#include "input_error.hpp"
#include "scenario_library.hpp"
#include "test_support.hpp"

using namespace flowscope;
namespace fs = std::filesystem;

namespace {

std::string refusal(const std::string& text) {
    const fs::path path = fs::temp_directory_path() / ("flowscope-comparison-" + std::to_string(::getpid()) + ".json");
    std::ofstream(path) << text;
    std::string message;
    try {
        loadComparison(path.string());
    } catch (const InputError& e) {
        message = e.what();
    }
    fs::remove(path);
    // "FILE: what" or, for a run's keys, "FILE runs[i].set: what".
    const std::string file = path.string();
    if (message.rfind(file, 0) != 0) return "(not naming the file) " + message;
    message = message.substr(file.size());
    return message.rfind(": ", 0) == 0 ? message.substr(2) : message.substr(1);
}

std::string withRuns(const std::string& runs, const std::string& more = "") {
    return R"({"name": "t", "scenario": "relu2d", "runs": )" + runs + more + "}";
}

}  // namespace

TEST_CASE("every built-in comparison differs from its base only in the keys its runs set, and shares the truth") {
    const auto names = comparisonNames();
    REQUIRE(names.size() >= 4);
    for (const auto& name : names) {
        INFO(name);
        const Comparison c = loadComparisonNamed(name);
        CHECK(c.name == name);
        REQUIRE(c.claim.has_value());
        const nlohmann::json base = scenarioToJson(loadScenarioNamed(c.base));
        for (const ComparisonRun& run : c.runs) {
            INFO(run.label);
            CHECK(run.scenario.truthSeed() == loadScenarioNamed(c.base).truthSeed());
            // Each run covers the comparison's flow time in its own steps.
            CHECK(run.scenario.run.steps * run.scenario.dynamics.stepSize == doctest::Approx(c.time));
            nlohmann::json differing = nlohmann::json::diff(base, scenarioToJson(run.scenario));
            for (const auto& change : differing) {
                std::string path = change["path"].get<std::string>().substr(1);  // "/particles/count"
                for (char& ch : path) ch = ch == '/' ? '.' : ch;
                if (path == "run.steps") continue;
                bool set = false;
                for (const auto& [key, value] : run.settings) set = set || key == path;
                CHECK_MESSAGE(set, "differs in " << path << " without setting it");
            }
        }
    }
}

TEST_CASE("bad comparisons are refused in one line naming the file and the key") {
    CHECK(refusal(withRuns(R"([{"label": "a", "set": {}}])")) == "key 'runs' must list 2 to 4 runs");
    CHECK(refusal(withRuns(R"([{"label": "a", "set": {}}, {"label": "a", "set": {}}])")) ==
          "key 'runs[1].label': 'a' names two runs");
    CHECK(refusal(withRuns(R"([{"label": "a", "set": {}}, {"label": "b", "set": {"particles.count": 0}}])"))
              .rfind("runs[1].set: key 'particles.count' = 0 is outside", 0) == 0);
    CHECK(refusal(withRuns(R"([{"label": "a", "set": {}}, {"label": "b", "set": {"particles.colour": 1}}])"))
              .find("particles.colour") != std::string::npos);
    CHECK(refusal(withRuns(R"([{"label": "a", "set": {}}, {"label": "b", "sett": {}}])")) == "unknown key 'runs[1].sett'");
    CHECK(refusal(withRuns(R"([{"label": "a", "set": {}}, {"label": "b", "set": {}}])",
                           R"(, "claim": {"text": "x", "lower": "a", "higher": "c"})")) ==
          "key 'claim.higher' = \"c\" is not the label of a run");
    CHECK(refusal(withRuns(R"([{"label": "a", "set": {}}, {"label": "b", "set": {}}])",
                           R"(, "claim": {"text": "x", "metric": "speed", "lower": "a", "higher": "b"})")) ==
          "key 'claim.metric' = \"speed\" is not one of objective, loss, excess, grad_norm");
    CHECK(refusal(withRuns(R"([{"label": "a", "set": {}}, {"label": "b", "set": {}}])", R"(, "time": -1)")) ==
          "key 'time' must be a positive number, not -1");
    CHECK(refusal(R"({"name": "t", "scenario": "nowhere", "runs": []})").rfind("key 'scenario': nowhere: no such scenario", 0) == 0);
    CHECK(refusal("{").rfind("not valid JSON", 0) == 0);
}

TEST_CASE("--vary makes one run per value, zipping several keys; mismatched counts are refused") {
    const Scenario base = loadScenarioNamed("relu2d");
    const Comparison c = comparisonOfValues(base, "relu2d", {"particles.count=3,100", "dynamics.step_size=0.5,0.25"});
    REQUIRE(c.runs.size() == 2);
    CHECK(c.runs[1].label == "particles.count = 100, dynamics.step_size = 0.25");
    CHECK(c.runs[1].scenario.particleCount == 100);
    CHECK(c.runs[1].scenario.run.steps == 2 * base.run.steps);  // same flow time in half steps
    CHECK_THROWS_WITH_AS(comparisonOfValues(base, "relu2d", {"particles.count=3,100", "init.kind=sphere,point,grid"}),
                         "--vary init.kind=sphere,point,grid: 3 values where --vary particles.count gave 2", InputError);
    CHECK_THROWS_AS(comparisonOfValues(base, "relu2d", {"particles.count=3,-1"}), InputError);
}

TEST_CASE("runs in lockstep are within one step of each other on flow time after every step") {
    Scenario coarse = testing::deconvolutionScenario(1, "dirichlet");
    coarse.run.steps = 40;
    Scenario fine = coarse;
    fine.dynamics.stepSize /= 4;
    fine.run.steps = 160;
    Simulation a(coarse), b(fine);
    double worst = 0.0;
    std::vector<std::size_t> order;
    runInLockstep({&a, &b}, [&](std::size_t run) {
        order.push_back(run);
        worst = std::max(worst, std::abs(a.time() - b.time()));
    });
    CHECK(a.stepCount() == 40);
    CHECK(b.stepCount() == 160);
    CHECK(worst <= coarse.dynamics.stepSize * (1 + 1e-9));
    CHECK(order.size() == 200);
    CHECK(a.time() == doctest::Approx(b.time()));
}

TEST_CASE("a claim holds when the lower run's final value times the factor is below the higher's, within its bounds") {
    Comparison c;
    c.runs.resize(2);
    c.runs[0].label = "few";
    c.runs[1].label = "many";
    c.claim = ComparisonClaim{"t", "excess", "many", "few", 1000.0, 1e-6, 1e-3};
    HistoryPoint few, many;
    few.excess = 0.07;
    many.excess = 5e-8;
    CHECK(claimViolation(c, {few, many}) == "");
    many.excess = 1e-4;
    CHECK(claimViolation(c, {few, many}) == "excess of many 0.0001, of few 0.07: not 1e+03 times lower");
    many.excess = 2e-6, few.excess = 1.0;
    CHECK(claimViolation(c, {few, many}) == "excess of many 2e-06, of few 1: many not below 1e-06");
    many.excess = NAN;
    CHECK(!claimViolation(c, {few, many}).empty());
}
