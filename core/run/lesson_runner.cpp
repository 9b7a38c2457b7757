#include "lesson_runner.hpp"

#include <cmath>
#include <filesystem>
#include <limits>

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
    if (!step.scenario.empty() || !simulation_) {
        simulation_ = std::make_unique<Simulation>(scenario, 4096);
        start_ = simulation_->particles();
    } else if (!step.set.empty()) {
        simulation_->setScenario(scenario);
    }
    simulation_->run(stepsForFlowTime(step.playFor, simulation_->scenario().dynamics.stepSize));
    StepOutcome outcome;
    outcome.step = simulation_->stepCount();
    outcome.time = simulation_->time();
    for (const LessonClaim& claim : step.claims) {
        ClaimOutcome c;
        c.claim = claim;
        c.value = lessonMetric(claim.metric, simulation_->problem(), simulation_->particles(), simulation_->current(), start_);
        c.holds = claimHolds(claim, c.value);
        outcome.claims.push_back(c);
    }
    return outcome;
}

}  // namespace flowscope
