#include "experiments_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <thread>

#include "palette.hpp"
#include "plot.hpp"
#include "scenario_library.hpp"
#include "widget_rects.hpp"
#include "window_layout.hpp"

namespace flowscope::gui {

namespace {

// Below this a relative excess is "converged" for the picture: it keeps the log axis
// from stretching to rounding noise (and a run at exactly 0 visible).
constexpr double kFloor = 1e-10;

double axisNumber(const std::string& text) {
    try {
        return std::stod(text);
    } catch (const std::exception&) {
        return std::nan("");
    }
}

// Excess over the optimum where it is known (networks without penalty); else the
// objective itself, which for a deconvolution still separates stalled runs from good ones.
double relativeValue(const SweepResult& r) {
    const double v = std::isfinite(r.excess) ? r.excess : r.objective;
    const double start = r.initialObjective > 0.0 ? r.initialObjective : 1.0;
    return std::max(v / start, kFloor);
}

// Seeds of one m side by side rather than on top of each other: a small spread in log x.
double jittered(double x, std::uint64_t seed, std::uint64_t firstSeed, int seeds) {
    const double k = static_cast<double>(seed - firstSeed) - 0.5 * (seeds - 1);
    return x * std::pow(10.0, 0.012 * k);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : std::sqrt(v[n / 2 - 1] * v[n / 2]);  // geometric middle: the axis is log
}

const char* stateName(BackgroundSweep::State s) {
    switch (s) {
        case BackgroundSweep::State::Idle: return "idle";
        case BackgroundSweep::State::Running: return "running";
        case BackgroundSweep::State::Stopping: return "stopping";
        case BackgroundSweep::State::Finished: return "finished";
        case BackgroundSweep::State::Stopped: return "stopped";
        case BackgroundSweep::State::Failed: return "failed";
    }
    return "?";
}

}  // namespace

void ExperimentsPanel::start(AppState& state, const std::string& axisSpec) {
    errorMessage_ = 0;
    try {
        Scenario base = settings.source.empty() ? state.snapshot.scenario : loadScenarioNamed(settings.source);
        if (settings.steps > 0) setScenarioValue(base, "run.steps", std::to_string(settings.steps), "steps");
        // One thread per run: the sweep's own workers are the parallelism, and the main
        // simulation keeps the rest of the machine.
        setScenarioValue(base, "run.threads", "1", "threads");
        SweepAxis axis = parseSweepAxis(axisSpec);
        axisKey_ = axis.key;
        if (axis.key == "particles.count") settings.values = axisSpec.substr(axisSpec.find('=') + 1);  // a scripted sweep shows its own
        truthCount_ = base.truth.count;
        deconvolution_ = base.isDeconvolution();
        seeds_ = std::max(1, settings.seeds);
        auto plan = std::make_shared<const SweepPlan>(base, std::vector<SweepAxis>{std::move(axis)}, seeds_);
        results_.clear();
        showing_ = true;
        sweptScenario_ = settings.source.empty() ? state.snapshot.scenario.name : std::string();
        startFrame_ = frame_, endFrame_ = -1, framesWhileRunning_ = 0, resultFrames_ = 0;
        sweep_.start(std::move(plan), std::max(1, settings.threads));
    } catch (const std::exception& e) {
        errorMessage_ = state.messages.post(Severity::Warning, std::string("experiment: ") + e.what(), ImGui::GetTime());
    }
}

void ExperimentsPanel::update(int frameNumber) {
    frame_ = frameNumber;
    sweep_.poll();
    // Asked before take(): once the worker is seen done, this take() has its last results.
    const bool running = sweep_.busy();
    if (running) ++framesWhileRunning_;
    if (showing_) {
        if (sweep_.take(results_) > 0) ++resultFrames_;
    } else {
        std::vector<SweepResult> dropped;  // a cleared sweep's last runs
        sweep_.take(dropped);
    }
    if (startFrame_ >= 0 && endFrame_ < 0 && !running) endFrame_ = frameNumber;
}

void ExperimentsPanel::followScenario(const std::string& mainScenario) {
    if (!showing_ || sweptScenario_.empty() || mainScenario == sweptScenario_) return;
    sweep_.stop();
    results_.clear();
    showing_ = false;
    sweptScenario_.clear();
}

void ExperimentsPanel::open(AppState& state, std::size_t index) {
    const auto& plan = sweep_.plan();
    if (!plan || index >= results_.size()) return;
    Scenario s = plan->scenarioFor(results_[index].cell);
    s.run.threads = state.snapshot.scenario.run.threads;  // the main run keeps its own threads
    openScenario(state, s, "");
    char text[160];
    std::snprintf(text, sizeof text, "opened the run with %s = %s, seed %llu", axisKey_ == "particles.count" ? "m" : axisKey_.c_str(),
                  results_[index].cell.values[0].c_str(), static_cast<unsigned long long>(results_[index].cell.seed));
    setNotice(state, text, 6.0);
}

ExperimentReport ExperimentsPanel::report(const AppState& state) const {
    ExperimentReport r;
    r.started = startFrame_ >= 0;
    r.state = stateName(sweep_.state());
    const Message* failed = state.messages.find(errorMessage_);
    r.error = failed ? failed->text : sweep_.error();
    r.total = sweep_.total();
    r.finished = static_cast<std::int64_t>(results_.size());
    r.startFrame = startFrame_, r.endFrame = endFrame_;
    r.framesWhileRunning = framesWhileRunning_;
    r.resultFrames = resultFrames_;
    r.dotsDrawn = dotsDrawn_;
    r.plot = plotRect_;
    return r;
}

void ExperimentsPanel::drawSettings(AppState& state) {
    const float font = ImGui::GetFontSize();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const bool busy = sweep_.busy();
    ImGui::BeginDisabled(busy);

    // Line 1: which scenario.
    const std::string current = "current run (" + state.snapshot.scenario.name + ")";
    const float label = font * 4.6f;  // one column of labels, so the fields line up
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("scenario");
    ImGui::SameLine(label);
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##source", settings.source.empty() ? current.c_str() : settings.source.c_str())) {
        if (ImGui::Selectable(current.c_str(), settings.source.empty())) settings.source.clear(), settings.steps = 0;
        for (const std::string& name : state.presets)
            if (ImGui::Selectable(name.c_str(), settings.source == name)) settings.source = name, settings.steps = 0;
        ImGui::EndCombo();
    }
    if (settings.steps <= 0) {  // show the chosen scenario's own budget, so the field is never a mystery 0
        try {
            settings.steps = settings.source.empty() ? state.snapshot.scenario.run.steps : loadScenarioNamed(settings.source).run.steps;
        } catch (const std::exception&) {
            settings.steps = 1000;
        }
    }

