#include "comparison.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "file_io.hpp"
#include "flow_gate.hpp"
#include "input_error.hpp"
#include "scenario_library.hpp"

namespace flowscope {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

[[noreturn]] void refuse(const std::string& origin, const std::string& what) { throw InputError(origin + ": " + what); }

const json& require(const json& object, const char* key, const std::string& origin, const std::string& where = "") {
    if (!object.contains(key)) refuse(origin, "key '" + where + key + "' is missing");
    return object.at(key);
}

std::string stringAt(const json& object, const char* key, const std::string& origin, const std::string& where = "") {
    const json& v = require(object, key, origin, where);
    if (!v.is_string() || v.get<std::string>().empty()) refuse(origin, "key '" + where + key + "' must be a non-empty string");
    return v.get<std::string>();
}

double positiveAt(const json& object, const char* key, const std::string& origin, const std::string& where = "") {
    const json& v = require(object, key, origin, where);
    if (!v.is_number() || !(v.get<double>() > 0.0) || !std::isfinite(v.get<double>()))
        refuse(origin, "key '" + where + key + "' must be a positive number, not " + v.dump());
    return v.get<double>();
}

void onlyKeys(const json& object, std::initializer_list<const char*> known, const std::string& origin, const std::string& where) {
    for (const auto& [key, value] : object.items()) {
        (void)value;
        if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; }))
            refuse(origin, "unknown key '" + where + key + "'");
    }
}

// The base named beside the comparison file, or a preset.
Scenario loadBase(const std::string& name, const std::string& origin) {
    const fs::path beside = fs::path(origin).parent_path() / name;
    std::error_code error;
    if (name.find('/') != std::string::npos && fs::is_regular_file(beside, error)) return loadScenario(beside.string());
    try {
        return loadScenarioNamed(name);
    } catch (const InputError& e) {
        refuse(origin, std::string("key 'scenario': ") + e.what());
    }
}

// Every run covers the comparison's flow time in its own steps (unless it sets run.steps).
void fitSteps(ComparisonRun& run, double time, const std::string& origin) {
    for (const auto& setting : run.settings)
        if (setting.first == "run.steps") return;
    const double steps = std::ceil(time / run.scenario.dynamics.stepSize - 1e-9);
    if (steps > double(std::numeric_limits<int>::max()))
        refuse(origin, "key 'time' = " + std::to_string(time) + " needs more than 2^31 steps of run '" + run.label + "'");
    run.scenario.run.steps = std::max(1, int(steps));
}

}  // namespace

