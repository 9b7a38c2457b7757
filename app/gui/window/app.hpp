#pragma once
// The desktop program: one window, the engine's newest snapshot drawn every frame.
// The GUI thread never waits for the solver (it takes engine.latest() once per frame);
// only scripted --lockstep runs wait, so their screenshots are reproducible.
#include <functional>
#include <memory>
#include <string>

#include "app_state.hpp"
#include "clip_recording.hpp"
#include "cli_options.hpp"
#include "compare_loss_plot.hpp"
#include "compare_panes.hpp"
#include "compare_session.hpp"
#include "experiments_panel.hpp"
#include "fonts_theme.hpp"
#include "key_input.hpp"
#include "lessons_panel.hpp"
#include "loss_plot.hpp"
#include "particle_view.hpp"
#include "predictor_view.hpp"
#include "state_dump.hpp"
#include "timeline_bar.hpp"

struct GLFWwindow;

namespace flowscope::gui {
struct WindowLayout;
}

namespace flowscope::gui {

class App {
public:
    App(const CliOptions& options, const Scenario& scenario, const std::string& preset);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Runs until the window closes (or the scripted frames are drawn); the exit code.
    int run();

private:
    void openWindow();
    void applyUiScale(float scale);
    void frame(bool recordTrailNow);
    void layout();
    void rightPane(const ScreenRect& rect, bool lossTab);
    void lossPlot(const char* parent, const ScreenRect& rect);
    void keyEvent(const KeyEvent& event);
    static void countInput(GLFWwindow* window);  // the window's input callbacks
    // Scripted clicks (--do) due at this frame, and when the engine showed each.
    void runScriptedActions();
    void noteShownActions();
    std::vector<KeyEvent> takeKeyEvents(int frameNumber);
    void waitForLockstep();
    bool capture(int frameNumber, bool numbered);
    int runBenchmark();
    // Clips (clip_recording.hpp): a failure ends the clip with its message.
    void startRecording(const std::string& path);
    bool stopRecording();
    std::vector<ClipRun> clipRuns();
    void followClip();
    void settleLayout();
    void recordClipFrame(int framebufferWidth, int framebufferHeight);
    // Interactive runs: returns at once while anything moves; idle (paused, no input for a
    // second, nothing computing or fading), waits for an event instead of drawing again;
    // minimized, waits until restored.
    void waitWhileIdle();
    // Interactive runs: while only the solver moves the picture, waits until the next frame
    // is due (frame_pacer.hpp); input ends the wait at once.
    bool framesPaced() const;
    void paceFrame(double frameStart, double frameSeconds);
    double interactiveFrame();  // one frame of the interactive loop, its waits included; returns its drawing's seconds
    // Hands the panels' and keys' requests (AppState::viewRequests) to the views.
    void applyViewRequests();
    int runExperiment();
    // Compare mode (compare_session.hpp): the runs side by side in the views' place.
    void openComparison(const Comparison& comparison, bool play = true);
    void closeComparison();
    void promote(std::size_t run);        // continues a compared run in the single view
    void followCompareRequests();
    void singleViews(const WindowLayout& l);
    void compareViews(const ScreenRect& views);
    void compareLessonColumn(const std::function<void(HeldEdit&)>& viewOptions);
    TimelineTarget timelineTarget();
    void scrubTo(double time);            // scripted --scrub: every run shows flow time `time`
    // Scripted drags (--drag) own the pointer: off the window, except while one runs.
    void scriptPointer();
    std::pair<ImVec2, ImVec2> dragPath_;  // the drag's pixels, from the handle to its goal

    CliOptions options_;
    GLFWwindow* window_ = nullptr;
    std::unique_ptr<Engine> engine_;
    AppState state_;
    ParticleView particleView_;
    LossPlotOptions lossOptions_;
    PredictorView predictorView_;
    ExperimentsPanel experiments_;
    bool selectExperimentsTab_ = false;  // scripted experiments open on the panel's tab
    int frameNumber_ = 0;
    struct PendingAction {
        std::size_t record;          // index in actions_
        std::uint64_t posted;        // engine's posted count just after it
        double at;                   // glfwGetTime() when it was done
    };
    std::vector<ActionRecord> actions_;
    std::vector<PathFrame> pathFrames_;  // taken from the engine, waiting for their run's snapshot
    std::vector<PendingAction> unshownActions_;
    Fonts fonts_;
    ViewLayout layout_;
    double lastTrailSample_ = 0.0;
    std::int64_t lastTrailStep_ = -1;
    bool imguiReady_ = false;
    KeyQueue keys_;
    TapKeeper taps_;
    void (*imguiKeyCallback_)(GLFWwindow*, int, int, int, int) = nullptr;  // ImGui's, behind ours
    float particleHeader_ = 0.0f;  // the particle panel's height above its view, last frame
    std::unique_ptr<ClipRecording> clip_;
    LessonsPanel lessons_;
    bool selectLessonTab_ = false;   // a lesson was opened: show its tab
    // The side column's open view. Where the tabs' names do not fit (a projector's scale on
    // a small screen), a choice list across the column names the open view in full instead.
    // The lesson and experiments views take more of the column than the predictor.
    enum class SideTab { Predictor, Lesson, Experiments, Loss };
    struct SideTabName {
        SideTab id;
        const char* label;  // ImGui's: what follows "###" is not shown
    };
    SideTab sideTab_ = SideTab::Predictor;
    bool sideChosen_ = false;  // the user picked a view; until then a narrow column shows the loss curves
    bool sideTabsShown_ = false;  // the tab bar (not the choice list) was drawn last frame
    std::vector<SideTabName> sideTabs(bool lossTab) const;
    static bool sideTabsFit(const std::vector<SideTabName>& tabs, const ScreenRect& rect);
    std::string captionText() const;
    // The caption's height at the largest scale (kCaptionScales) whose wrap at `width` fits
    // in `most` (else `most`); picks captionScale_.
    float fitCaption(const std::string& text, float width, float most);
    float captionScale_ = 1.0f;
    void drawCaption(const std::string& text);
    void toggleFullScreen();
    int windowedX_ = 0, windowedY_ = 0, windowedWidth_ = 0, windowedHeight_ = 0;  // before full screen
    ScreenRect particlePanel_;       // the particle view's panel (title, legend, view): a clip's region
    std::string clipFailure_;        // a scripted run's recording error (its exit code is 4)
    bool focused_ = false;           // the window had the focus last frame
    double lastActivity_ = 0.0;      // glfwGetTime() of the last input, publication or change
    std::uint64_t lastSerial_ = 0;   // the snapshot drawn last
    ImVec2 lastMouse_{-1.0f, -1.0f};
    std::uint64_t inputEvents_ = 0;  // input events so far (the window's callbacks count them)
    std::uint64_t inputSeen_ = 0;    // ... as of the last paced frame
    double lastInput_ = 0.0;         // glfwGetTime() when input was last seen
    std::unique_ptr<CompareSession> compare_;
    ComparePanes panes_;
    CompareLossOptions compareLoss_;
    int compareCurves_ = 0;              // curves in the overlaid plot, last frame
    TimelineBar timelineBar_;
    std::uint64_t seekPosted_ = 0;       // the single engine's posted count after the last seek
    bool scrubbing_ = false;             // a scripted scrub is shown: lockstep frames take no steps
};

}  // namespace flowscope::gui