    // Line 2: the m values, seeds and steps of every run.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("m values");
    ImGui::SameLine(label);
    char values[128];
    std::snprintf(values, sizeof values, "%s", settings.values.c_str());
    ImGui::SetNextItemWidth(font * 7.5f);
    if (ImGui::InputText("##values", values, sizeof values)) settings.values = values;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("a list (1,3,10,30,100) or log:LO:HI:N for N values spaced evenly on a log scale");
    // Seeds and steps follow on the same line if it has room (a large UI scale may not).
    if (ImGui::GetContentRegionAvail().x - ImGui::GetItemRectSize().x - label > font * 16.0f) {
        ImGui::SameLine(0, spacing * 2);
    } else {
        ImGui::AlignTextToFramePadding();
    }
    ImGui::TextUnformatted("seeds");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 2.5f);  // no +/- buttons: the row is narrow
    if (ImGui::InputInt("##seeds", &settings.seeds, 0)) settings.seeds = std::clamp(settings.seeds, 1, 100);
    ImGui::SameLine(0, spacing * 2);
    ImGui::TextUnformatted("steps");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::InputInt("##steps", &settings.steps, 0)) settings.steps = std::clamp(settings.steps, 1, 10000000);
    ImGui::EndDisabled();

    // Line 3: Start / Stop, the worker threads, and the progress.
    ImGui::BeginDisabled(busy && sweep_.state() == BackgroundSweep::State::Stopping);
    if (busy) {
        if (ImGui::Button("Stop", ImVec2(label - spacing, 0))) stop();
    } else if (ImGui::Button("Start", ImVec2(label - spacing, 0))) {
        start(state, "particles.count=" + settings.values);
    }
    ImGui::EndDisabled();
    ImGui::SameLine(label);
    ImGui::BeginDisabled(busy);
    ImGui::TextUnformatted("threads");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 4.0f);
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    ImGui::SliderInt("##threads", &settings.threads, 1, cores);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("runs at once; each takes a core from the main simulation");
    ImGui::EndDisabled();
    sameLineIfRoom(font * 7.0f);  // the progress beside the threads, or below on a narrow panel

    // The progress, or what went wrong.
    const Message* failed = state.messages.find(errorMessage_);  // shown here too, until dismissed
    const std::string problem = failed ? failed->text : sweep_.error();
    if (!problem.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette::warning));
        ImGui::TextWrapped("%s", problem.c_str());
        ImGui::PopStyleColor();
    } else {
        const std::int64_t total = sweep_.total();
        char text[128];
        if (total > 0)
            std::snprintf(text, sizeof text, "%zu of %lld runs  \xc2\xb7  %s  \xc2\xb7  %.1f s", results_.size(),
                          static_cast<long long>(total), stateName(sweep_.state()), sweep_.elapsedSeconds());
        else
            std::snprintf(text, sizeof text, "no sweep yet");
        if (total > 0 && ImGui::CalcTextSize(text).x > ImGui::GetContentRegionAvail().x)  // narrow: the counts alone
            std::snprintf(text, sizeof text, "%zu/%lld", results_.size(), static_cast<long long>(total));
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImVec4(0.22f, 0.45f, 0.36f, 1.0f));  // calm: the dots are the show
        ImGui::ProgressBar(total > 0 ? static_cast<float>(results_.size()) / total : 0.0f, ImVec2(-FLT_MIN, 0), text);
        ImGui::PopStyleColor();
    }
}

