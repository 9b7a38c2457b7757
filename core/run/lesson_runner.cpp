#include "lesson_runner.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>

#include "input_error.hpp"
#include "scenario_library.hpp"
#include "spike_recovery.hpp"

namespace flowscope {

namespace fs = std::filesystem;

Scenario lessonStepScenario(const Lesson& lesson, std::size_t k, const Scenario* current) {
    const LessonStep& step = lesson.steps.at(k);
    const std::string where = lesson.name + " step " + std::to_string(k + 1);
    Scenario scenario;
    if (!step.scenario.empty()) {
        std::error_code error;
        const fs::path beside = fs::path(lesson.folder) / step.scenario;
        scenario = loadScenarioNamed(fs::is_regular_file(beside, error) ? beside.string() : step.scenario);
    } else if (current) {
        scenario = *current;
    } else {
        throw InputError(where + ": no scenario to continue");
    }
    for (const auto& [key, value] : step.set) setScenarioValue(scenario, key, value, where);
    return scenario;
}

Comparison lessonStepComparison(const Lesson& lesson, std::size_t k, const Scenario& scenario) {
    const LessonStep& step = lesson.steps.at(k);
    try {
        Comparison c = comparisonOfValues(scenario, step.scenario, step.compare, "");
        if (step.playFor > 0.0) setComparisonTime(c, step.playFor);
        return c;
    } catch (const InputError& e) {
        throw InputError(lesson.name + " step " + std::to_string(k + 1) + ": compare: " + e.what());
    }
}

void checkLessonSteps(const Lesson& lesson) {
    std::optional<Scenario> current;
    for (std::size_t k = 0; k < lesson.steps.size(); ++k) {
        Scenario scenario = lessonStepScenario(lesson, k, current ? &*current : nullptr);
        if (lesson.steps[k].compares()) lessonStepComparison(lesson, k, scenario);
        current = std::move(scenario);
    }
}

std::int64_t stepsForFlowTime(double flowTime, double eta) {
    if (flowTime <= 0.0) return 0;
    return std::max<std::int64_t>(1, std::llround(flowTime / eta));
}

double lessonMetric(LessonMetric metric, const Problem& problem, const ParticleSet& p, const HistoryPoint& now,
                    const ParticleSet& start) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    switch (metric) {
        case LessonMetric::Excess: return now.excess;
        case LessonMetric::Loss: return now.loss;
        case LessonMetric::GradNorm: return now.gradNorm;
        case LessonMetric::SpikesRecovered:
            if (!problem.periodic()) return nan;
            return recoversSpikes(p, problem.truth()) ? 1.0 : 0.0;
        case LessonMetric::Movement: {
            if (p.count() != start.count() || p.dim() != start.dim() || p.count() == 0) return nan;
            const bool torus = problem.periodic();
            double total = 0.0;
            for (int i = 0; i < p.count(); ++i) {
                double squared = (p.w[i] - start.w[i]) * (p.w[i] - start.w[i]);
                for (int r = 0; r < p.dim(); ++r) {
                    const double d = torus ? torusDelta(p.theta(r, i), start.theta(r, i)) : p.theta(r, i) - start.theta(r, i);
                    squared += d * d;
                }
                total += std::sqrt(squared);
            }
            return total / p.count();
        }
    }
    return nan;
}

bool claimHolds(const LessonClaim& claim, double value) {
    return std::isfinite(value) && (!claim.below || value < *claim.below) && (!claim.above || value > *claim.above);
}

LessonRun::LessonRun(Lesson lesson) : lesson_(std::move(lesson)) {}

StepOutcome LessonRun::play(std::size_t k) {
    const LessonStep& step = lesson_.steps.at(k);
    const Scenario* current = simulation_ ? &simulation_->scenario() : nullptr;
    const Scenario scenario = lessonStepScenario(lesson_, k, current);
    StepOutcome outcome;
    if (step.compares()) {
        // Every run afresh, played together on flow time as the window's compare mode plays them.
        const Comparison comparison = lessonStepComparison(lesson_, k, scenario);
        simulation_.reset();
        compared_.clear(), comparedLabels_.clear(), comparedStart_.clear();
        std::vector<Simulation*> runs;
        for (const ComparisonRun& run : comparison.runs) {
            compared_.push_back(std::make_unique<Simulation>(run.scenario, 4096));
            comparedLabels_.push_back(run.label);
            comparedStart_.push_back(compared_.back()->particles());
            runs.push_back(compared_.back().get());
        }
        if (step.playFor > 0.0) runInLockstep(runs);
        outcome.step = compared_.front()->stepCount();
        outcome.time = compared_.front()->time();
        outcome.runs = comparedLabels_;
        measure(step, outcome);
        return outcome;
    }
    compared_.clear(), comparedLabels_.clear(), comparedStart_.clear();
    if (!step.scenario.empty() || !simulation_) {
        simulation_ = std::make_unique<Simulation>(scenario, 4096);
        start_ = simulation_->particles();
    } else if (!step.set.empty()) {
        simulation_->setScenario(scenario);
    }
    simulation_->run(stepsForFlowTime(step.playFor, simulation_->scenario().dynamics.stepSize));
    outcome.step = simulation_->stepCount();
    outcome.time = simulation_->time();
    measure(step, outcome);
    return outcome;
}

void LessonRun::measure(const LessonStep& step, StepOutcome& outcome) const {
    for (const LessonClaim& claim : step.claims) {
        ClaimOutcome c;
        c.claim = claim;
        // The parser gave every comparison step's claim a run in range.
        const std::size_t r = claim.run.value_or(0);
        const Simulation& sim = step.compares() ? *compared_.at(r) : *simulation_;
        const ParticleSet& start = step.compares() ? comparedStart_.at(r) : start_;
        if (step.compares()) c.run = comparedLabels_.at(r);
        c.value = lessonMetric(claim.metric, sim.problem(), sim.particles(), sim.current(), start);
        c.holds = claimHolds(claim, c.value);
        outcome.claims.push_back(c);
    }
}

}  // namespace flowscope