Comparison comparisonFromJson(const json& j, const std::string& origin) {
    if (!j.is_object()) refuse(origin, "a comparison is a JSON object");
    onlyKeys(j, {"name", "description", "scenario", "time", "runs", "claim"}, origin, "");
    Comparison c;
    c.name = stringAt(j, "name", origin);
    if (j.contains("description")) c.description = stringAt(j, "description", origin);
    c.base = stringAt(j, "scenario", origin);
    const Scenario base = loadBase(c.base, origin);
    c.time = j.contains("time") ? positiveAt(j, "time", origin) : base.run.steps * base.dynamics.stepSize;

    const json& runs = require(j, "runs", origin);
    if (!runs.is_array() || runs.size() < 2 || runs.size() > kMaxComparedRuns)
        refuse(origin, "key 'runs' must list 2 to " + std::to_string(kMaxComparedRuns) + " runs");
    std::set<std::string> labels;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const std::string where = "runs[" + std::to_string(i) + "].";
        const json& r = runs[i];
        if (!r.is_object()) refuse(origin, "key 'runs[" + std::to_string(i) + "]' must be an object");
        onlyKeys(r, {"label", "set"}, origin, where);
        ComparisonRun run;
        run.label = stringAt(r, "label", origin, where);
        if (!labels.insert(run.label).second) refuse(origin, "key '" + where + "label': '" + run.label + "' names two runs");
        run.scenario = base;
        const json& set = require(r, "set", origin, where);
        if (!set.is_object()) refuse(origin, "key '" + where + "set' must be an object of scenario keys and values");
        for (const auto& [key, value] : set.items()) {
            run.settings.emplace_back(key, value.dump());
            setScenarioValue(run.scenario, key, value.is_string() ? value.get<std::string>() : value.dump(),
                             origin + " " + where + "set");
        }
        fitSteps(run, c.time, origin);
        c.runs.push_back(std::move(run));
    }

    if (j.contains("claim")) {
        const json& k = j.at("claim");
        if (!k.is_object()) refuse(origin, "key 'claim' must be an object");
        onlyKeys(k, {"text", "metric", "lower", "higher", "factor", "lower_below", "higher_above"}, origin, "claim.");
        ComparisonClaim claim;
        claim.text = stringAt(k, "text", origin, "claim.");
        if (k.contains("metric")) claim.metric = stringAt(k, "metric", origin, "claim.");
        if (!std::set<std::string>{"objective", "loss", "excess", "grad_norm"}.count(claim.metric))
            refuse(origin, "key 'claim.metric' = \"" + claim.metric + "\" is not one of objective, loss, excess, grad_norm");
        claim.lower = stringAt(k, "lower", origin, "claim.");
        claim.higher = stringAt(k, "higher", origin, "claim.");
        for (const std::string* label : {&claim.lower, &claim.higher})
            if (!labels.count(*label)) refuse(origin, "key 'claim." + std::string(label == &claim.lower ? "lower" : "higher") +
                                                          "' = \"" + *label + "\" is not the label of a run");
        if (k.contains("factor")) claim.factor = positiveAt(k, "factor", origin, "claim.");
        if (k.contains("lower_below")) claim.lowerBelow = positiveAt(k, "lower_below", origin, "claim.");
        if (k.contains("higher_above")) claim.higherAbove = positiveAt(k, "higher_above", origin, "claim.");
        c.claim = claim;
    }
    return c;
}

Comparison loadComparison(const std::string& path) {
    std::error_code error;
    if (fs::is_directory(path, error)) throw InputError(path + ": is a directory, not a comparison file");
    const std::string text = readRegularFile(path, "comparison file", 1u << 20);
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw InputError(path + ": not valid JSON (" + std::string(e.what()) + ")");
    }
    return comparisonFromJson(j, path);
}

// Beside the presets' folder, wherever the presets are found.
std::string comparisonDirectory() { return (fs::path(presetDirectory()).parent_path() / "comparisons").string(); }

std::vector<std::string> comparisonNames() { return jsonNamesIn(comparisonDirectory()); }

Comparison loadComparisonNamed(const std::string& nameOrPath) {
    return loadComparison(resolveNamedJson(nameOrPath, comparisonDirectory(), "comparison", "built-in comparison", "built in"));
}

