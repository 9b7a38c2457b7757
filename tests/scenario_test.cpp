// Scenario files: presets, validation with named keys, round trips.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "input_error.hpp"
#include "scenario_library.hpp"
#include "simulation.hpp"

using namespace flowscope;

namespace {
doctest::String errorOf(const std::string& text) {
    try {
        parseScenario(text, "bad.json");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST_CASE("every preset loads, names itself after its file and takes a few steps") {
    const auto names = presetNames();
    for (const char* expected : {"deconv1d", "deconv1d-few", "deconv2d", "relu2d", "relu2d-few", "sigmoid2d", "relu-highdim"})
        CHECK(std::find(names.begin(), names.end(), expected) != names.end());
    for (const auto& name : names) {
        INFO(name);
        const Scenario s = loadScenarioNamed(name);
        CHECK(s.name == name);
        CHECK(!s.description.empty());
        Simulation sim(s);
        CHECK(sim.run(3) == 3);
        CHECK(sim.current().objective <= sim.history().points().front().objective);
    }
}

TEST_CASE("a resolved scenario reads back to itself") {
    for (const auto& name : presetNames()) {
        const nlohmann::json resolved = scenarioToJson(loadScenarioNamed(name));
        CHECK(scenarioToJson(scenarioFromJson(resolved, "resolved")) == resolved);
    }
}

TEST_CASE("bad scenarios are refused with the file and the key named") {
    CHECK(errorOf(R"({"dynamics": {"step_sise": 0.1}})") ==
          doctest::Contains("bad.json: unknown key 'dynamics.step_sise'"));
    CHECK(errorOf(R"({"dynamics": {"step_size": "big"}})") == doctest::Contains("'dynamics.step_size' must be a number"));
    CHECK(errorOf(R"({"dynamics": {"step_size": -1}})") == doctest::Contains("'dynamics.step_size' = -1 is outside (0,"));
    CHECK(errorOf(R"({"dynamics": {"step_size": 0}})") == doctest::Contains("dynamics.step_size"));
    CHECK(errorOf(R"({"particles": {"count": 2.5}})") == doctest::Contains("'particles.count' must be an integer"));
    CHECK(errorOf(R"({"particles": {"count": -3}})") == doctest::Contains("'particles.count' = -3 is outside"));
    CHECK(errorOf(R"({"particles": {"count": 1e300}})") == doctest::Contains("particles.count"));
    CHECK(errorOf(R"({"network": {"activation": "tanh"}})") == doctest::Contains("one of: relu sigmoid"));
    CHECK(errorOf(R"({"network": {"bias": 1}})") == doctest::Contains("'network.bias' must be true or false"));
    CHECK(errorOf(R"({"run": {"seed": 1}, "run": {"steps": 3}})") == doctest::Contains("duplicate key 'run'"));
    CHECK(errorOf(R"({"run": {"seed": 1, "seed": 2}})") == doctest::Contains("duplicate key 'seed'"));
    CHECK(errorOf(R"({"run": {"seed": 1)") == doctest::Contains("bad.json: not valid JSON"));
    CHECK(errorOf("") == doctest::Contains("not valid JSON"));
    CHECK(errorOf("\x01\xff\xfe garbage") == doctest::Contains("not valid JSON"));
    CHECK(errorOf("[1, 2]") == doctest::Contains("must be a JSON object"));
    CHECK(errorOf(R"({"dynamics": {"step_size": NaN}})") == doctest::Contains("not valid JSON"));
    CHECK(errorOf(R"({"init": {"interval": [0.5, 0.2]}})") == doctest::Contains("init.interval"));
}

TEST_CASE("inconsistent combinations are refused with the key named") {
    CHECK(errorOf(R"({"network": {"activation": "sigmoid", "risk": "population"}})") ==
          doctest::Contains("'network.risk'"));
    CHECK(errorOf(R"({"problem": {"kind": "deconvolution"}, "init": {"kind": "sphere"}})") ==
          doctest::Contains("'init.kind'"));
    CHECK(errorOf(R"({"regularizer": {"kind": "weight_decay"}, "dynamics": {"kind": "conic"}})") ==
          doctest::Contains("'dynamics.kind'"));
    CHECK(errorOf(R"({"problem": {"kind": "deconvolution"}, "init": {"kind": "grid"}, "truth": {"count": 20, "min_separation": 0.2}})") ==
          doctest::Contains("'truth.min_separation'"));
}

namespace {
// The words a choice key allows, from its documented range ("one of: a b c"); empty for other keys.
std::vector<std::string> choicesOf(const ScenarioKey& key) {
    std::vector<std::string> words;
    if (key.range.rfind("one of:", 0) != 0) return words;
    std::istringstream in(key.range.substr(7));
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

nlohmann::json withKey(nlohmann::json root, const std::string& path, const nlohmann::json& value) {
    nlohmann::json* node = &root;
    std::size_t start = 0;
    for (std::size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1)
        node = &(*node)[path.substr(start, dot - start)];
    (*node)[path.substr(start)] = value;
    return root;
}
}  // namespace

TEST_CASE("an unknown word for any choice key is refused when the scenario is read, naming the key") {
    int choiceKeys = 0;
    for (const ScenarioKey& key : scenarioKeys()) {
        if (choicesOf(key).empty()) continue;
        ++choiceKeys;
        INFO(key.path);
        const std::string text = withKey(nlohmann::json::object(), key.path, "no_such_choice").dump();
        CHECK(errorOf(text) == doctest::Contains(("bad.json: key '" + key.path + "' = \"no_such_choice\" is not one of:").c_str()));
        Scenario s;
        CHECK_THROWS_WITH_AS(setScenarioValue(s, key.path, "no_such_choice", "--set"),
                             doctest::Contains(("'" + key.path + "'").c_str()), InputError);
    }
    CHECK(choiceKeys == 13);  // problem, filter, signs, activation, risk, population kernel, loss, data, regularizer, init kind and weights, dynamics, precision
}

TEST_CASE("every word of every choice key reads into its enum and writes back as the same word") {
    // Two bases, so that every word meets a problem it applies to.
    std::vector<nlohmann::json> bases{scenarioToJson(loadScenarioNamed("deconv1d")),
                                      withKey(scenarioToJson(loadScenarioNamed("relu2d")), "network.risk", "empirical")};
    for (const ScenarioKey& key : scenarioKeys())
        for (const std::string& word : choicesOf(key)) {
            INFO(key.path, " = ", word);
            int accepted = 0;
            for (const auto& base : bases) {
                Scenario s;
                try {
                    s = scenarioFromJson(withKey(base, key.path, word), "round trip");
                } catch (const InputError&) {
                    continue;  // a combination the other base takes
                }
                ++accepted;
                const nlohmann::json back = scenarioToJson(s);
                const nlohmann::json* node = &back;
                std::size_t start = 0;
                for (std::size_t dot; (dot = key.path.find('.', start)) != std::string::npos; start = dot + 1)
                    node = &node->at(key.path.substr(start, dot - start));
                CHECK(node->at(key.path.substr(start)) == word);
            }
            CHECK(accepted >= 1);
        }
}

TEST_CASE("each enum's table names every value once and reads each name back") {
    auto check = [](auto tag) {
        using E = decltype(tag);
        const auto& table = choiceTable<E>();
        for (std::size_t i = 0; i < table.size(); ++i) {
            CHECK(static_cast<std::size_t>(table[i].value) == i);  // enumerators 0..n-1, each with a row
            CHECK(choiceName(table[i].value) == table[i].name);
            CHECK(choiceNamed<E>(table[i].name) == table[i].value);
        }
        CHECK(!choiceNamed<E>("").has_value());
    };
    check(ProblemKind{});
    check(FilterKind{});
    check(SignPattern{});
    check(Activation{});
    check(RiskKind{});
    check(PopulationKernel{});
    check(RegularizerKind{});
    check(InitKind{});
    check(InitWeights{});
    check(DynamicsKind{});
    check(Precision{});
}

TEST_CASE("every key's widget facts agree with its documented range, and each has a label and a help line") {
    auto shown = [](double x) {
        std::ostringstream out;
        out << x;
        return out.str();
    };
    for (const ScenarioKey& key : scenarioKeys()) {
        INFO(key.path);
        CHECK(!key.label.empty());
        CHECK(!key.help.empty());
        CHECK(key.choices == choicesOf(key));
        if (key.type == "number" || key.type == "integer") {
            if (key.path == "truth.seed" || key.path == "init.seed") continue;  // null or an integer
            REQUIRE(key.bounded);
            CHECK(key.range == (key.openLo ? "(" : "[") + shown(key.lo) + ", " + shown(key.hi) + "]");
            CHECK(key.step == (key.type == "integer" ? 1.0 : 0.0));
            CHECK(key.logScale == (key.hi / (key.lo > 0.0 ? key.lo : 1.0) > 1e3));
        } else {
            CHECK(!key.bounded);
        }
    }
    // The facts the issue's examples name: the table's bounds, not a control's guess.
    const auto find = [](const std::string& path) {
        for (const ScenarioKey& k : scenarioKeys())
            if (k.path == path) return k;
        FAIL("no key " << path);
        return ScenarioKey{};
    };
    CHECK(find("dynamics.step_size").hi == 1e6);
    CHECK(find("dynamics.step_size").logScale);
    CHECK(find("particles.count").hi == 1e8);
    CHECK(!find("deconvolution.width").logScale);
}

TEST_CASE("a particle count whose memory exceeds the machine is refused before allocating") {
    Scenario s = loadScenarioNamed("relu-highdim");
    CHECK_THROWS_WITH_AS(setScenarioValue(s, "particles.count", "100000000", "--set"),
                         doctest::Contains("'particles.count' = 100000000 needs about"), InputError);
    CHECK(s.particleCount == 200);  // unchanged
}

TEST_CASE("setting one key from text: numbers, bare words and JSON") {
    Scenario s = loadScenarioNamed("relu2d");
    setScenarioValue(s, "dynamics.step_size", "0.25", "--set");
    setScenarioValue(s, "network.risk", "\"empirical\"", "--set");
    setScenarioValue(s, "network.activation", "sigmoid", "--set");
    setScenarioValue(s, "init.interval", "[0.1, 0.2]", "--set");
    CHECK(s.dynamics.stepSize == 0.25);
    CHECK(s.network.activation == Activation::Sigmoid);
    CHECK(s.network.risk == RiskKind::Empirical);
    CHECK(s.init.intervalHi == 0.2);
    CHECK_THROWS_WITH_AS(setScenarioValue(s, "dynamics.eta", "1", "--set"), doctest::Contains("unknown key 'dynamics.eta'"),
                         InputError);
}

TEST_CASE("missing files and unknown presets are named") {
    CHECK_THROWS_WITH_AS(loadScenarioNamed("no-such-preset"), doctest::Contains("no-such-preset: no such scenario"), InputError);
    const std::string empty = "/tmp/flowscope-empty-scenario.json";
    std::ofstream(empty).close();
    CHECK_THROWS_WITH_AS(loadScenario(empty), doctest::Contains("is empty"), InputError);
}

TEST_CASE("docs/scenario.md documents every key") {
    std::ifstream in(std::string(FLOWSCOPE_SOURCE_DIR) + "/docs/scenario.md");
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    for (const auto& key : scenarioKeys()) {
        INFO(key.path);
        CHECK(text.str().find("`" + key.path + "`") != std::string::npos);
    }
}

TEST_CASE("truth.seed and init.seed follow run.seed when absent or null, and are their own when set") {
    Scenario s = loadScenarioNamed("relu2d");
    setScenarioValue(s, "run.seed", "42", "--set");
    CHECK(s.truthSeed() == 42);
    CHECK(s.initSeed() == 42);
    setScenarioValue(s, "truth.seed", "7", "--set");
    CHECK(s.truthSeed() == 7);
    CHECK(s.initSeed() == 42);
    setScenarioValue(s, "init.seed", "9007199254740992", "--set");
    CHECK(s.initSeed() == 9007199254740992ULL);
    // The resolved form keeps a set seed and writes a following one as null, which follows again.
    setScenarioValue(s, "truth.seed", "null", "--set");
    const nlohmann::json resolved = scenarioToJson(s);
    CHECK(resolved["truth"]["seed"].is_null());
    CHECK(resolved["init"]["seed"] == 9007199254740992ULL);
    const Scenario back = scenarioFromJson(resolved, "resolved");
    CHECK(back.truthSeed() == 42);
    CHECK(back.initSeed() == 9007199254740992ULL);
    CHECK(!parseScenario(R"({"run": {"seed": 5}})", "absent.json").truth.seed.has_value());
    CHECK(errorOf(R"({"truth": {"seed": -1}})") == doctest::Contains("'truth.seed' = -1 is outside"));
    CHECK(errorOf(R"({"init": {"seed": 1.5}})") == doctest::Contains("'init.seed' must be an integer"));
    CHECK(errorOf(R"({"init": {"seed": "one"}})") == doctest::Contains("'init.seed' must be an integer"));
    CHECK(errorOf(R"({"truth": {"seed": 1e300}})") == doctest::Contains("'truth.seed'"));
}
