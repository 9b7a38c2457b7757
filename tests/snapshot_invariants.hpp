#pragma once
// What every snapshot the engine publishes must satisfy, whatever the commands in flight,
// as one function returning the first violation ("" when all hold), so the soak (which
// has no test framework) and the suites can share it.
#include <cmath>
#include <string>

#include "engine.hpp"

namespace flowscope::testing {

inline std::string snapshotViolation(const Snapshot& s, std::size_t historyCapacity) {
    if (s.particles.count() != s.scenario.particleCount) return "particle count differs from particles.count";
    const bool noVelocities = !s.evaluated && s.velocities.count() == 0;  // not known yet
    if (!noVelocities && (s.velocities.count() != s.particles.count() || s.velocities.dim() != s.particles.dim()))
        return "velocities do not match the particles";
    if (s.particles.dim() != s.scenario.positionDim()) return "particle dimension differs from the scenario's";
    if (!s.problem || s.problem->positionDim() != s.particles.dim()) return "the problem does not match the particles";
    if (!s.evaluated) {  // a new start whose evaluation is still running: no metrics yet
        if (!std::isnan(s.current.objective)) return "metrics shown for particles not yet evaluated";
        if (!s.particles.allFinite()) return "non-finite particles";
        return "";
    }
    if (s.history.empty()) return "empty history";
    for (std::size_t i = 1; i < s.history.size(); ++i)
        if (s.history[i].step <= s.history[i - 1].step) return "history steps do not increase";
    if (historyCapacity > 0 && s.history.size() > historyCapacity) return "history exceeds its capacity";
    // The history records every run.record_every steps; the engine steps one at a time and
    // never forces the last row, so the newest row may lag the current step by less than that.
    // An earlier step shown from the timeline has the run's history, which goes on to its own step.
    if (s.past && !(s.current.step < s.liveStep && s.timelineFirstStep <= s.current.step))
        return "the step shown from the past is not before the run's own, within its timeline";
    const std::int64_t lag = (s.past ? s.liveStep : s.current.step) - s.history.back().step;
    if (lag < 0 || lag >= s.scenario.run.recordEvery) return "the history's last row is not the current step's";
    if (!s.particles.allFinite()) return "non-finite particles";
    if (s.status == RunStatus::Diverged && s.statusMessage.empty()) return "a divergence without a message";
    return "";
}

}  // namespace flowscope::testing
