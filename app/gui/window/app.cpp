#include "app.hpp"

#include <cfloat>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <thread>

#include <time.h>

#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "controls_panel.hpp"
#include "frame_pacer.hpp"
#include "costly_change.hpp"
#include "data_panel.hpp"
#include "key_controls.hpp"
#include "shortcuts.hpp"
#include "widget_rects.hpp"
#include "window_layout.hpp"
#include "compare_dump.hpp"
#include "compare_panel.hpp"
#include "gl.hpp"
#include "palette.hpp"
#include "scenario_library.hpp"
#include "screenshot.hpp"
#include "thread_cpu.hpp"

namespace flowscope::gui {

using Clock = std::chrono::steady_clock;

namespace {

double threadCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

}  // namespace

App::App(const CliOptions& options, const Scenario& scenario, const std::string& preset) : options_(options) {
    state_.settings = loadSettings();
    if (!options_.scripted() && options_.width == 0) {
        options_.width = state_.settings.windowWidth;
        options_.height = state_.settings.windowHeight;
    }
    if (options_.width == 0) options_.width = 1600, options_.height = 1000;
    openWindow();

    EngineOptions engineOptions;
    engineOptions.startPlaying = !options_.paused && options_.lockstep == 0;
    // A clip from the start: the engine holds at step 0 until the clip's clock grants steps
    // (played below, once the limit is set), so its first frame is the start.
    const bool playClip = engineOptions.startPlaying && !options_.record.empty();
    if (playClip) engineOptions.startPlaying = false;
    engineOptions.published = [] { glfwPostEmptyEvent(); };  // wakes an idle window (waitWhileIdle)
    // The run keeps its past for the timeline (timeline_bar.hpp), under the default budget.
    engineOptions.keyframes = std::make_shared<KeyframeBudget>();
    state_.controlsOpen = !options_.hidePanel;
    engine_ = std::make_unique<Engine>(scenario, engineOptions);
    state_.engine = engine_.get();
    state_.preset = preset;
    state_.seed = scenario.initSeed();  // Reseed's field: the seed of the start
    state_.pace = defaultPace();
    if (options_.secondsPerDecade > 0.0) state_.pace.secondsPerDecade = options_.secondsPerDecade;
    if (options_.speed >= 0.0) {  // --speed: steps per second, 0 as fast as possible
        state_.pace.mode = options_.speed > 0.0 ? Pace::Mode::StepsPerSecond : Pace::Mode::Fastest;
        state_.pace.stepsPerSecond = options_.speed > 0.0 ? options_.speed : demoPace(scenario);
    }
    if (options_.benchmarkFrames > 0) state_.pace.mode = Pace::Mode::Fastest;
    engine_->setPace(state_.pace);
    // Each view restores its own options, and saves them at the end (run()).
    particleView_.restoreOptions(state_.settings.views.value("particles", nlohmann::json::object()));
    predictorView_.restoreOptions(state_.settings.views.value("predictor", nlohmann::json::object()));
    lossOptions_.restore(state_.settings.views.value("loss", nlohmann::json::object()));
    if (!options_.trails.empty()) {
        particleView_.options.trails = options_.trails != "off";
        particleView_.options.wholePaths = options_.trails == "whole";
    }

    particleView_.initialize();
    predictorView_.initialize();
    if (!options_.record.empty()) startRecording(options_.record);
    if (playClip) {
        if (clip_) engine_->setStepLimit(0);
        engine_->play();
    }
    state_.presenter = options_.presenter;
    if (!options_.compare.empty())  // main.cpp checked the specs
        openComparison(comparisonOfSpecs(options_.compare, scenario, preset.empty() ? scenario.name : preset, options_.sets));
    if (!options_.lesson.empty()) {
        engine_->sync();  // the lesson's first step continues from a published run
        engine_->latest(state_.snapshot);
        lessons_.setScripted(options_.lockstep > 0);
        lessons_.open(state_, options_.lesson);  // main.cpp checked the name
        selectLessonTab_ = true;
    }
}

App::~App() {
    closeComparison();
    engine_.reset();  // stop the solver before the window goes
    if (imguiReady_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (window_) glfwDestroyWindow(window_);
    glfwTerminate();
}

void App::openWindow() {
    glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "flowscope: GLFW error %d: %s\n", code, text); });
    if (!glfwInit()) throw std::runtime_error("cannot initialize GLFW (is there a display?)");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    window_ = glfwCreateWindow(options_.width, options_.height, "flowscope", nullptr, nullptr);
    if (!window_) throw std::runtime_error("cannot open an OpenGL 3.3 window");
    glfwMakeContextCurrent(window_);
    // Scripted runs and benchmarks measure the program, not the monitor's refresh.
    glfwSwapInterval(options_.scripted() ? 0 : 1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    // A scripted run shows no hover readouts wherever the pointer happens to be.
    if (options_.scripted() && options_.drags.empty()) ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouse;  // the layout is fixed; nothing to write into the working folder
    // Every input event counts, so that a paced wait (paceFrame) ends at once. ImGui chains
    // these callbacks behind its own; the keys come through keyEvent below.
    glfwSetWindowUserPointer(window_, this);
    glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double, double) { countInput(w); });
    glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int, int, int) { countInput(w); });
    glfwSetScrollCallback(window_, [](GLFWwindow* w, double, double) { countInput(w); });
    glfwSetCharCallback(window_, [](GLFWwindow* w, unsigned) { countInput(w); });
    glfwSetWindowFocusCallback(window_, [](GLFWwindow* w, int) { countInput(w); });
    glfwSetCursorEnterCallback(window_, [](GLFWwindow* w, int) { countInput(w); });
    glfwSetFramebufferSizeCallback(window_, [](GLFWwindow* w, int, int) { countInput(w); });
    glfwSetWindowRefreshCallback(window_, [](GLFWwindow* w) { countInput(w); });
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    imguiReady_ = true;
    // Our key callback goes in front of ImGui's: it queues every event for the shortcuts
    // and hands each on to ImGui (a quick tap's release one frame late, see key_input.hpp).
    imguiKeyCallback_ = glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
        static_cast<App*>(glfwGetWindowUserPointer(w))->keyEvent({key, scancode, action, mods});
    });
    // A CSV dropped onto the window is loaded as the network's data (the first of several).
    glfwSetDropCallback(window_, [](GLFWwindow* w, int count, const char** paths) {
        if (count > 0) loadDataFile(static_cast<App*>(glfwGetWindowUserPointer(w))->state_, paths[0]);
    });

    float contentScale = 1.0f, unused = 1.0f;
    glfwGetWindowContentScale(window_, &contentScale, &unused);
    float scale = options_.uiScale > 0.0f ? options_.uiScale : state_.settings.uiScale > 0.0f ? state_.settings.uiScale : contentScale;
    if (options_.highContrast) state_.settings.highContrast = true;
    palette::useScheme(state_.settings.highContrast ? palette::highContrast : palette::standard);
    applyUiScale(std::clamp(scale, 0.75f, 3.0f));
}

void App::countInput(GLFWwindow* window) { ++static_cast<App*>(glfwGetWindowUserPointer(window))->inputEvents_; }

