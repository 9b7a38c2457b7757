#include "compare_dump.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::gui {

namespace {

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json compareDump(const CompareSession& session, int curves) {
    const Comparison& c = session.comparison();
    nlohmann::json j = {{"name", c.name},
                        {"base", c.base},
                        {"time", number(c.time)},
                        {"lockstep", session.lockstep()},
                        {"playing", session.playing()},
                        {"shown_time", number(session.shownTime())},
                        {"past", session.past()},
                        {"timeline_first_time", number(session.firstTime())},
                        {"timeline_last_time", number(session.lastTime())},
                        {"curves", curves}};
    nlohmann::json runs = nlohmann::json::array();
    for (std::size_t i = 0; i < session.size(); ++i) {
        const ComparedRun& run = session.run(i);
        const Snapshot& s = run.snapshot;
        nlohmann::json keys = nlohmann::json::object();
        for (const auto& [key, value] : run.settings) keys[key] = value;
        nlohmann::json particles = nlohmann::json::array();
        for (int p = 0; p < std::min(s.particles.count(), 16); ++p) {
            nlohmann::json theta = nlohmann::json::array();
            for (int k = 0; k < std::min(s.particles.dim(), 8); ++k) theta.push_back(number(s.particles.theta(k, p)));
            particles.push_back({{"w", number(s.particles.w[p])}, {"theta", theta}});
        }
        char color[10];
        std::snprintf(color, sizeof color, "#%02x%02x%02x", unsigned(run.color & 0xff), unsigned((run.color >> 8) & 0xff),
                      unsigned((run.color >> 16) & 0xff));
        runs.push_back({{"label", run.label},
                        {"keys", keys},
                        {"color", color},
                        {"step", s.current.step},
                        {"time", number(s.current.time)},
                        {"objective", number(s.current.objective)},
                        {"loss", number(s.current.loss)},
                        {"excess", number(s.current.excess)},
                        {"grad_norm", number(s.current.gradNorm)},
                        {"step_size", number(s.scenario.dynamics.stepSize)},
                        {"particle_count", s.particles.count()},
                        {"status", s.status == RunStatus::Diverged ? "diverged" : s.status == RunStatus::Converged ? "converged" : "running"},
                        {"past", s.past},
                        {"live_step", s.liveStep},
                        {"live_time", number(s.liveTime)},
                        {"keyframes", s.keyframes},
                        {"keyframe_bytes", s.keyframeBytes},
                        {"history_size", s.history.size()},
                        {"first_particles", particles}});
    }
    j["runs"] = runs;
    return j;
}

}  // namespace flowscope::gui
