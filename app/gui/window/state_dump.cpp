#include "state_dump.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "experiments_panel.hpp"
#include "key_controls.hpp"
#include "two_layer_network.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

namespace {

// NaN and infinities are not JSON: they become null.
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json rectJson(const ScreenRect& r, float scale) {
    return {std::lround(r.min.x * scale), std::lround(r.min.y * scale), std::lround(r.width() * scale),
            std::lround(r.height() * scale)};
}

// The ground truth as the run holds it, each unit with the mean distance of its 8 nearest
// particles (on the torus where positions wrap): a moved unit's particles gathering is
// this distance falling.
nlohmann::json truthRecord(const Snapshot& s) {
    nlohmann::json units = nlohmann::json::array();
    if (!s.problem) return units;
    const ParticleSet& truth = s.problem->truth();
    const ParticleSet& p = s.particles;
    const bool periodic = s.problem->periodic();
    std::vector<double> distances(p.count());
    for (int j = 0; j < truth.count(); ++j) {
        nlohmann::json theta = nlohmann::json::array();
        for (int k = 0; k < std::min(truth.dim(), 8); ++k) theta.push_back(number(truth.theta(k, j)));
        for (int i = 0; i < p.count(); ++i) {
            double sum = 0.0;
            for (int k = 0; k < p.dim() && k < truth.dim(); ++k) {
                const double d = periodic ? torusDelta(p.theta(k, i), truth.theta(k, j)) : p.theta(k, i) - truth.theta(k, j);
                sum += d * d;
            }
            distances[i] = std::sqrt(sum);
        }
        const int nearest = std::min<int>(8, p.count());
        std::partial_sort(distances.begin(), distances.begin() + nearest, distances.end());
        double mean = 0.0;
        for (int i = 0; i < nearest; ++i) mean += distances[i] / nearest;
        units.push_back({{"w", number(truth.w[j])}, {"theta", theta}, {"nearest_distance", number(mean)}});
    }
    return units;
}

}  // namespace

bool writeStateDump(const std::string& path, const Snapshot& s, int frame, const ViewLayout& layout,
                    float framebufferScale, const ExperimentReport* experiment, const DumpExtras& extras, std::string& message) {
    nlohmann::json j;
    j["frame"] = frame;
    j["scenario"] = s.scenario.name;
    j["generation"] = s.generation;
    j["step"] = s.current.step;
    j["time"] = number(s.current.time);
    j["objective"] = number(s.current.objective);
    j["excess"] = number(s.current.excess);
    j["grad_norm"] = number(s.current.gradNorm);
    j["accuracy"] = number(s.current.accuracy);
    j["data_file"] = s.scenario.data.file;
    if (const auto* network = dynamic_cast<const TwoLayerNetwork*>(s.problem.get()))
        j["samples"] = network->trainingSet().size() + network->testSet().size();
    if (!s.history.empty()) {
        j["test_loss"] = number(s.history.back().testLoss);  // computed for recorded rows only
        j["test_accuracy"] = number(s.history.back().testAccuracy);
    }
    j["status"] = s.status == RunStatus::Diverged ? "diverged" : s.status == RunStatus::Converged ? "converged" : "running";
    j["error"] = s.error;
    j["particle_count"] = s.particles.count();
    j["position_dim"] = s.particles.dim();
    nlohmann::json particles = nlohmann::json::array();
    for (int i = 0; i < std::min(s.particles.count(), 16); ++i) {
        nlohmann::json theta = nlohmann::json::array();
        for (int k = 0; k < std::min(s.particles.dim(), 8); ++k) theta.push_back(number(s.particles.theta(k, i)));
        particles.push_back({{"w", number(s.particles.w[i])}, {"theta", theta}});
    }
    j["first_particles"] = particles;
    j["truth"] = truthRecord(s);
    j["truth_drag_unit"] = extras.truthDragUnit;
    j["history_size"] = s.history.size();
    if (!s.history.empty()) {
        j["history_first_objective"] = number(s.history.front().objective);
        j["history_last_objective"] = number(s.history.back().objective);
    }
    j["step_size"] = number(s.scenario.dynamics.stepSize);
    j["past"] = s.past;
    j["live_step"] = s.liveStep;
    j["keyframes"] = s.keyframes;
    j["timeline_first_step"] = s.timelineFirstStep;  // how far back the run's past reaches
    j["playing"] = s.playing;
    j["evaluated"] = s.evaluated;
    j["step_budget"] = s.stepBudget;
    j["budget_reached"] = s.budgetReached;
    j["pace"] = s.pace.mode == Pace::Mode::LogTime ? "log_time" : s.pace.mode == Pace::Mode::StepsPerSecond ? "steps_per_second" : "fastest";
    j["question"] = extras.question;
    j["computing"] = extras.progress.computing;
    j["computing_seconds"] = extras.progress.seconds;
    j["question_seconds_per_step"] = extras.questionSeconds;
    j["commands_applied"] = extras.commandsApplied;
    j["density"] = extras.density;
    j["actions"] = nlohmann::json::array();
    for (const ActionRecord& a : extras.actions)
        j["actions"].push_back({{"frame", a.frame}, {"action", a.action}, {"shown_frame", a.shownFrame},
                                {"latency_seconds", a.latencySeconds}});
    j["controls_open"] = extras.controlsOpen;
    j["ui_scale"] = extras.uiScale;
    j["palette"] = extras.palette;
    if (!extras.compare.is_null()) j["compare"] = extras.compare;
    if (!extras.lesson.is_null()) j["lesson"] = extras.lesson;
    j["layout"] = {{"particles", rectJson(layout.particles, framebufferScale)},
                   {"predictor", rectJson(layout.predictor, framebufferScale)},
                   {"loss", rectJson(layout.loss, framebufferScale)},
                   {"scroll_max_y", layout.scrollMaxY}};
    nlohmann::json widgets = nlohmann::json::array();
    for (const WidgetRect& w : widgetRects().all())
        widgets.push_back({{"name", w.name}, {"parent", w.parent}, {"rect", rectJson(w.rect, framebufferScale)}});
    j["widgets"] = widgets;
    // The controls drawn from the key table, and every scenario value as the engine holds
    // it (doubles written in round-trip precision), so a test can follow a typed value.
    nlohmann::json controls = nlohmann::json::array();
    for (const DrawnControl& c : drawnControls()) {
        nlohmann::json control = {{"key", c.key}, {"widget", c.widget}, {"typed_field", c.typedField}};
        if (c.widget == "combo") control["choices"] = c.choices;
        else if (c.widget != "checkbox") control["lo"] = c.lo, control["hi"] = c.hi;
        controls.push_back(control);
    }
    j["controls"] = controls;
    j["scenario_values"] = scenarioToJson(s.scenario);
    if (experiment && experiment->started) {
        const ExperimentReport& e = *experiment;
        j["experiment"] = {{"state", e.state},
                           {"error", e.error},
                           {"cells_total", e.total},
                           {"cells_finished", e.finished},
                           {"start_frame", e.startFrame},
                           {"end_frame", e.endFrame},
                           {"frames_while_running", e.framesWhileRunning},
                           {"result_frames", e.resultFrames},
                           {"dots_drawn", e.dotsDrawn},
                           {"plot", rectJson(e.plot, framebufferScale)}};
    }
    std::ofstream out(path);
    out << j.dump(2) << "\n";
    message = out ? "saved " + path : "cannot write " + path;
    return static_cast<bool>(out);
}

}  // namespace flowscope::gui