std::vector<VariedKey> variedKeys(const std::vector<std::string>& vary, const std::string& option) {
    const std::string named = option.empty() ? "" : option + " ";
    if (vary.empty()) throw InputError((option.empty() ? "" : option + ": ") + "give at least one KEY=V1,V2,...");
    std::vector<VariedKey> axes;
    for (const std::string& spec : vary) {
        const auto eq = spec.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
            throw InputError(named + spec + ": expected KEY=V1,V2,..., e.g. " + named + "particles.count=3,100");
        std::vector<std::string> values;
        std::size_t from = eq + 1;
        for (;;) {
            const auto comma = spec.find(',', from);
            values.push_back(spec.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
            if (comma == std::string::npos) break;
            from = comma + 1;
        }
        if (values.size() < 2 || values.size() > kMaxComparedRuns)
            throw InputError(named + spec + ": give 2 to " + std::to_string(kMaxComparedRuns) + " values");
        if (!axes.empty() && values.size() != axes.front().values.size())
            throw InputError(named + spec + ": " + std::to_string(values.size()) + " values where " + named + axes.front().key +
                             " gave " + std::to_string(axes.front().values.size()));
        axes.push_back({spec.substr(0, eq), values});
    }
    return axes;
}

Comparison comparisonOfValues(const Scenario& base, const std::string& baseName, const std::vector<std::string>& vary,
                              const std::string& option) {
    const std::vector<VariedKey> axes = variedKeys(vary, option);
    const std::string named = option.empty() ? "" : option + " ";
    Comparison c;
    c.name = baseName + " by " + axes.front().key;
    c.base = baseName;
    c.time = base.run.steps * base.dynamics.stepSize;
    for (std::size_t i = 0; i < axes.front().values.size(); ++i) {
        ComparisonRun run;
        run.scenario = base;
        for (const auto& [key, values] : axes) {
            setScenarioValue(run.scenario, key, values[i], named + key + "=" + values[i]);
            run.settings.emplace_back(key, values[i]);
            run.label += (run.label.empty() ? "" : ", ") + key + " = " + values[i];
        }
        fitSteps(run, c.time, option.empty() ? "compare" : option);
        c.runs.push_back(std::move(run));
    }
    return c;
}

void setComparisonTime(Comparison& c, double time) {
    if (!(time > 0.0) || !std::isfinite(time)) throw InputError("time " + std::to_string(time) + " must be a positive flow time");
    c.time = time;
    for (ComparisonRun& run : c.runs) fitSteps(run, time, "time");
}

double claimMetric(const HistoryPoint& p, const std::string& metric) {
    if (metric == "objective") return p.objective;
    if (metric == "loss") return p.loss;
    if (metric == "grad_norm") return p.gradNorm;
    return p.excess;
}

std::string claimViolation(const Comparison& c, const std::vector<HistoryPoint>& finals) {
    if (!c.claim) return "";
    const ComparisonClaim& k = *c.claim;
    double lower = NAN, higher = NAN;
    for (std::size_t i = 0; i < c.runs.size() && i < finals.size(); ++i) {
        if (c.runs[i].label == k.lower) lower = claimMetric(finals[i], k.metric);
        if (c.runs[i].label == k.higher) higher = claimMetric(finals[i], k.metric);
    }
    const auto show = [](double x) {
        char text[32];
        std::snprintf(text, sizeof text, "%.3g", x);
        return std::string(text);
    };
    const std::string values = k.metric + " of " + k.lower + " " + show(lower) + ", of " + k.higher + " " + show(higher);
    if (!(lower * k.factor <= higher)) return values + ": not " + show(k.factor) + " times lower";
    if (k.lowerBelow && !(lower < *k.lowerBelow)) return values + ": " + k.lower + " not below " + show(*k.lowerBelow);
    if (k.higherAbove && !(higher > *k.higherAbove)) return values + ": " + k.higher + " not above " + show(*k.higherAbove);
    return "";
}

void runInLockstep(const std::vector<Simulation*>& runs, const std::function<void(std::size_t)>& afterStep) {
    std::vector<std::int64_t> left(runs.size());
    for (std::size_t r = 0; r < runs.size(); ++r) left[r] = std::max(0, runs[r]->scenario().run.steps);
    for (;;) {
        // The run whose next step reaches the earliest flow time (the first of equals).
        std::size_t next = runs.size();
        double least = std::numeric_limits<double>::infinity();
        for (std::size_t r = 0; r < runs.size(); ++r) {
            if (left[r] == 0) continue;
            const double t = runs[r]->time() + runs[r]->scenario().dynamics.stepSize;
            if (next == runs.size() || !stepsInTurn(least, t)) next = r, least = t;
        }
        if (next == runs.size()) break;
        Simulation& sim = *runs[next];
        const bool stopOnConvergence = sim.scenario().convergence.tolerance > 0.0;
        if (sim.advance() && !(stopOnConvergence && sim.status() == RunStatus::Converged)) --left[next];
        else left[next] = 0;  // diverged or converged: it stops there
        if (afterStep) afterStep(next);
    }
    for (Simulation* sim : runs) sim->recordCurrent();  // every curve ends at its last state
}

std::vector<std::unique_ptr<Simulation>> playComparison(const Comparison& comparison) {
    std::vector<std::unique_ptr<Simulation>> sims;
    std::vector<Simulation*> runs;
    for (const ComparisonRun& run : comparison.runs) {
        sims.push_back(std::make_unique<Simulation>(run.scenario));
        runs.push_back(sims.back().get());
    }
    runInLockstep(runs);
    return sims;
}

}  // namespace flowscope
