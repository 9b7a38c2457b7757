#pragma once
// The experiments panel: a small sweep over the particle count m (notes section 4,
// claim 4) run in the background while the window keeps drawing. Each finished run is
// a dot of its excess objective (relative to its start) against m, the median over
// seeds a line, so an audience watches the threshold in m appear as the cells finish.
// Hover a dot for its run; click it to open that run in the main view.
#include <memory>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "background_sweep.hpp"
#include "camera.hpp"

namespace flowscope::gui {

struct ExperimentSettings {
    std::string source;                    // "": the current run's scenario; else a preset name
    std::string values = "log:1:200:8";    // the m values, as after "particles.count=" in a sweep grid
    int seeds = 5;
    int steps = 0;                         // 0: each scenario's own step budget
    int threads = 1;                       // one by default: the main simulation keeps a core
};

// What a scripted run reports about the sweep (the state dump's "experiment" record).
struct ExperimentReport {
    bool started = false;
    std::string state;                     // idle, running, stopping, finished, stopped, failed
    std::string error;
    std::int64_t total = 0, finished = 0;
    int startFrame = -1, endFrame = -1;    // frames at which the sweep started and was seen to end
    int framesWhileRunning = 0;            // frames drawn while the sweep ran (the window stayed live)
    int resultFrames = 0;                  // distinct frames at which new results appeared
    int dotsDrawn = 0;
    ScreenRect plot;                       // the plot's data area
};

class ExperimentsPanel {
public:
    ExperimentSettings settings;

    // Starts a sweep over one axis ("key=v1,v2" or "key=log:LO:HI:N"); errors go to the panel.
    void start(AppState& state, const std::string& axisSpec);
    void stop() { sweep_.stop(); }
    // Every frame, shown or not: joins a finished worker and takes the new results.
    void update(int frameNumber);
    // Every frame: a sweep of "the current run" belongs to that run's scenario; when the
    // main view changes scenario, the sweep stops and the plot is cleared.
    void followScenario(const std::string& mainScenario);
    // Draws the settings row and the plot at the cursor, filling `size`.
    void draw(AppState& state, ImVec2 size);
    // Loads result `index` (in arrival order) into the main engine and plays it.
    void open(AppState& state, std::size_t index);

    bool busy() const { return sweep_.busy(); }
    bool finishedShown() const { return endFrame_ >= 0; }  // the last update() took the sweep's final results
    std::size_t resultCount() const { return results_.size(); }
    ExperimentReport report(const AppState& state) const;

private:
    void drawSettings(AppState& state);
    void drawPlot(AppState& state, ImVec2 size);

    BackgroundSweep sweep_;
    std::vector<SweepResult> results_;     // of the current sweep, in arrival order
    bool showing_ = false;                 // a sweep was started and not cleared: the plot has axes
    std::string sweptScenario_;            // the main run's scenario when the shown sweep started from it
    std::uint64_t errorMessage_ = 0;  // a sweep that could not start: its warning in state.messages
    std::string axisKey_ = "particles.count";
    int seeds_ = 1;                        // of the current sweep (the settings may change meanwhile)
    int truthCount_ = 0;                   // m0 of the swept scenario (a mark on the m axis)
    bool deconvolution_ = false;
    int frame_ = 0, startFrame_ = -1, endFrame_ = -1, framesWhileRunning_ = 0, resultFrames_ = 0;
    int dotsDrawn_ = 0;
    ScreenRect plotRect_;
};

}  // namespace flowscope::gui
