#pragma once
// A comparison: 2 to 4 labelled variants of one base scenario that differ in one or more
// keys and share everything else, the truth included, run side by side on the same flow
// time. The paper's claims are comparisons (few particles against many, a separating start
// against a point, mean field against lazy, Euler against the conic flow); the built-in
// ones are JSON files in assets/comparisons, validated like scenarios:
//
//     { "name": "few-vs-many", "description": "...",
//       "scenario": "relu2d-few",             a preset name or a scenario file beside it
//       "time": 6000,                         flow time of every run (default: the base's
//                                             run.steps x step size)
//       "runs": [ { "label": "m = 3",   "set": { "particles.count": 3 } },
//                 { "label": "m = 100", "set": { "particles.count": 100 } } ],
//       "claim": { "text": "...", "metric": "excess",   what the comparison shows, checked
//                  "lower": "m = 100", "higher": "m = 3",   on its seed by the claims suite:
//                  "factor": 1000, "lower_below": 1e-6,      final lower x factor <= final higher,
//                  "higher_above": 1e-3 } }                  and the optional bounds
//
// Each run's run.steps is the flow time over its own step size (unless it sets run.steps),
// so a run with half the step size takes twice the steps.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "simulation.hpp"

namespace flowscope {

struct ComparisonRun {
    std::string label;
    std::vector<std::pair<std::string, std::string>> settings;  // key, value as JSON text
    Scenario scenario;                                           // the base with them applied
};

struct ComparisonClaim {
    std::string text;
    std::string metric = "excess";  // objective | loss | excess | grad_norm
    std::string lower, higher;      // run labels
    double factor = 1.0;
    std::optional<double> lowerBelow, higherAbove;
};

struct Comparison {
    std::string name = "untitled";
    std::string description;
    std::string base;          // the scenario it varies, as named
    double time = 0.0;         // flow time of every run
    std::vector<ComparisonRun> runs;
    std::optional<ComparisonClaim> claim;
};

constexpr std::size_t kMaxComparedRuns = 4;

// Throws InputError naming `origin` and the key.
Comparison comparisonFromJson(const nlohmann::json& json, const std::string& origin);
Comparison loadComparison(const std::string& path);
// The folder of built-in comparisons: `comparisons` beside the presets' folder (scenario_library.hpp).
std::string comparisonDirectory();
std::vector<std::string> comparisonNames();
// A path if `nameOrPath` is an existing file, else the built-in comparison of that name.
Comparison loadComparisonNamed(const std::string& nameOrPath);
// What `vary` options "key=v1,v2,..." ask for: each key with its 2 to 4 values, the keys of
// several options zipped (they must give as many values). Checks the form only, not the
// keys; errors name the option as `option` spells it ("--vary", or "" where the caller
// names it itself).
struct VariedKey {
    std::string key;
    std::vector<std::string> values;
};
std::vector<VariedKey> variedKeys(const std::vector<std::string>& vary, const std::string& option = "--vary");
// The variants of `base` given by `vary` options (variedKeys): one run per value, in their
// order. Labels read "key = value".
Comparison comparisonOfValues(const Scenario& base, const std::string& baseName, const std::vector<std::string>& vary,
                              const std::string& option = "--vary");

// Every run to cover `time` (each in its own steps, unless it sets run.steps).
void setComparisonTime(Comparison& comparison, double time);

// A history point's value of a claim's metric.
double claimMetric(const HistoryPoint& point, const std::string& metric);
// "" when the claim holds for the runs' final points (in the comparison's run order),
// else what failed, in words.
std::string claimViolation(const Comparison& comparison, const std::vector<HistoryPoint>& finals);

// Steps the simulations in lockstep on flow time (flow_gate.hpp's rule, on the calling
// thread): always the run whose next step reaches the earliest time, until each has done
// its run.steps (or diverged, or converged). afterStep(run) follows each step.
void runInLockstep(const std::vector<Simulation*>& runs, const std::function<void(std::size_t)>& afterStep = {});

// A simulation per run of the comparison, played in lockstep (runInLockstep) to its end.
std::vector<std::unique_ptr<Simulation>> playComparison(const Comparison& comparison);

}  // namespace flowscope
