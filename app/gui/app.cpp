#include "app.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "controls_panel.hpp"
#include "gl.hpp"
#include "screenshot.hpp"

namespace flowscope::gui {

using Clock = std::chrono::steady_clock;

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
    engine_ = std::make_unique<Engine>(scenario, engineOptions);
    state_.engine = engine_.get();
    state_.preset = preset;
    state_.seed = scenario.initSeed();  // Reseed's field: the seed of the start
    state_.speedLimit = options_.speed >= 0.0 ? options_.speed : demoPace(scenario);
    if (options_.benchmarkFrames > 0) state_.speedLimit = 0.0;
    engine_->setStepsPerSecondLimit(state_.speedLimit);
    state_.particleView = &particleView_;
    state_.particleOptions = &particleView_.options;
    state_.contours = &predictorView_.contours;
    particleView_.options.trails = state_.settings.trails;
    if (!options_.trails.empty()) {
        particleView_.options.trails = options_.trails != "off";
        particleView_.options.wholePaths = options_.trails == "whole";
    }
    state_.loss.versusTime = state_.settings.lossVersusTime;

    particleView_.initialize();
    predictorView_.initialize();
}

App::~App() {
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
    if (options_.scripted()) ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouse;  // the layout is fixed; nothing to write into the working folder
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    imguiReady_ = true;

    float contentScale = 1.0f, unused = 1.0f;
    glfwGetWindowContentScale(window_, &contentScale, &unused);
    float scale = options_.uiScale > 0.0f ? options_.uiScale : state_.settings.uiScale > 0.0f ? state_.settings.uiScale : contentScale;
    applyUiScale(std::clamp(scale, 0.75f, 3.0f));
}

void App::applyUiScale(float scale) {
    state_.uiScale = scale;
    fonts_ = loadFonts(scale);
    applyTheme(scale);
}

void App::waitForLockstep() {
    // Scripted runs only: ask for K steps and wait until they are taken and published
    // (a divergence ends the wait too).
    engine_->step(options_.lockstep);
    engine_->waitForSteps();
    engine_->latest(state_.snapshot);
}

void App::layout() {
    const float font = ImGui::GetFontSize();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::Begin("flowscope", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoSavedSettings);
    const float statusHeight = ImGui::GetFrameHeightWithSpacing();
    const float controlsWidth = std::min(font * 23.0f, viewport->WorkSize.x * 0.35f);
    const float height = ImGui::GetContentRegionAvail().y - statusHeight;

    ImGui::BeginChild("controls", ImVec2(controlsWidth, height), true);
    drawControls(state_);
    ImGui::EndChild();
    ImGui::SameLine();

    ImGui::BeginGroup();
    const float groupTop = ImGui::GetCursorPosY();
    drawBanners(state_);
    const float remaining = height - (ImGui::GetCursorPosY() - groupTop);
    const float topHeight = std::floor(remaining * 0.62f);
    const float lossHeight = remaining - topHeight - ImGui::GetStyle().ItemSpacing.y;
    const float particleWidth = std::floor(ImGui::GetContentRegionAvail().x * 0.52f);
    const ImGuiWindowFlags still = ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;

    ImGui::BeginChild("particles", ImVec2(particleWidth, topHeight), true, still);
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted("Particles in parameter space");
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s", particleView_.embedding().caption.c_str());
    ImGui::PopStyleColor();
    particleView_.draw(state_.snapshot, ImGui::GetContentRegionAvail());
    layout_.particles = particleView_.rect();
    ImGui::EndChild();
    ImGui::SameLine();

    rightPane(topHeight);

    ImGui::BeginChild("loss", ImVec2(0, lossHeight), true, still);
    const ImVec2 lossOrigin = ImGui::GetCursorScreenPos();
    const ImVec2 lossSize = ImGui::GetContentRegionAvail();
    drawLossPlot(state_.snapshot, state_.loss, lossSize);
    layout_.loss = {lossOrigin, ImVec2(lossOrigin.x + lossSize.x, lossOrigin.y + lossSize.y)};
    ImGui::EndChild();
    ImGui::EndGroup();

    drawStatusLine(state_, ImGui::GetIO().Framerate);
    ImGui::End();
}