void ExperimentsPanel::drawPlot(AppState& state, ImVec2 size) {
    if (!showing_) {  // no axes before a sweep: no made-up range to read
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        ImGui::Dummy(size);
        const char* hint = "press Start: each finished run appears here as a dot";
        const std::string shown = fitText(hint, size.x);
        const ImVec2 t = ImGui::CalcTextSize(shown.c_str());
        const ImVec2 at(origin.x + 0.5f * (size.x - t.x), origin.y + 0.5f * (size.y - t.y));
        ImGui::GetWindowDrawList()->AddText(at, palette::dimText, shown.c_str());
        widgetRects().add("experiments.hint", "experiments", textRect(at, shown.c_str()));
        plotRect_ = {};
        dotsDrawn_ = 0;
        return;
    }
    const auto& plan = sweep_.plan();
    const bool byM = axisKey_ == "particles.count";
    PlotConfig config;
    config.title = byM ? "Does the flow find the optimum?  One dot per run, by particle count m" : "One dot per run, by " + axisKey_;
    if (ImGui::CalcTextSize(config.title.c_str()).x > size.x) config.title = "One dot per run";
    config.labels.x = byM ? "particles m" : axisKey_;
    config.labels.y = deconvolution_ ? "objective F / F at start" : "excess (F \xe2\x88\x92 F*) / F at start";
    config.logX = config.logY = true;
    config.pickPoints = true;
    config.name = "experiments";

    // Dots (two series for a deconvolution: recovered or not), then the median line.
    std::vector<PlotSeries> series;
    std::vector<std::vector<std::size_t>> owner;  // series point -> result index
    auto dots = [&](const char* label, ImU32 color, bool hollow) {
        series.push_back({label, color, {}, {}, true, 4.2f});
        series.back().hollow = hollow;
        owner.emplace_back();
    };
    if (deconvolution_) {
        dots("all spikes recovered", palette::loss, false);
        dots("spikes missed", palette::objective, true);
    } else {
        dots("one run (seed)", palette::excess, false);
    }
    std::map<double, std::vector<double>> byValue;
    const std::uint64_t firstSeed = plan ? plan->cell(0).seed : 1;
    for (std::size_t i = 0; i < results_.size(); ++i) {
        const SweepResult& r = results_[i];
        const double x = axisNumber(r.cell.values[0]), y = relativeValue(r);
        const std::size_t k = deconvolution_ && r.recovered != 1 ? 1 : 0;
        series[k].x.push_back(jittered(x, r.cell.seed, firstSeed, seeds_));
        series[k].y.push_back(y);
        owner[k].push_back(i);
        byValue[x].push_back(y);
    }
    PlotSeries line{"median over seeds", IM_COL32(240, 240, 245, 235), {}, {}, false, 3.0f};
    for (const auto& [x, ys] : byValue) line.x.push_back(x), line.y.push_back(median(ys));
    if (line.x.size() >= 2) series.push_back(line);
    // Fix the x range to the planned values, so the axis does not jump as cells finish.
    if (plan && !plan->axes().empty()) {
        double lo = 1e300, hi = -1e300;
        for (const auto& v : plan->axes()[0].values) {
            const double x = axisNumber(v);
            if (x > 0.0) lo = std::min(lo, x), hi = std::max(hi, x);
        }
        if (lo <= hi) config.xMin = lo / 1.6, config.xMax = hi * 1.6;
    }
    if (results_.empty()) config.yMin = 1e-6, config.yMax = 1.5;

    const PlotFrame frame = gui::drawPlot("experiments", size, config, series);
    plotRect_ = {frame.min, frame.max};
    dotsDrawn_ = 0;
    for (std::size_t k = 0; k < owner.size(); ++k) dotsDrawn_ += static_cast<int>(owner[k].size());

    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    draw->PushClipRect(frame.min, frame.max, true);
    // m0, the truth's own size: the threshold to watch is a few times this.
    if (byM && truthCount_ > 0) {
        const float px = frame.x.toPixel(truthCount_);
        for (float y = frame.min.y; y < frame.max.y; y += font * 0.8f)
            draw->AddLine(ImVec2(px, y), ImVec2(px, std::min(y + font * 0.45f, frame.max.y)), palette::dimText, 1.5f);
        char label[64];
        std::snprintf(label, sizeof label, "m\xe2\x82\x80 = %d %s", truthCount_, deconvolution_ ? "spikes" : "teacher units");
        draw->AddText(ImVec2(px + font * 0.3f, frame.min.y + font * 0.3f), palette::dimText, label);
    }
    // The planned values along the bottom, so the audience sees what is still to come.
    if (plan && !plan->axes().empty())
        for (const auto& v : plan->axes()[0].values) {
            const float px = frame.x.toPixel(axisNumber(v));
            draw->AddTriangleFilled(ImVec2(px, frame.max.y - font * 0.5f), ImVec2(px - font * 0.3f, frame.max.y),
                                    ImVec2(px + font * 0.3f, frame.max.y), byValue.count(axisNumber(v)) ? palette::axis : palette::dimText);
        }
    if (results_.empty()) {
        const std::string hint = fitText(sweep_.busy() ? "the first runs are on their way\xe2\x80\xa6" : "no run finished", frame.max.x - frame.min.x);
        const ImVec2 t = ImGui::CalcTextSize(hint.c_str());
        draw->AddText(ImVec2(0.5f * (frame.min.x + frame.max.x - t.x), 0.5f * (frame.min.y + frame.max.y - t.y)), palette::dimText, hint.c_str());
    }
    draw->PopClipRect();

    if (frame.hoveredSeries >= 0 && static_cast<std::size_t>(frame.hoveredSeries) < owner.size()) {
        const std::size_t index = owner[static_cast<std::size_t>(frame.hoveredSeries)][static_cast<std::size_t>(frame.hoveredPoint)];
        const SweepResult& r = results_[index];
        ImGui::BeginTooltip();
        ImGui::Text("%s = %s,  seed %llu", byM ? "m" : axisKey_.c_str(), r.cell.values[0].c_str(), static_cast<unsigned long long>(r.cell.seed));
        if (std::isfinite(r.excess))
            ImGui::Text("excess F \xe2\x88\x92 F* = %s  (%s of the start)", formatValue(r.excess).c_str(), formatValue(relativeValue(r)).c_str());
        else
            ImGui::Text("objective F = %s  (%s of the start)", formatValue(r.objective).c_str(), formatValue(relativeValue(r)).c_str());
        if (r.recovered >= 0) ImGui::Text("spikes recovered: %s", r.recovered ? "yes" : "no");
        ImGui::Text("%lld steps, %s, %.2f s", static_cast<long long>(r.steps),
                    r.status == RunStatus::Diverged ? "diverged" : r.status == RunStatus::Converged ? "converged" : "step budget used",
                    r.wallSeconds);
        ImGui::TextDisabled("click to open this run in the main view");
        ImGui::EndTooltip();
        if (frame.clicked) open(state, index);
    }
}

void ExperimentsPanel::draw(AppState& state, ImVec2 size) {
    const float top = ImGui::GetCursorPosY();
    ImGui::BeginGroup();
    drawSettings(state);
    ImGui::EndGroup();
    widgetRects().add("experiments.settings", "experiments", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    const float used = ImGui::GetCursorPosY() - top;
    drawPlot(state, ImVec2(size.x, std::max(size.y - used, ImGui::GetFontSize() * 8.0f)));
}

}  // namespace flowscope::gui