void App::keyEvent(const KeyEvent& event) {
    ++inputEvents_;
    keys_.push(event);
    if (taps_.hold(event)) return;
    if (imguiKeyCallback_) imguiKeyCallback_(window_, event.key, event.scancode, event.action, event.mods);
}

// The key events of one frame: the releases held back last frame go to ImGui first,
// then the window's new events, then (scripted runs) the keys asked for at this frame.
std::vector<KeyEvent> App::takeKeyEvents(int frameNumber) {
    for (const KeyEvent& e : taps_.releasesDue())
        if (imguiKeyCallback_) imguiKeyCallback_(window_, e.key, e.scancode, e.action, e.mods);
    taps_.beginInterval();
    glfwPollEvents();
    for (const ScriptedKey& k : options_.keys) {
        if (k.frame != frameNumber) continue;
        const int scancode = glfwGetKeyScancode(k.key);
        keyEvent({k.key, scancode, GLFW_PRESS, k.mods});
        for (int r = 0; r < k.repeats; ++r) keyEvent({k.key, scancode, GLFW_REPEAT, k.mods});
        keyEvent({k.key, scancode, GLFW_RELEASE, k.mods});
    }
    return keys_.take();
}

void App::applyUiScale(float scale) {
    state_.uiScale = scale;
    fonts_ = loadFonts(scale);
    applyTheme(scale);
}

void App::waitForLockstep() {
    // Scripted runs only: ask for K steps and wait until they are taken and published
    // (a divergence ends the wait too). A lesson's step plays its flow time and no more.
    const std::int64_t steps = lessons_.active() ? std::min<std::int64_t>(options_.lockstep, lessons_.stepsLeft(state_.snapshot))
                                                 : options_.lockstep;
    if (steps <= 0) {
        engine_->sync();
        engine_->latest(state_.snapshot);
        return;
    }
    engine_->step(steps);
    engine_->waitForSteps();
    engine_->latest(state_.snapshot);
}

namespace {

ScreenRect windowRect() {
    const ImVec2 min = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    return {min, ImVec2(min.x + size.x, min.y + size.y)};
}

enum class Scroll { No, Yes };

// A child window exactly over `rect`. No panel takes Tab for moving between fields:
// Tab hides and shows the control panel.
void beginPanel(const char* id, const ScreenRect& rect, Scroll scroll, bool border = true) {
    ImGui::SetCursorScreenPos(rect.min);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoNavInputs;
    if (scroll == Scroll::No) flags |= ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::BeginChild(id, ImVec2(rect.width(), rect.height()), border, flags);
}

}  // namespace

void App::layout() {
    WidgetRects& rects = widgetRects();
    rects.clear();
    drawnControls().clear();
    const float font = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    // No background of its own: the clear colour is the same (palette::background), and a
    // software renderer paid 12 ms a frame at 1600x1000 to paint it twice.
    ImGui::Begin("flowscope", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNavInputs);
    const ImVec2 origin = ImGui::GetCursorScreenPos(), room = ImGui::GetContentRegionAvail();
    rects.add("window", "", windowRect());

    LayoutMetrics metrics;
    metrics.font = font;
    metrics.gap = style.ItemSpacing.x;
    metrics.statusHeight = ImGui::GetFrameHeight();
    metrics.particleHeader = particleHeader_ > 0.0f ? particleHeader_ : font * 2.0f + style.WindowPadding.y;
    metrics.particleInset = style.WindowPadding.x + style.ChildBorderSize * 2;
    metrics.windowArea = viewport->WorkSize.x * viewport->WorkSize.y;
    // The experiments' settings and plot need more of the column than the predictor: a
    // larger share of it, and on a narrow column all of it (the loss curves as a tab).
    const bool wideSide = sideTab_ == SideTab::Experiments || sideTab_ == SideTab::Lesson;
    metrics.sideShare = wideSide ? 0.62f : 0.52f;
    metrics.lossTabBelow = wideSide ? 17.0f : 12.0f;
    const bool controls = state_.controlsOpen && !state_.presenter;
    // Presenter mode: a band for the caption between the views and the status line.
    // Compare mode has no room under its panes (their curves are there): the caption takes
    // the control panel's column instead, and the panes keep the window's height.
    const std::string lectureCaption = state_.presenter ? captionText() : std::string();
    const bool captionColumn = compare_ && !lectureCaption.empty();
    const float band = lectureCaption.empty() || captionColumn ? 0.0f : fitCaption(lectureCaption, room.x, room.y * 0.3f) + metrics.gap;
    WindowLayout l = arrangeWindow({origin, ImVec2(origin.x + room.x, origin.y + room.y - band)}, metrics, controls || captionColumn);
    if (captionColumn) {
        fitCaption(lectureCaption, l.controls.width(), l.controls.height());
        beginPanel("caption", l.controls, Scroll::Yes);
        drawCaption(lectureCaption);
        ImGui::EndChild();
        rects.add("caption", "window", l.controls);
    }
    if (band > 0.0f) {
        const ScreenRect captionRect{ImVec2(origin.x, l.status.min.y), ImVec2(origin.x + room.x, l.status.min.y + band - metrics.gap)};
        l.status.min.y += band, l.status.max.y += band;
        beginPanel("caption", captionRect, Scroll::Yes);
        drawCaption(lectureCaption);
        ImGui::EndChild();
        rects.add("caption", "window", captionRect);
    }

    if (controls) {
        beginPanel("controls", l.controls, Scroll::Yes);
        const auto viewOptions = [this](HeldEdit& held) {
            particleView_.drawToggles();
            ImGui::SameLine();
            predictorView_.drawOptions();
            particleView_.drawSliders(held);
        };
        if (compare_ && lessons_.active()) compareLessonColumn(viewOptions);
        else if (compare_) drawComparePanel(state_, *compare_, viewOptions);
        else drawControls(state_, viewOptions);
        ImGui::EndChild();
        rects.add("controls", "window", l.controls);
    }

    if (compare_) compareViews(l.views);
    else singleViews(l);

    beginPanel("status", l.status, Scroll::No, false);
    if (compare_) drawCompareStatusLine(state_, *compare_, ImGui::GetIO().Framerate);
    else drawStatusLine(state_, ImGui::GetIO().Framerate);
    ImGui::EndChild();
    rects.add("status", "window", l.status);
    layout_.scrollMaxY = ImGui::GetScrollMaxY();
    ImGui::End();

    drawBanners(state_, l.views);
    if (clip_) drawRecordingMark(*clip_, state_.uiScale);
    drawCostlyChangeQuestion(state_);
    drawCompareDialog(state_);
    applyViewRequests();  // the panel's buttons
}

