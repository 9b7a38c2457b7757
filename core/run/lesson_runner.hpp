#pragma once
// Plays a lesson without a window, step by step, as the window's Lessons panel plays it,
// and measures each step's claims (lesson.hpp) where the step ends: the test that every
// lesson says only what its seeds show, and `flowscope-cli lesson NAME`.
#include <cstdint>
#include <memory>
#include <vector>

#include "comparison.hpp"
#include "lesson.hpp"
#include "scenario.hpp"
#include "simulation.hpp"

namespace flowscope {

struct ClaimOutcome {
    LessonClaim claim;
    std::string run;  // a comparison step's: the label of the run measured ("particles.count = 3")
    double value = 0.0;
    bool holds = false;
};

struct StepOutcome {
    std::int64_t step = 0;  // where the run (a comparison: its first run) is at the end of the lesson step
    double time = 0.0;
    std::vector<std::string> runs;  // a comparison step's runs, by label
    std::vector<ClaimOutcome> claims;
};

// The scenario a lesson step loads (its preset or file, found beside the lesson first,
// with its keys set), or `current` with the step's keys set when it loads none. Errors
// name the lesson and the step.
Scenario lessonStepScenario(const Lesson& lesson, std::size_t step, const Scenario* current);
// A comparison step's runs of its scenario (lessonStepScenario), as --compare makes them,
// each to cover the step's play_for (the base's run when it plays none).
Comparison lessonStepComparison(const Lesson& lesson, std::size_t step, const Scenario& scenario);

// Every step's scenario and comparison made as the lesson reaches it, nothing played: a
// lesson whose keys or compared values a scenario refuses is refused before class, naming
// the lesson and step (InputError).
void checkLessonSteps(const Lesson& lesson);

// Steps that play `flowTime` at step size eta (at least one when flowTime > 0).
std::int64_t stepsForFlowTime(double flowTime, double eta);

// A claim's metric on a run's particles and current metrics (movement: from `start`, the
// particles the step's scenario began with); NaN where it does not apply.
double lessonMetric(LessonMetric metric, const Problem& problem, const ParticleSet& particles, const HistoryPoint& now,
                    const ParticleSet& start);
// Whether a claim holds for a measured value.
bool claimHolds(const LessonClaim& claim, double value);

class LessonRun {
public:
    explicit LessonRun(Lesson lesson);
    // Plays step k (in order, from 0) and measures its claims.
    StepOutcome play(std::size_t k);
    const Lesson& lesson() const { return lesson_; }
    const Simulation* simulation() const { return simulation_.get(); }  // null during a comparison step
    const std::vector<std::unique_ptr<Simulation>>& compared() const { return compared_; }

private:
    void measure(const LessonStep& step, StepOutcome& outcome) const;

    Lesson lesson_;
    std::unique_ptr<Simulation> simulation_;
    ParticleSet start_;
    // A comparison step's runs, their labels and first particles.
    std::vector<std::unique_ptr<Simulation>> compared_;
    std::vector<std::string> comparedLabels_;
    std::vector<ParticleSet> comparedStart_;
};

}  // namespace flowscope
