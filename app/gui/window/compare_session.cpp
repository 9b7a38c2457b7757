#include "compare_session.hpp"

#include <algorithm>
#include <limits>

#include "input_error.hpp"
#include "palette.hpp"

namespace flowscope::gui {

Comparison comparisonOfSpecs(const std::vector<std::string>& specs, const Scenario& base, const std::string& baseName,
                             const std::vector<std::pair<std::string, std::string>>& sets) {
    const bool named = specs.size() == 1 && specs.front().find('=') == std::string::npos;
    if (!named) return comparisonOfValues(base, baseName, specs);  // `base` has the --set values already
    Comparison c = loadComparisonNamed(specs.front());
    for (ComparisonRun& run : c.runs)
        for (const auto& [key, value] : sets) setScenarioValue(run.scenario, key, value, "--set");
    if (!sets.empty()) setComparisonTime(c, c.time);  // a new step size changes the steps to the same time
    return c;
}

CompareSession::CompareSession(const Comparison& comparison, const EngineOptions& engine, bool lockstep)
    : comparison_(comparison) {
    std::vector<GroupRun> runs;
    for (const ComparisonRun& r : comparison.runs) runs.push_back({r.label, r.scenario});
    EngineGroupOptions options;
    options.engine = engine;
    options.lockstep = lockstep;
    group_ = std::make_unique<EngineGroup>(runs, options);
    for (std::size_t i = 0; i < comparison.runs.size(); ++i) {
        ComparedRun run;
        run.label = comparison.runs[i].label;
        run.settings = comparison.runs[i].settings;
        run.colorIndex = i;
        run.color = palette::runColor(i);
        runs_.push_back(std::move(run));
    }
    posted_.assign(runs_.size(), 0);
}

CompareSession::~CompareSession() = default;

void CompareSession::update() {
    std::vector<PathFrame> taken;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        runs_[i].color = palette::runColor(runs_[i].colorIndex);  // the scheme may have changed (F6)
        group_->latest(i, runs_[i].snapshot);
        group_->engine(i).takePathFrames(taken);
        std::move(taken.begin(), taken.end(), std::back_inserter(runs_[i].pathFrames));
    }
}

bool CompareSession::playing() const {
    return std::any_of(runs_.begin(), runs_.end(), [](const ComparedRun& r) { return r.snapshot.playing; });
}

void CompareSession::togglePlay() {
    if (playing()) pause();
    else play();
}

void CompareSession::remove(std::size_t i) {
    if (i >= runs_.size()) return;
    group_->remove(i);
    runs_.erase(runs_.begin() + std::ptrdiff_t(i));
    comparison_.runs.erase(comparison_.runs.begin() + std::ptrdiff_t(i));
    posted_.erase(posted_.begin() + std::ptrdiff_t(i));
}

double CompareSession::firstTime() const {
    double t = std::numeric_limits<double>::infinity();
    for (const ComparedRun& r : runs_) t = std::min(t, r.snapshot.timelineFirstTime);
    return runs_.empty() ? 0.0 : t;
}

double CompareSession::lastTime() const {
    double t = 0.0;
    for (const ComparedRun& r : runs_) t = std::max(t, r.snapshot.timelineLastTime);
    return t;
}

double CompareSession::shownTime() const {
    double t = std::numeric_limits<double>::infinity();
    for (const ComparedRun& r : runs_) t = std::min(t, r.snapshot.current.time);
    return runs_.empty() ? 0.0 : t;
}

bool CompareSession::past() const {
    return std::any_of(runs_.begin(), runs_.end(), [](const ComparedRun& r) { return r.snapshot.past; });
}

void CompareSession::notePosted() {
    for (std::size_t i = 0; i < runs_.size(); ++i) posted_[i] = group_->engine(i).commandsPosted();
}

bool CompareSession::settled() const {
    for (std::size_t i = 0; i < runs_.size(); ++i)
        if (runs_[i].snapshot.commandsApplied < posted_[i]) return false;
    return true;
}

void CompareSession::seekTime(double time) {
    group_->seekTime(time);
    notePosted();
}

// A seek at or past a run's own time shows its present (Engine::seekTime).
void CompareSession::present() { seekTime(std::numeric_limits<double>::max()); }

std::string CompareSession::refusal(const std::string& key) const {
    for (const ComparisonRun& run : comparison_.runs)
        for (const auto& setting : run.settings)
            if (setting.first == key)
                return "the runs differ in " + key + ": to compare other values, Compare with... again (C); to change one run, its Single view";
    return std::string();
}

void CompareSession::reseed(std::uint64_t seed) {
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        comparison_.runs[i].scenario.init.seed = seed;
        group_->engine(i).reseed(seed);
    }
}

double CompareSession::scaleStepSize(double factor) {
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        double& eta = comparison_.runs[i].scenario.dynamics.stepSize;
        eta *= factor;  // the next key repeat scales the value just asked for
        group_->engine(i).setStepSize(eta);
    }
    return runs_.empty() ? 0.0 : comparison_.runs[0].scenario.dynamics.stepSize;
}

void CompareSession::setParticleCount(int count) {
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        comparison_.runs[i].scenario.particleCount = count;
        group_->engine(i).setParticleCount(count);
    }
}

double CompareSession::estimateStepSeconds(int count) const {
    double seconds = 0.0;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        Scenario candidate = comparison_.runs[i].scenario;
        candidate.particleCount = count;
        seconds += group_->engine(i).estimateStepSeconds(candidate);
    }
    return seconds;
}

void CompareSession::advanceAndWait(double flowTime) {
    const double left = comparison_.time - shownTime();
    const double by = std::min(flowTime, left);
    // Within a hair of the end (round-off of t = k eta): nothing more to take.
    if (by > 1e-9 * std::max(1.0, comparison_.time)) {
        group_->step(by);
        group_->waitForSteps();
    }
    update();
}

void CompareSession::sync() {
    group_->sync();
    update();
}

}  // namespace flowscope::gui