// A lesson's comparison step: the column has no side pane beside it to hold the lesson, so
// the lesson's tab (its text, claims, Back / Next) comes first there, the runs' controls in
// the tab beside it.
void App::compareLessonColumn(const std::function<void(HeldEdit&)>& viewOptions) {
    if (!ImGui::BeginTabBar("compare-column")) return;
    if (ImGui::BeginTabItem("Lesson", nullptr, selectLessonTab_ ? ImGuiTabItemFlags_SetSelected : 0)) {
        const ImVec2 origin = ImGui::GetCursorScreenPos(), size = ImGui::GetContentRegionAvail();
        widgetRects().add("lesson", "controls", {origin, ImVec2(origin.x + size.x, origin.y + size.y)});
        lessons_.draw(state_, size);
        ImGui::EndTabItem();
    }
    selectLessonTab_ = false;
    if (ImGui::BeginTabItem("Runs")) {
        drawComparePanel(state_, *compare_, viewOptions);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

// The single run: its particle panel, the predictor and experiments tabs, the loss curves.
void App::singleViews(const WindowLayout& l) {
    WidgetRects& rects = widgetRects();
    const float font = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    // Half the usual padding: the particle view is the picture the class looks at.
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(style.WindowPadding.x * 0.5f, style.WindowPadding.y * 0.5f));
    beginPanel("particles", l.particles, Scroll::No);
    ImGui::PopStyleVar();
    // One header line: the title, then as much of the caption as fits (whole in its tooltip).
    const float inner = ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(fonts_.heading);
    const std::string title = fitText("Particles in parameter space", inner);
    ImGui::TextUnformatted(title.c_str());
    rects.add("particles.title", "particles", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    ImGui::PopFont();
    const std::string& caption = particleView_.embedding().caption;
    const float captionRoom = inner - ImGui::GetItemRectSize().x - style.ItemSpacing.x * 2;
    const std::string shortCaption = fitText(caption, captionRoom);
    if (ImGui::CalcTextSize(shortCaption.c_str()).x > font * 4.0f) {
        ImGui::SameLine(0.0f, style.ItemSpacing.x * 2);
        ImGui::TextDisabled("%s", shortCaption.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", caption.c_str());
        rects.add("particles.caption", "particles", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    }
    particleView_.draw(state_.snapshot, ImGui::GetContentRegionAvail());
    layout_.particles = particleView_.rect();
    particleHeader_ = l.particles.height() - layout_.particles.height();
    ImGui::EndChild();
    rects.add("particles", "window", l.particles);
    particlePanel_ = l.particles;

    rightPane(l.side, l.lossInTabs);
    if (!l.lossInTabs) {
        beginPanel("loss", l.loss, Scroll::No);
        lossPlot("window", l.loss);
        ImGui::EndChild();
    }
}

void App::openComparison(const Comparison& comparison, bool play) {
    closeComparison();
    engine_->pause();  // the single run waits behind the comparison
    EngineOptions engineOptions;
    engineOptions.published = [] { glfwPostEmptyEvent(); };
    compare_ = std::make_unique<CompareSession>(comparison, engineOptions);
    state_.compare = compare_.get();
    compare_->setPace(state_.pace);
    // A clip being recorded holds the runs at their start until its clock grants steps.
    if (clip_)
        for (std::size_t i = 0; i < compare_->size(); ++i) compare_->engine(i).setStepLimit(0);
    panes_.open(*compare_);
    if (options_.scripted()) compare_->sync();  // a scripted run's first frame shows the runs' start
    compareLoss_ = {};
    std::string notice = "comparing " + std::to_string(comparison.runs.size()) + " runs: " + comparison.name;
    // A small window (or a large UI scale) gives the panes the panel's width: Tab shows it.
    const float font = fonts_.regular ? fonts_.regular->FontSize : 17.0f * state_.uiScale;
    int width = 0, height = 0;
    glfwGetWindowSize(window_, &width, &height);
    // A lesson keeps it: its tab there is what the class reads and steps with.
    if (state_.controlsOpen && !lessons_.active() && float(width) < font * 70.0f)
        state_.controlsOpen = false, notice += " (Tab shows the panel)";
    if (play && !options_.paused && options_.lockstep == 0 && options_.benchmarkFrames == 0) compare_->play();
    setNotice(state_, notice);
}

void App::closeComparison() {
    state_.compare = nullptr;
    panes_.clear();
    compare_.reset();  // stops the runs' workers
}

// The run goes on in the single view from where it is: its whole state (particles, curves,
// random streams) through a checkpoint file, as Save state and Load state would.
void App::promote(std::size_t run) {
    if (!compare_ || run >= compare_->size()) return;
    const bool playing = compare_->playing();
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("flowscope-promote-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".checkpoint")).string();
    Engine& from = compare_->engine(run);
    from.pause();
    from.saveState(path);
    from.sync();  // a click's wait: the save of one run
    engine_->loadState(path);
    engine_->sync();
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    const std::string label = compare_->run(run).label;
    closeComparison();
    state_.preset.clear();  // a run with changed keys is not the preset as it stands
    if (playing) engine_->play();
    state_.viewRequests.fit = true;
    setNotice(state_, "continuing " + label + " in the single view");
}

void App::followCompareRequests() {
    AppState::CompareRequests& r = state_.compareRequests;
    if (r.open) {
        openComparison(*r.open, !r.openPaused);
        r.open.reset();
    }
    if (r.close) closeComparison();
    if (compare_ && r.promote >= 0) promote(static_cast<std::size_t>(r.promote));
    if (compare_ && r.remove >= 0) {
        const auto i = static_cast<std::size_t>(r.remove);
        // The last but one run removed: the one left goes on in the single view.
        if (compare_->size() <= 2) promote(1 - std::min<std::size_t>(i, 1));
        else compare_->remove(i), panes_.remove(i, *compare_);
    }
    r.close = r.openPaused = false, r.promote = r.remove = -1;
}

// The compared runs: their panes side by side, the overlaid loss curves below.
void App::compareViews(const ScreenRect& views) {
    const float gap = ImGui::GetStyle().ItemSpacing.y;
    const float lossHeight = std::min(std::max(views.height() * 0.3f, ImGui::GetFontSize() * 10.0f), views.height() * 0.4f);
    // Under them all, the timeline (the runs' flow time).
    const float bar = TimelineBar::height();
    const ScreenRect timeline{ImVec2(views.min.x, views.max.y - bar), views.max};
    const ScreenRect panes{views.min, ImVec2(views.max.x, views.max.y - bar - lossHeight - 2 * gap)};
    const ScreenRect loss{ImVec2(views.min.x, views.max.y - bar - lossHeight - gap), ImVec2(views.max.x, views.max.y - bar - gap)};
    widgetRects().add("compare", "window", panes);
    particlePanel_ = panes;  // a clip of the particles: all the panes, their legend included
    const PaneClicks clicks = panes_.draw(*compare_, panes, fonts_.heading);
    if (clicks.promote >= 0) state_.compareRequests.promote = clicks.promote;
    if (clicks.remove >= 0) state_.compareRequests.remove = clicks.remove;
    layout_.particles = panes_.size() > 0 ? panes_.particleRect(0) : ScreenRect{};
    beginPanel("compare-loss", loss, Scroll::No);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    compareCurves_ = drawCompareLossPlot(*compare_, compareLoss_, size);
    layout_.loss = {origin, ImVec2(origin.x + size.x, origin.y + size.y)};
    ImGui::EndChild();
    widgetRects().add("compare.loss", "window", loss);
    timelineBar_.draw(state_, timelineTarget(), timeline, "window");
}

TimelineTarget App::timelineTarget() {
    TimelineTarget t;
    if (compare_) {
        CompareSession* c = compare_.get();
        t.first = c->firstTime(), t.last = c->lastTime(), t.shown = c->shownTime();
        t.past = c->past(), t.settled = c->settled();
        t.stepSize = std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < c->size(); ++i) t.stepSize = std::min(t.stepSize, c->run(i).snapshot.scenario.dynamics.stepSize);
        t.runs = "the " + std::to_string(c->size()) + " runs";
        t.seek = [c](double time) { c->seekTime(time); };
        t.present = [c] { c->present(); };
        t.fork = [this, c] { c->fork(), scrubbing_ = false; };  // a scripted run goes on from the fork
        return t;
    }
    const Snapshot& s = state_.snapshot;
    t.first = s.timelineFirstTime, t.last = s.timelineLastTime, t.shown = s.current.time, t.past = s.past;
    t.settled = s.commandsApplied >= seekPosted_;
    t.stepSize = s.scenario.dynamics.stepSize;
    t.runs = "the run";
    t.seek = [this](double time) {
        engine_->seekTime(time);
        seekPosted_ = engine_->commandsPosted();
    };
    t.present = [this] {
        engine_->seekTime(std::numeric_limits<double>::max());  // at or past the run's own time: its present
        seekPosted_ = engine_->commandsPosted();
    };
    t.fork = [this] { engine_->fork(), scrubbing_ = false; };
    return t;
}

void App::scrubTo(double time) {
    scrubbing_ = true;
    if (compare_) {
        compare_->seekTime(time);
        compare_->sync();
    } else {
        engine_->seekTime(time);
        engine_->sync();
    }
}

void App::applyViewRequests() {
    AppState::ViewRequests& r = state_.viewRequests;
    if (r.fit) particleView_.fit(), panes_.fit(compare_.get());
    if (r.toggleTrails) particleView_.options.trails = !particleView_.options.trails;
    if (r.toggleTruth) particleView_.options.truth = !particleView_.options.truth;
    TruthEditor& truth = particleView_.truthEditor();
    if (r.truthHistory < 0) truth.undo(state_.snapshot);
    if (r.truthHistory > 0) truth.redo(state_.snapshot);
    if (r.removeTruthUnit) truth.removeHovered(state_.snapshot);
    truth.post(*state_.engine, state_.snapshot);  // an edit of this frame goes to the engine
    r = {};
}

// The predictor and the experiments share the right column, as tabs: the experiments
// need the room, and the particle view beside them shows the run a click on a dot opens.
// The loss curves filling the current window's content region; `rect` is recorded as
// the "loss" part of `parent`.
void App::lossPlot(const char* parent, const ScreenRect& rect) {
    // The timeline under the curves it scrubs along.
    const float gap = ImGui::GetStyle().ItemSpacing.y;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::GetContentRegionAvail();
    size.y -= TimelineBar::height() + gap;
    const PlotFrame frame = drawLossPlot(state_.snapshot, lossOptions_, size);
    const Snapshot& s = state_.snapshot;
    if (s.past)  // the moment the timeline shows, on the run's curves
        drawPlotCursor(frame, lossOptions_.versusTime ? s.current.time : double(s.current.step),
                       {{s.current.objective, palette::objective}});
    layout_.loss = {origin, ImVec2(origin.x + size.x, origin.y + size.y)};
    widgetRects().add("loss", parent, rect);
    const float top = origin.y + size.y + gap;
    timelineBar_.draw(state_, timelineTarget(), {ImVec2(origin.x, top), ImVec2(origin.x + size.x, top + TimelineBar::height())}, "loss");
}

std::vector<App::SideTabName> App::sideTabs(bool lossTab) const {
    std::vector<SideTabName> tabs = {
        {SideTab::Predictor, "Predictor"},
        {SideTab::Lesson, "Lesson"},
        {SideTab::Experiments, experiments_.busy() ? "Experiments (running)###experiments" : "Experiments###experiments"}};
    if (lossTab) tabs.push_back({SideTab::Loss, "Loss"});
    return tabs;
}

void App::rightPane(const ScreenRect& rect, bool lossTab) {
    WidgetRects& rects = widgetRects();
    beginPanel("side", rect, Scroll::No);
    rects.add("side", "window", rect);
    const ImVec2 tabsTop = ImGui::GetCursorScreenPos();
    const std::vector<SideTabName> tabs = sideTabs(lossTab);
    // A view chosen by the program (a lesson or an experiment opened, the narrow column's
    // default, the tab bar coming back) is forced on the tab bar for a frame: the bar
    // shows its own last choice until then, which must not count as the user's.
    bool force = selectLessonTab_ || selectExperimentsTab_;
    if (selectLessonTab_) sideTab_ = SideTab::Lesson;
    if (selectExperimentsTab_) sideTab_ = SideTab::Experiments;
    selectLessonTab_ = selectExperimentsTab_ = false;
    if (!lossTab && sideTab_ == SideTab::Loss) sideTab_ = SideTab::Predictor, force = true;  // the curves have their panel
    if (lossTab && !sideChosen_ && sideTab_ == SideTab::Predictor) sideTab_ = SideTab::Loss, force = true;

    const bool tabsFit = sideTabsFit(tabs, rect);
    if (tabsFit) {
        force = force || !sideTabsShown_;
        if (ImGui::BeginTabBar("right-pane")) {
            for (const SideTabName& tab : tabs) {
                const bool open = sideTab_ == tab.id;
                if (ImGui::BeginTabItem(tab.label, nullptr, force && open ? ImGuiTabItemFlags_SetSelected : 0)) {
                    if (!force && !open) sideTab_ = tab.id, sideChosen_ = true;  // a click on it
                    ImGui::EndTabItem();
                }
            }
            ImGui::EndTabBar();
        }
    } else {
        ImGui::SetNextItemWidth(-FLT_MIN);
        const auto open = std::find_if(tabs.begin(), tabs.end(), [&](const SideTabName& t) { return t.id == sideTab_; });
        if (ImGui::BeginCombo("##side view", open->label)) {
            for (const SideTabName& tab : tabs)
                if (ImGui::Selectable(tab.label, tab.id == sideTab_)) sideTab_ = tab.id, sideChosen_ = true;
            ImGui::EndCombo();
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("the view shown in this column");
    }
    sideTabsShown_ = tabsFit;
    rects.add("side.tabs", "side", {tabsTop, ImVec2(tabsTop.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y)});

    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    const ScreenRect r{origin, ImVec2(origin.x + size.x, origin.y + size.y)};
    switch (sideTab_) {
        case SideTab::Predictor:
            rects.add("predictor", "side", r);
            predictorView_.draw(state_.snapshot, ImVec2(r.width(), r.height()));
            if (auto click = predictorView_.takeClick()) addDrawnSample(state_, *click);
            layout_.predictor = r;
            break;
        case SideTab::Lesson:
            rects.add("lesson", "side", r);
            lessons_.draw(state_, ImVec2(r.width(), r.height()));
            break;
        case SideTab::Experiments:
            rects.add("experiments", "side", r);
            experiments_.draw(state_, ImVec2(r.width(), r.height()));
            break;
        case SideTab::Loss: lossPlot("side", r); break;
    }
    ImGui::EndChild();
}

// Whether every tab's name fits across the column (ImGui would otherwise shrink them to
// a letter or two each).
bool App::sideTabsFit(const std::vector<SideTabName>& tabs, const ScreenRect& rect) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float width = 0.0f;
    for (const SideTabName& tab : tabs)  // the shown part of each label
        width += ImGui::CalcTextSize(tab.label, nullptr, true).x + style.FramePadding.x * 2 + style.ItemInnerSpacing.x;
    return width <= rect.width() - style.WindowPadding.x * 2;
}

// Presenter mode's caption: the lesson step's text (else the scenario's description) in
// large type across the window, between the views and the status line, for the back rows.
// The text is as large as fits the band (at most 30% of the window): 1.3 times the UI's
// text, else smaller, down to the UI's own size, where a long text scrolls in its band.
constexpr float kCaptionScales[] = {1.3f, 1.15f, 1.0f};

std::string App::captionText() const {
    return lessons_.active() ? lessons_.caption() : state_.snapshot.scenario.description;
}

float App::fitCaption(const std::string& text, float width, float most) {
    const ImGuiStyle& style = ImGui::GetStyle();
    for (const float scale : kCaptionScales) {
        captionScale_ = scale;
        const float wrap = (width - style.WindowPadding.x * 2 - style.ScrollbarSize) / scale;
        const float height = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap).y * scale + style.WindowPadding.y * 2;
        if (height <= most) return height;
    }
    return most;
}

void App::drawCaption(const std::string& text) {
    ImGui::SetWindowFontScale(captionScale_);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetWindowFontScale(1.0f);
}

// F11: the window fills its monitor, and back to the size and place it had.
void App::toggleFullScreen() {
    if (glfwGetWindowMonitor(window_)) {
        glfwSetWindowMonitor(window_, nullptr, windowedX_, windowedY_, windowedWidth_, windowedHeight_, 0);
        return;
    }
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return;
    glfwGetWindowPos(window_, &windowedX_, &windowedY_);
    glfwGetWindowSize(window_, &windowedWidth_, &windowedHeight_);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
}

void App::runScriptedActions() {
    for (const ScriptedAction& a : options_.actions) {
        if (a.frame != frameNumber_) continue;
        const std::uint64_t before = engine_->commandsPosted();
        if (a.action == "apply") answerCostlyChange(state_, true);
        else if (a.action == "cancel") answerCostlyChange(state_, false);
        else if (a.action == "pause") compare_ ? compare_->pause() : engine_->pause();
        else if (a.action == "play") compare_ ? compare_->play() : engine_->play();
        else if (a.action == "fork") state_.timeline.fork = true;  // as Continue from here (or Ctrl Enter)
        else if (a.action == "confirm") state_.timeline.confirm = true;  // as the question's Continue button
        else if (a.action.rfind("scrub=", 0) == 0) scrubTo(std::stod(a.action.substr(6)));
        else if (a.action.rfind("count=", 0) == 0) requestParticleCount(state_, std::stoi(a.action.substr(6)));
        else if (a.action.rfind("preset=", 0) == 0) selectPreset(state_, a.action.substr(7));
        else if (a.action.rfind("remove=", 0) == 0) state_.compareRequests.remove = std::stoi(a.action.substr(7));
        else if (a.action.rfind("single=", 0) == 0) state_.compareRequests.promote = std::stoi(a.action.substr(7));
        else if (a.action.rfind("set=", 0) == 0) {  // typed into the key's control
            const auto eq = a.action.find('=', 4);
            applyTypedValue(state_, a.action.substr(4, eq - 4), a.action.substr(eq + 1));
        } else if (a.action.rfind("data=", 0) == 0) {
            loadDataFile(state_, a.action.substr(5));
        } else if (a.action.rfind("click=", 0) == 0 && showsClassifier(state_.snapshot)) {
            ClassifierView::Click click{};
            if (std::sscanf(a.action.c_str() + 6, "%lf,%lf,%lf", &click.x0, &click.x1, &click.label) == 3)
                addDrawnSample(state_, click);
        }
        actions_.push_back({a.frame, a.action, -1, -1.0});
        const std::uint64_t posted = engine_->commandsPosted();
        if (posted == before) actions_.back().shownFrame = frameNumber_, actions_.back().latencySeconds = 0.0;
        else unshownActions_.push_back({actions_.size() - 1, posted, glfwGetTime()});
    }
}

void App::noteShownActions() {
    const double now = glfwGetTime();
    auto shown = [&](const PendingAction& p) {
        if (state_.snapshot.commandsApplied < p.posted) return false;
        actions_[p.record].shownFrame = frameNumber_;
        actions_[p.record].latencySeconds = now - p.at;
        return true;
    };
    unshownActions_.erase(std::remove_if(unshownActions_.begin(), unshownActions_.end(), shown), unshownActions_.end());
}

void App::frame(bool recordTrailNow) {
    ++frameNumber_;
    const std::vector<KeyEvent> keyEvents = takeKeyEvents(frameNumber_);
    // The presets folder is read when the window gains focus (a preset added meanwhile
    // shows up), not at every frame.
    const bool focused = glfwGetWindowAttrib(window_, GLFW_FOCUSED) != 0;
    if (frameNumber_ == 1 || (focused && !focused_)) state_.presets = presetNames();
    focused_ = focused;
    // Whether the user was typing in a field when these keys came (ImGui's answer of the
    // last frame): then they are text, not shortcuts.
    runShortcuts(state_, keyEvents, ImGui::GetIO().WantTextInput);
    applyViewRequests();
    if (state_.uiScaleRequest > 0.0f) {
        applyUiScale(state_.uiScaleRequest);
        state_.settings.uiScale = state_.uiScaleRequest;
        state_.uiScaleRequest = 0.0f;
    }
    if (state_.contrastToggleRequested) {
        state_.contrastToggleRequested = false;
        state_.settings.highContrast = !palette::highContrastOn();
        palette::useScheme(state_.settings.highContrast ? palette::highContrast : palette::standard);
        applyTheme(state_.uiScale);  // the widgets' colours follow
    }
    runScriptedActions();
    followCompareRequests();
    if (compare_) {
        // Scripted lockstep: each frame takes every run on by K steps of the largest step size.
        double eta = 0.0;
        for (const ComparisonRun& r : compare_->comparison().runs) eta = std::max(eta, r.scenario.dynamics.stepSize);
        if (options_.lockstep > 0 && !scrubbing_) compare_->advanceAndWait(options_.lockstep * eta);
        else compare_->update();
        engine_->latest(state_.snapshot);
    } else if (options_.lockstep > 0 && !scrubbing_) waitForLockstep();
    else engine_->latest(state_.snapshot);
    timelineBar_.follow(state_, timelineTarget(), ImGui::GetIO().DeltaTime);
    noteShownActions();
    takeEngineMessages(state_);
    takeCompareMessages(state_);
    if (state_.recordRequested) {
        state_.recordRequested = false;
        if (clip_) stopRecording();
        else startRecording(timestampedName("flowscope", ".mp4"));
    }
    if (clip_) followClip();
    if (state_.lessonMove > 0) lessons_.next(state_), selectLessonTab_ = true;
    if (state_.lessonMove < 0) lessons_.back(state_), selectLessonTab_ = true;
    state_.lessonMove = 0;
    if (state_.fullScreenRequested) toggleFullScreen();
    state_.fullScreenRequested = false;
    particleView_.setHighlight(lessons_.highlight());
    panes_.setHighlight(lessons_.highlight());
    particleView_.density().synchronous = options_.lockstep > 0 || clip_;  // each frame its own snapshot's density
    experiments_.followScenario(state_.snapshot.scenario.name);
    experiments_.update(frameNumber_);  // takes finished runs even while its tab is hidden

    // A trail sample per new step, at most 30 a second (every frame in lockstep), so the
    // trail's length is a span of wall-clock time the eye can follow.
    const double now = glfwGetTime();
    const bool moved = state_.snapshot.current.step != lastTrailStep_;
    const bool record = moved && (recordTrailNow || clip_ || now - lastTrailSample_ >= 1.0 / 30.0);
    if (record) lastTrailSample_ = now, lastTrailStep_ = state_.snapshot.current.step;
    std::vector<PathFrame> taken;
    engine_->takePathFrames(taken);
    std::move(taken.begin(), taken.end(), std::back_inserter(pathFrames_));
    predictorView_.throttle = options_.lockstep == 0 && !clip_;
    if (compare_) {
        const bool due = recordTrailNow || clip_ || now - lastTrailSample_ >= 1.0 / 30.0;
        if (due) lastTrailSample_ = now;
        panes_.update(*compare_, particleView_.options, predictorView_.throttle, due);
    } else {
        particleView_.update(state_.snapshot, pathFrames_, record);
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    scriptPointer();
    ImGui::NewFrame();
    layout();
    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, width, height);
    glClearColor(palette::background.r, palette::background.g, palette::background.b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    // The REC mark is ImGui's foreground list, drawn after the clip's frame is read.
    renderWithoutOverlay();
    if (clip_) recordClipFrame(width, height);
    renderOverlay();

    if (state_.screenshotRequested) {
        state_.screenshotRequested = false;
        std::string message;
        writeScreenshot(timestampedName("flowscope", ".png"), width, height, message);
        setNotice(state_, message);
    }
}

void App::scriptPointer() {
    if (options_.drags.empty()) return;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    for (bool& down : io.MouseDown) down = false;
    for (const ScriptedDrag& d : options_.drags) {
        // The handle is found again until the button goes down (the view may still ease).
        if (frameNumber_ == d.frame || frameNumber_ == d.frame + 1)
            dragPath_ = particleView_.truthDragPath(state_.snapshot, d.unit, Eigen::Vector2d(d.dx, d.dy));
        if (const auto p = dragPointer(d, frameNumber_, dragPath_.first, dragPath_.second)) {
            io.MousePos = p->position;
            io.MouseDown[ImGuiMouseButton_Left] = p->down;
        }
    }
}

// ImGui lays tab bars out over its first frames, and the particle panel's header is
// measured in the frame before: a scripted clip's first frame is drawn after two frames
// that are laid out but not shown, so its size and look are those of every later frame.
void App::settleLayout() {
    engine_->sync();
    engine_->latest(state_.snapshot);
    for (int k = 0; k < 2; ++k) {
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        layout();
        ImGui::Render();
    }
}

void App::startRecording(const std::string& path) {
    try {
        clip_ = std::make_unique<ClipRecording>(path, recordRegionOf(options_.recordView), options_.recordFps,
                                                options_.scripted() && options_.lockstep > 0);
        state_.recording = true;
        setNotice(state_, "recording " + path + " (F9 stops and saves it)");
    } catch (const std::exception& e) {
        clipFailure_ = e.what();
        postWarning(state_, e.what());
        std::fprintf(stderr, "flowscope: %s\n", e.what());
    }
}

// Ends the clip; false (with the message shown and printed) when it could not be saved.
bool App::stopRecording() {
    std::unique_ptr<ClipRecording> clip = std::move(clip_);
    state_.recording = false;
    try {
        const RecordedClip done = clip->finish(clipRuns());
        char text[512];
        std::snprintf(text, sizeof text, "recorded %s: %d frames, %.1f s, %.1f MB", done.path.c_str(), done.frames,
                      done.seconds, double(done.bytes) / 1e6);
        setNotice(state_, text, 8.0);
        if (options_.scripted()) std::printf("%s\n", text);
        return true;
    } catch (const std::exception& e) {
        clip->abandon(clipRuns());
        clipFailure_ = e.what();
        postWarning(state_, e.what());
        std::fprintf(stderr, "flowscope: %s\n", e.what());
        return false;
    }
}

// Before drawing: the clip's clock grants the engine its steps; a scripted run waits for
// them (the window never does: it draws on, and captures when they are taken).
void App::followClip() {
    if (options_.scripted() && clip_->frames() == 0) {  // start from a published, evaluated run
        if (compare_) compare_->sync();
        else engine_->sync(), engine_->latest(state_.snapshot);
    }
    clip_->beforeFrame(clipRuns());
    if (!options_.scripted()) return;
    while (clip_->waitingForSteps(clipRuns())) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (compare_) compare_->update();
        else engine_->latest(state_.snapshot);
    }
}

// What a clip shows: the compared runs in compare mode, else the single run.
std::vector<ClipRun> App::clipRuns() {
    std::vector<ClipRun> runs;
    if (compare_)
        for (std::size_t i = 0; i < compare_->size(); ++i) runs.push_back({&compare_->engine(i), &compare_->run(i).snapshot});
    else
        runs.push_back({engine_.get(), &state_.snapshot});
    return runs;
}

void App::recordClipFrame(int framebufferWidth, int framebufferHeight) {
    if (!clip_->frameDue(clipRuns())) return;
    PixelRect rect{0, 0, framebufferWidth, framebufferHeight};
    if (clip_->region() == RecordRegion::Particles) {
        const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
        const ScreenRect& r = particlePanel_;  // with its title and legend (the panes, in compare mode); settled from the first frame
        rect = {int(std::lround(r.min.x * scale.x)), framebufferHeight - int(std::lround(r.max.y * scale.y)),
                int(std::lround(r.width() * scale.x)), int(std::lround(r.height() * scale.y))};
    }
    try {
        const Snapshot& shown = compare_ ? compare_->run(0).snapshot : state_.snapshot;
        clip_->capture(clipRuns(), rect, framebufferWidth, framebufferHeight, demoPace(shown.scenario));
    } catch (const std::exception& e) {
        clip_->abandon(clipRuns());
        clip_.reset();
        state_.recording = false;
        clipFailure_ = e.what();
        postWarning(state_, e.what());
        std::fprintf(stderr, "flowscope: %s\n", e.what());
    }
}

bool App::capture(int frameNumber, bool numbered) {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    bool ok = true;
    std::string message;
    if (!options_.screenshot.empty()) {
        const std::string path = numbered ? numberedPath(options_.screenshot, frameNumber) : options_.screenshot;
        if (!writeScreenshot(path, width, height, message)) ok = false, std::fprintf(stderr, "flowscope: %s\n", message.c_str());
    }
    if (!options_.stateDump.empty()) {
        const std::string path = numbered ? numberedPath(options_.stateDump, frameNumber) : options_.stateDump;
        float scale = ImGui::GetIO().DisplayFramebufferScale.x;
        const ExperimentReport experiment = experiments_.report(state_);
        DumpExtras extras;
        extras.commandsApplied = engine_->commandsApplied();
        extras.actions = actions_;
        extras.progress = engine_->progress();
        extras.density = particleView_.density().report();
        if (state_.costlyChange) extras.question = state_.costlyChange->what, extras.questionSeconds = state_.costlyChange->seconds;
        extras.controlsOpen = state_.controlsOpen;
        extras.uiScale = state_.uiScale;
        extras.palette = palette::active.name;
        if (compare_) {
            extras.compare = compareDump(*compare_, compareCurves_);
            // What the window says about the runs: the warnings and errors open, the notice shown.
            nlohmann::json messages = nlohmann::json::array();
            for (const Message* m : state_.messages.open()) messages.push_back(m->text);
            const Message* notice = state_.messages.currentNotice(ImGui::GetTime());
            extras.compare["messages"] = messages;
            extras.compare["notice"] = notice ? notice->text : std::string();
        }
        extras.lesson = lessons_.report(state_);
        extras.truthDragUnit = particleView_.truthEditor().draggedUnit();
        if (!writeStateDump(path, state_.snapshot, frameNumber, layout_, scale, &experiment, extras, message))
            ok = false, std::fprintf(stderr, "flowscope: %s\n", message.c_str());
    }
    return ok;
}

void App::waitWhileIdle() {
    // Minimized: nothing to draw; the solver goes on by itself.
    while (glfwGetWindowAttrib(window_, GLFW_ICONIFIED) && !glfwWindowShouldClose(window_)) glfwWaitEventsTimeout(0.5);
    const ImGuiIO& io = ImGui::GetIO();
    const Snapshot& s = state_.snapshot;
    const double now = glfwGetTime();
    bool input = io.MousePos.x != lastMouse_.x || io.MousePos.y != lastMouse_.y || io.MouseWheel != 0.0f || io.MouseWheelH != 0.0f ||
                 ImGui::IsAnyItemActive() || io.WantTextInput;  // a drag, or a field's blinking cursor
    for (bool down : io.MouseDown) input = input || down;
    lastMouse_ = io.MousePos;
    const bool moving = s.playing || s.pendingSteps > 0 || engine_->progress().computing || experiments_.busy() ||
                        state_.screenshotRequested || state_.uiScaleRequest > 0.0f || state_.contrastToggleRequested ||
                        s.serial != lastSerial_ || (compare_ && compare_->playing()) || timelineBar_.direction() != 0;
    lastSerial_ = s.serial;
    if (input || moving) lastActivity_ = now;
    // A second of stillness first: hover highlights, tooltips and the last publications settle.
    if (now - lastActivity_ < 1.0) return;
    // A notice in the status line is drawn again when it expires; otherwise input, a
    // publication (EngineOptions::published) or a few seconds wake the window.
    double timeout = 5.0;
    const double noticeEnds = state_.messages.noticeEnds(ImGui::GetTime());  // ImGui's clock, as the notice's
    if (noticeEnds > 0.0) timeout = std::min(timeout, noticeEnds - ImGui::GetTime() + 0.05);
    glfwWaitEventsTimeout(timeout);
    if (glfwGetTime() - now < timeout * 0.95) lastActivity_ = glfwGetTime();  // woken by an event: draw it
}

// Only the solver's progress changes the picture (the run, the compared runs, a sweep in
// the background, a long evaluation): no input for a moment (hover highlights settle), no
// drag or field being edited, no clip (each of its frames is wanted), no timeline playing.
bool App::framesPaced() const {
    const ImGuiIO& io = ImGui::GetIO();
    const bool running = state_.snapshot.playing || (compare_ && compare_->playing()) || experiments_.busy() ||
                         engine_->progress().computing;
    bool held = ImGui::IsAnyItemActive() || io.WantTextInput;
    for (bool down : io.MouseDown) held = held || down;
    return running && !held && !clip_ && timelineBar_.direction() == 0 && glfwGetTime() - lastInput_ >= 0.3;
}

void App::paceFrame(double frameStart, double frameSeconds) {
    if (inputEvents_ != inputSeen_) inputSeen_ = inputEvents_, lastInput_ = glfwGetTime();
    if (!framesPaced()) return;
    const double next = frameStart + FramePacer::interval(frameSeconds);
    // Publications wake the wait too (EngineOptions::published); only input or the time ends it.
    for (double now = glfwGetTime(); now < next && inputEvents_ == inputSeen_ && !glfwWindowShouldClose(window_); now = glfwGetTime())
        glfwWaitEventsTimeout(next - now);
    if (inputEvents_ != inputSeen_) inputSeen_ = inputEvents_, lastInput_ = glfwGetTime();
}

// One frame as the interactive loop draws it: drawn, shown, then the wait while idle or paced.
double App::interactiveFrame() {
    const double start = glfwGetTime();
    frame(false);
    glfwSwapBuffers(window_);
    const double drawn = glfwGetTime() - start;
    waitWhileIdle();
    paceFrame(start, drawn);
    return drawn;
}

int App::runBenchmark() {
    const int n = options_.benchmarkFrames;
    // Wall time per frame (mean, p95), and the GUI thread's CPU time per frame: what a
    // loaded machine changes much less (with a software renderer rasterizing on this
    // thread, LP_NUM_THREADS=0, it is the frame's whole cost but the X server's).
    struct FrameTimes {
        double mean = 0.0, p95 = 0.0, cpu = 0.0;
    };
    auto measure = [&](int frames) {
        std::vector<double> times;
        const double cpuStart = threadCpuSeconds();
        for (int i = 0; i < frames; ++i) {
            const auto start = Clock::now();
            frame(false);
            glfwSwapBuffers(window_);
            glFinish();
            times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        FrameTimes t;
        t.cpu = (threadCpuSeconds() - cpuStart) * 1e3 / std::max(frames, 1);
        std::sort(times.begin(), times.end());
        for (double x : times) t.mean += x;
        t.mean /= std::max<std::size_t>(times.size(), 1);
        t.p95 = times[std::min(times.size() - 1, static_cast<std::size_t>(0.95 * times.size()))];
        return t;
    };
    // Compare mode: every run plays (each on its worker), the window draws all the panes.
    const auto play = [this](bool on) {
        if (compare_) on ? compare_->play() : compare_->pause();
        else on ? engine_->play() : engine_->pause();
    };
    play(true);
    measure(20);  // warm up: first uploads, font atlas, predictor caches
    const auto running = measure(n);
    double stepsPerSecond = state_.snapshot.stepsPerSecond;
    int particles = state_.snapshot.particles.count();
    std::string name = state_.snapshot.scenario.name;
    if (compare_) {
        stepsPerSecond = particles = 0;
        for (std::size_t i = 0; i < compare_->size(); ++i)
            stepsPerSecond += compare_->run(i).snapshot.stepsPerSecond, particles += compare_->run(i).snapshot.particles.count();
        name = std::to_string(compare_->size()) + " runs of " + compare_->comparison().name;
    }
    // The window as used: the interactive loop (frames paced while only the solver moves
    // the picture) for a few seconds; the solver's steps/s over that wall time. A run's
    // first steps (its start's evaluation, a first sort from a random order) cost more than
    // those of a run going on, and at 10^6 units a step is a sizeable part of a second: the
    // steps are counted from the first frame that shows a new step, two steps in, to the
    // last frame that shows one, over the time between those two frames.
    double pacedSteps = 0.0, pacedStepSeconds = 0.0, pacedFrames = 0.0, pacedSeconds = 0.0, pacedFirstStep = 0.0;
    double pacedDrawing = 0.0;  // seconds of the paced loop spent drawing (what the pacer rests after)
    std::string pacedCpu;
    if (options_.benchmarkSeconds > 0.0) {
        const auto stepOf = [this] {
            double steps = 0.0;
            if (!compare_) return double(state_.snapshot.current.step);
            for (std::size_t i = 0; i < compare_->size(); ++i) steps += double(compare_->run(i).snapshot.current.step);
            return steps;
        };
        const auto open = [this] { return !glfwWindowShouldClose(window_); };
        const double warmEnd = glfwGetTime() + options_.benchmarkSeconds, warmStep = stepOf() + 2.0;
        // Also until the frames are paced: the window's first events (its mapping, focus) count
        // as input, after which frames come back to back for a moment (App::framesPaced).
        while ((stepOf() < warmStep || !framesPaced()) && glfwGetTime() < warmEnd && open()) interactiveFrame();
        const double start = glfwGetTime();
        double lastStep = stepOf(), lastAt = start;
        const int firstFrame = frameNumber_;
        const auto cpuBefore = threadCpuByName();
        pacedFirstStep = lastStep;
        while (glfwGetTime() - start < options_.benchmarkSeconds && open()) {
            pacedDrawing += interactiveFrame();
            if (const double step = stepOf(); step != lastStep) lastStep = step, lastAt = glfwGetTime();
        }
        pacedSeconds = glfwGetTime() - start;
        pacedCpu = threadCpuShares(cpuBefore, threadCpuByName(), pacedSeconds);
        pacedSteps = lastStep - pacedFirstStep, pacedStepSeconds = lastAt - start, pacedFrames = frameNumber_ - firstFrame;
    }
    play(false);
    measure(10);
    const auto paused = measure(n);
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    std::printf("GUI frame time: %s, %d particles, %dx%d, %d frames each\n", name.c_str(), particles, width, height, n);
    std::printf("  solver running flat out: mean %.2f ms, p95 %.2f ms, GUI thread CPU %.2f ms  (solver %.3g steps/s)\n",
                running.mean, running.p95, running.cpu, stepsPerSecond);
    std::printf("  solver paused:           mean %.2f ms, p95 %.2f ms, GUI thread CPU %.2f ms\n", paused.mean, paused.p95, paused.cpu);
    if (pacedSeconds > 0.0) {
        std::printf("  window as used (paced):  %.4g steps/s, %.3g frames/s over %.1f s\n",
                    pacedStepSeconds > 0.0 ? pacedSteps / pacedStepSeconds : 0.0, pacedFrames / pacedSeconds, pacedSeconds);
        // The pacing itself, against the frames of the same loop (frame times vary by tens of
        // percent from one second to the next on a shared machine): the share of the wall
        // time the GUI thread spent drawing, about 1 / (1 + FramePacer::kRestPerDrawn) or
        // less; frames drawn back to back would be near 100%.
        std::printf("  drawing meanwhile: %.1f%% of the time, frames of %.2f ms\n", 100.0 * pacedDrawing / pacedSeconds,
                    pacedFrames > 0.0 ? 1e3 * pacedDrawing / pacedFrames : 0.0);
        // The GUI thread goes by the program's name (as do the solver's helper threads, when it has any).
        std::printf("  cores used meanwhile, by thread: %s\n", pacedCpu.c_str());
        // Which steps those were: a step's cost changes as the particles move (relu2d at 10^6:
        // steps 60 to 160 take 6% longer than 10 to 60), so a rate to compare with is
        // measured over the same steps of the same run.
        if (!compare_) std::printf("  steps in it: %.0f to %.0f\n", pacedFirstStep, pacedFirstStep + pacedSteps);
    }
    return 0;
}

// A scripted sweep: frames keep coming while it runs (the GUI never waits for it); the
// shot is taken at the first frame that shows it finished, or after --frames N.
int App::runExperiment() {
    experiments_.settings.seeds = options_.experimentSeeds;
    experiments_.settings.steps = options_.experimentSteps;
    experiments_.settings.threads = options_.experimentThreads;
    engine_->sync();  // scripted only: the sweep starts from the loaded scenario, not an empty snapshot
    engine_->latest(state_.snapshot);
    experiments_.start(state_, options_.experiment);
    selectExperimentsTab_ = true;
    int f = 1;
    for (; f <= options_.frames && !glfwWindowShouldClose(window_); ++f) {
        frame(options_.lockstep > 0);
        if (experiments_.finishedShown() && f >= 3) break;  // ImGui lays a tab bar out over its first frames
        glfwSwapBuffers(window_);
    }
    if (options_.experimentOpen >= 0 && static_cast<std::size_t>(options_.experimentOpen) < experiments_.resultCount()) {
        glfwSwapBuffers(window_);
        experiments_.open(state_, static_cast<std::size_t>(options_.experimentOpen));
        engine_->sync();  // scripted only: the dump should show the opened run
        frame(true);
    }
    const bool ok = capture(std::min(f, options_.frames), false);
    glfwSwapBuffers(window_);
    return ok ? 0 : 1;
}

int App::run() {
    if (options_.benchmarkFrames > 0) return runBenchmark();
    if (!options_.experiment.empty()) return runExperiment();
    if (options_.frames >= 0) {
        bool ok = true;
        const bool numbered = options_.screenshotAt.size() > 1;
        std::size_t next = 0;
        if (clip_) settleLayout();
        for (int f = 1; f <= options_.frames && !glfwWindowShouldClose(window_); ++f) {
            if (f == options_.frames && options_.scrub >= 0.0) scrubTo(options_.scrub);
            frame(options_.lockstep > 0);
            if (next < options_.screenshotAt.size() && options_.screenshotAt[next] == f) {
                ok = capture(f, numbered) && ok;
                ++next;
            }
            glfwSwapBuffers(window_);
        }
        if (clip_ && !stopRecording()) return 4;
        if (!clipFailure_.empty()) return 4;
        return ok ? 0 : 1;
    }
    while (!glfwWindowShouldClose(window_) && !state_.quitRequested) interactiveFrame();
    if (clip_) stopRecording();
    glfwGetWindowSize(window_, &state_.settings.windowWidth, &state_.settings.windowHeight);
    state_.settings.views["particles"] = particleView_.savedOptions();
    state_.settings.views["predictor"] = predictorView_.savedOptions();
    state_.settings.views["loss"] = lossOptions_.saved();
    if (!state_.preset.empty()) state_.settings.preset = state_.preset;
    saveSettings(state_.settings);
    return 0;
}

}  // namespace flowscope::gui