// The predictor and the experiments share the top right, as tabs: the experiments need
// the room, and the particle view beside them shows the run a click on a dot opens.
void App::rightPane(float height) {
    const ImGuiWindowFlags still = ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::BeginChild("predictor", ImVec2(0, height), true, still);
    ImGui::PushFont(fonts_.heading);
    const bool tabs = ImGui::BeginTabBar("right-pane");
    ImGui::PopFont();
    if (!tabs) {
        ImGui::EndChild();
        return;
    }
    ImGui::PushFont(fonts_.heading);
    const bool predictor = ImGui::BeginTabItem("Predictor");
    ImGui::PopFont();
    if (predictor) {
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        const ImVec2 size = ImGui::GetContentRegionAvail();
        predictorView_.draw(state_.snapshot, size);
        layout_.predictor = {origin, ImVec2(origin.x + size.x, origin.y + size.y)};
        ImGui::EndTabItem();
    }
    ImGui::PushFont(fonts_.heading);
    const bool experiments = ImGui::BeginTabItem(experiments_.busy() ? "Experiments (running)###experiments" : "Experiments###experiments",
                                                 nullptr, selectExperimentsTab_ ? ImGuiTabItemFlags_SetSelected : 0);
    ImGui::PopFont();
    selectExperimentsTab_ = false;
    if (experiments) {
        experiments_.draw(state_, ImGui::GetContentRegionAvail());
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
    ImGui::EndChild();
}

void App::frame(bool recordTrailNow) {
    glfwPollEvents();
    if (state_.uiScaleRequest > 0.0f) {
        applyUiScale(state_.uiScaleRequest);
        state_.settings.uiScale = state_.uiScaleRequest;
        state_.uiScaleRequest = 0.0f;
    }
    if (options_.lockstep > 0) waitForLockstep();
    else engine_->latest(state_.snapshot);
    experiments_.update(++frameNumber_);  // takes finished runs even while its tab is hidden

    // A trail sample per new step, at most 30 a second (every frame in lockstep), so the
    // trail's length is a span of wall-clock time the eye can follow.
    const double now = glfwGetTime();
    const bool moved = state_.snapshot.current.step != lastTrailStep_;
    const bool record = moved && (recordTrailNow || now - lastTrailSample_ >= 1.0 / 30.0);
    if (record) lastTrailSample_ = now, lastTrailStep_ = state_.snapshot.current.step;
    particleView_.update(state_.snapshot, record);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    if (!options_.scripted()) handleShortcuts(state_);
    layout();
    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, width, height);
    glClearColor(0.07f, 0.075f, 0.09f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (state_.screenshotRequested) {
        state_.screenshotRequested = false;
        std::string message;
        writeScreenshot(timestampedScreenshotName(), width, height, message);
        setNotice(state_, message);
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
        const ExperimentReport experiment = experiments_.report();
        if (!writeStateDump(path, state_.snapshot, frameNumber, layout_, scale, &experiment, message))
            ok = false, std::fprintf(stderr, "flowscope: %s\n", message.c_str());
    }
    return ok;
}

int App::runBenchmark() {
    const int n = options_.benchmarkFrames;
    auto measure = [&](int frames) {
        std::vector<double> times;
        for (int i = 0; i < frames; ++i) {
            const auto start = Clock::now();
            frame(false);
            glfwSwapBuffers(window_);
            glFinish();
            times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        std::sort(times.begin(), times.end());
        double mean = 0.0;
        for (double t : times) mean += t;
        mean /= std::max<std::size_t>(times.size(), 1);
        return std::make_pair(mean, times[std::min(times.size() - 1, static_cast<std::size_t>(0.95 * times.size()))]);
    };
    engine_->play();
    measure(20);  // warm up: first uploads, font atlas, predictor caches
    const auto running = measure(n);
    const double stepsPerSecond = state_.snapshot.stepsPerSecond;
    engine_->pause();
    measure(10);
    const auto paused = measure(n);
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    std::printf("GUI frame time: %s, %d particles, %dx%d, %d frames each\n", state_.snapshot.scenario.name.c_str(),
                state_.snapshot.particles.count(), width, height, n);
    std::printf("  solver running flat out: mean %.2f ms, p95 %.2f ms  (solver %.0f steps/s)\n", running.first, running.second, stepsPerSecond);
    std::printf("  solver paused:           mean %.2f ms, p95 %.2f ms\n", paused.first, paused.second);
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
        for (int f = 1; f <= options_.frames && !glfwWindowShouldClose(window_); ++f) {
            frame(options_.lockstep > 0);
            if (next < options_.screenshotAt.size() && options_.screenshotAt[next] == f) {
                ok = capture(f, numbered) && ok;
                ++next;
            }
            glfwSwapBuffers(window_);
        }
        return ok ? 0 : 1;
    }
    while (!glfwWindowShouldClose(window_) && !state_.quitRequested) {
        frame(false);
        glfwSwapBuffers(window_);
    }
    glfwGetWindowSize(window_, &state_.settings.windowWidth, &state_.settings.windowHeight);
    state_.settings.trails = particleView_.options.trails;
    state_.settings.lossVersusTime = state_.loss.versusTime;
    if (!state_.preset.empty()) state_.settings.preset = state_.preset;
    saveSettings(state_.settings);
    return 0;
}

}  // namespace flowscope::gui
