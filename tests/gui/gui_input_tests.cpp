// The keyboard path, typed slider values and the experiments plot, without a window: the
// key queue and the tap keeper (key_input.hpp), the shortcut table (shortcuts.hpp)
// against real key event sequences and a real engine, a steering slider
// (steering_slider.hpp) driven through Dear ImGui's input as a user would (Ctrl+click,
// type, Enter), and the experiments panel drawn before and after a small sweep.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <stdexcept>
#include <sstream>
#include <string>
#include <tuple>

#include <GLFW/glfw3.h>

#include <chrono>
#include <thread>

#include "app_state.hpp"
#include "experiments_panel.hpp"
#include "widget_rects.hpp"
#include "key_input.hpp"
#include "scenario_library.hpp"
#include "shortcuts.hpp"
#include "steering_slider.hpp"

using namespace flowscope;
using namespace flowscope::gui;

namespace {

KeyEvent press(int key, int mods = 0) { return {key, 0, GLFW_PRESS, mods}; }
KeyEvent repeat(int key, int mods = 0) { return {key, 0, GLFW_REPEAT, mods}; }
KeyEvent release(int key, int mods = 0) { return {key, 0, GLFW_RELEASE, mods}; }

std::vector<std::string> docsOf(const std::vector<Triggered>& t) {
    std::vector<std::string> out;
    for (const Triggered& x : t) out.push_back(x.action->doc);
    return out;
}

const Action& rowWithKeys(const char* keys) {
    for (const Action& a : shortcutTable())
        if (std::string(a.keys) == keys) return a;
    FAIL("no shortcut row for " << keys);
    return shortcutTable().front();
}

}  // namespace

TEST_CASE("the key queue hands over every event once, in order") {
    KeyQueue q;
    q.push(press(GLFW_KEY_R));
    q.push(release(GLFW_KEY_R));
    q.push(press(GLFW_KEY_S));
    const std::vector<KeyEvent> first = q.take();
    REQUIRE(first.size() == 3);
    CHECK(first[0].action == GLFW_PRESS);
    CHECK(first[1].action == GLFW_RELEASE);
    CHECK(first[2].key == GLFW_KEY_S);
    CHECK(q.take().empty());
}

TEST_CASE("a tap between two frames reaches ImGui as a key down for one frame") {
    TapKeeper keeper;
    keeper.beginInterval();
    CHECK_FALSE(keeper.hold(press(GLFW_KEY_ENTER)));
    CHECK(keeper.hold(release(GLFW_KEY_ENTER)));  // pressed in this interval: held back
    const std::vector<KeyEvent> due = keeper.releasesDue();
    REQUIRE(due.size() == 1);
    CHECK(due[0].key == GLFW_KEY_ENTER);
    CHECK(keeper.releasesDue().empty());
    // A key pressed in an earlier frame is released at once, and repeats pass through.
    keeper.beginInterval();
    CHECK_FALSE(keeper.hold(press(GLFW_KEY_S)));
    keeper.beginInterval();
    CHECK_FALSE(keeper.hold(repeat(GLFW_KEY_S)));
    CHECK_FALSE(keeper.hold(release(GLFW_KEY_S)));
    CHECK(keeper.releasesDue().empty());
}

TEST_CASE("a tap triggers its action once, a held key once per system repeat") {
    const auto& table = shortcutTable();
    // R tapped between two frames: one reset, however short the press.
    CHECK(docsOf(triggeredActions(table, {press(GLFW_KEY_R), release(GLFW_KEY_R)}, false)) ==
          std::vector<std::string>{rowWithKeys("R").doc});
    // + held through three repeats: four doublings (not one per frame).
    const auto plus = triggeredActions(table, {press(GLFW_KEY_EQUAL), repeat(GLFW_KEY_EQUAL), repeat(GLFW_KEY_EQUAL),
                                               repeat(GLFW_KEY_EQUAL), release(GLFW_KEY_EQUAL)}, false);
    CHECK(plus.size() == 4);
    for (const Triggered& t : plus) CHECK(t.action == &rowWithKeys("+"));
    // Space does not repeat: a held Space toggles once.
    CHECK(triggeredActions(table, {press(GLFW_KEY_SPACE), repeat(GLFW_KEY_SPACE), repeat(GLFW_KEY_SPACE)}, false).size() == 1);
    // Control makes it another action: Ctrl + is the UI scale, not the step size.
    const auto ctrlPlus = triggeredActions(table, {press(GLFW_KEY_EQUAL, GLFW_MOD_CONTROL)}, false);
    REQUIRE(ctrlPlus.size() == 1);
    CHECK(ctrlPlus[0].action == &rowWithKeys("Ctrl +"));
    // Shift is ignored ("+" is Shift = on many layouts).
    CHECK(triggeredActions(table, {press(GLFW_KEY_EQUAL, GLFW_MOD_SHIFT)}, false).size() == 1);
    // While the user types in a field, keys are text.
    CHECK(triggeredActions(table, {press(GLFW_KEY_R), press(GLFW_KEY_EQUAL)}, true).empty());
    // The keypad's 3 picks the same preset as the 3 above the letters.
    const auto three = triggeredActions(table, {press(GLFW_KEY_3)}, false), pad = triggeredActions(table, {press(GLFW_KEY_KP_3)}, false);
    REQUIRE(three.size() == 1);
    REQUIRE(pad.size() == 1);
    CHECK(three[0].chord % 9 == 2);
    CHECK(pad[0].chord % 9 == 2);
}

TEST_CASE("no key is bound twice, no name is used twice, and docs/gui.md's table of actions is the table's") {
    std::set<std::tuple<int, bool, int>> seen;  // a chord with Shift ignored takes both
    std::set<std::string> names;
    for (const Action& a : shortcutTable()) {
        INFO(a.keys);
        CHECK(names.insert(a.name).second);
        CHECK(&actionNamed(a.name) == &a);
        for (const KeyChord& c : a.chords)
            for (int shift : {0, 1})
                if (c.shift < 0 || c.shift == shift) CHECK(seen.insert({c.key, c.ctrl, shift}).second);
    }
    CHECK_THROWS_AS(actionNamed("no_such_action"), std::logic_error);
    std::ifstream in(std::string(FLOWSCOPE_DOCS_DIR) + "/gui.md");
    REQUIRE(in.good());
    // The generated section: the lines between the two markers (scripts/update-actions-doc.sh).
    std::string section, line;
    bool inside = false, closed = false;
    while (std::getline(in, line)) {
        if (line == "<!-- actions: generated by scripts/update-actions-doc.sh; do not edit by hand -->") inside = true;
        else if (line == "<!-- end of actions -->") closed = inside, inside = false;
        else if (inside) section += line + "\n";
    }
    REQUIRE(closed);
    CHECK_MESSAGE(section == actionsListing(true), "docs/gui.md is stale: run scripts/update-actions-doc.sh");
    // Every row is one line of the listing, with the keys the user reads.
    for (const Action& a : shortcutTable())
        CHECK(section.find(std::string("| ") + a.keys + " | " + a.doc + " | " + a.place + " |\n") != std::string::npos);
}

TEST_CASE("Ctrl+Z undoes the truth's last change, Ctrl+Shift+Z (or Ctrl+Y) redoes it; + with Shift is still +") {
    auto names = [](const std::vector<KeyEvent>& events) {
        std::vector<std::string> out;
        for (const Triggered& t : triggeredActions(shortcutTable(), events, false)) out.push_back(t.action->name);
        return out;
    };
    CHECK(names({press(GLFW_KEY_Z, GLFW_MOD_CONTROL)}) == std::vector<std::string>{"undo_truth"});
    CHECK(names({press(GLFW_KEY_Z, GLFW_MOD_CONTROL | GLFW_MOD_SHIFT)}) == std::vector<std::string>{"redo_truth"});
    CHECK(names({press(GLFW_KEY_Y, GLFW_MOD_CONTROL)}) == std::vector<std::string>{"redo_truth"});
    CHECK(names({press(GLFW_KEY_Z)}).empty());
    CHECK(names({press(GLFW_KEY_EQUAL, GLFW_MOD_SHIFT)}) == std::vector<std::string>{"larger_step"});
    CHECK(names({press(GLFW_KEY_DELETE)}) == std::vector<std::string>{"remove_truth_unit"});
    AppState state;
    runShortcuts(state, {press(GLFW_KEY_Z, GLFW_MOD_CONTROL)}, false);
    CHECK(state.viewRequests.truthHistory == -1);
    runShortcuts(state, {press(GLFW_KEY_Z, GLFW_MOD_CONTROL | GLFW_MOD_SHIFT)}, false);
    CHECK(state.viewRequests.truthHistory == +1);
}

TEST_CASE("the shortcuts steer the engine: taps and repeats reach it, none lost") {
    Engine engine(loadScenarioNamed("relu2d"));
    AppState state;
    state.engine = &engine;
    engine.sync();
    engine.latest(state.snapshot);
    const double eta = state.snapshot.scenario.dynamics.stepSize;
    const std::uint64_t before = engine.commandsApplied();
    // In one frame: S tapped, S held through 2 repeats, - tapped, - held through 1 repeat
    // (smaller steps: 8 times larger ones would be caught as a blow-up and stop the steps).
    runShortcuts(state, {press(GLFW_KEY_S), release(GLFW_KEY_S), press(GLFW_KEY_S), repeat(GLFW_KEY_S), repeat(GLFW_KEY_S),
                         release(GLFW_KEY_S), press(GLFW_KEY_MINUS), release(GLFW_KEY_MINUS), press(GLFW_KEY_MINUS),
                         repeat(GLFW_KEY_MINUS), release(GLFW_KEY_MINUS)},
                 false);
    engine.waitForSteps();
    Snapshot s;
    engine.latest(s);
    CHECK(s.current.step == 4);
    CHECK(s.scenario.dynamics.stepSize == eta / 8.0);
    CHECK(engine.commandsApplied() - before == 7);  // 4 steps, 3 step sizes: one command each
    // Tab hides the control panel and shows it again.
    runShortcuts(state, {press(GLFW_KEY_TAB), release(GLFW_KEY_TAB)}, false);
    CHECK_FALSE(state.controlsOpen);
    runShortcuts(state, {press(GLFW_KEY_TAB)}, false);
    CHECK(state.controlsOpen);
}

// Dear ImGui without a window or renderer: frames of input, one slider.
namespace {

struct HeadlessImGui {
    HeadlessImGui() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(800, 600);
        io.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        io.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
        io.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
        io.KeyMap[ImGuiKey_Backspace] = GLFW_KEY_BACKSPACE;
        io.KeyMap[ImGuiKey_A] = GLFW_KEY_A;
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }

    // One frame with the slider; the value it asked to apply, if any.
    int frame(double current, std::vector<double>& applied, ScreenRect* rect = nullptr) {
        ImGui::GetIO().DeltaTime = 1.0f / 30.0f;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(400, 200));
        ImGui::Begin("test");
        double value = 0.0;
        if (steeringSlider(held, "step size", ImGuiDataType_Double, current, value, 1e-6, 100.0, "%.3g", ImGuiSliderFlags_Logarithmic))
            applied.push_back(value);
        if (rect) *rect = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        ImGui::End();
        ImGui::Render();
        return static_cast<int>(applied.size());
    }
    HeldEdit held;
};

}  // namespace

TEST_CASE("a typed slider value is applied once, on Enter, not per keystroke") {
    HeadlessImGui gui;
    ImGuiIO& io = ImGui::GetIO();
    std::vector<double> applied;
    const double current = 0.5;
    ScreenRect slider;
    gui.frame(current, applied, &slider);
    const ImVec2 centre(0.5f * (slider.min.x + slider.max.x), 0.5f * (slider.min.y + slider.max.y));
    // Ctrl+click turns the slider into a text field.
    io.MousePos = centre;
    io.KeyCtrl = true;
    io.MouseDown[0] = true;
    gui.frame(current, applied);
    io.MouseDown[0] = false;
    io.KeyCtrl = false;
    gui.frame(current, applied);
    gui.frame(current, applied);
    CHECK(io.WantTextInput);
    // Typing "0.1" one character a frame (the field starts selected: the first replaces it).
    for (char c : std::string("0.1")) {
        io.AddInputCharacter(static_cast<unsigned>(c));
        gui.frame(current, applied);
    }
    CHECK(applied.empty());  // "0" and "0." were never sent
    io.KeysDown[GLFW_KEY_ENTER] = true;
    gui.frame(current, applied);
    io.KeysDown[GLFW_KEY_ENTER] = false;
    gui.frame(current, applied);
    gui.frame(current, applied);
    REQUIRE(applied.size() == 1);
    CHECK(applied[0] == doctest::Approx(0.1));
    CHECK_FALSE(io.WantTextInput);
}

TEST_CASE("a typed slider value is applied when the field loses focus") {
    HeadlessImGui gui;
    ImGuiIO& io = ImGui::GetIO();
    std::vector<double> applied;
    ScreenRect slider;
    gui.frame(0.5, applied, &slider);
    io.MousePos = ImVec2(0.5f * (slider.min.x + slider.max.x), 0.5f * (slider.min.y + slider.max.y));
    io.KeyCtrl = true;
    io.MouseDown[0] = true;
    gui.frame(0.5, applied);
    io.MouseDown[0] = false;
    io.KeyCtrl = false;
    gui.frame(0.5, applied);
    for (char c : std::string("50")) {
        io.AddInputCharacter(static_cast<unsigned>(c));
        gui.frame(0.5, applied);
    }
    CHECK(applied.empty());  // not 5 first
    // A click elsewhere ends the edit.
    io.MousePos = ImVec2(700, 500);
    io.MouseDown[0] = true;
    gui.frame(0.5, applied);
    io.MouseDown[0] = false;
    gui.frame(0.5, applied);
    REQUIRE(applied.size() == 1);
    CHECK(applied[0] == doctest::Approx(50.0));
}

TEST_CASE("the experiments plot has no axes before a sweep, and a scenario change clears it") {
    HeadlessImGui gui;
    Scenario relu = loadScenarioNamed("relu2d");
    Engine engine(relu);
    AppState state;
    state.engine = &engine;
    engine.sync();
    engine.latest(state.snapshot);
    ExperimentsPanel panel;
    auto drawPanel = [&] {
        widgetRects().clear();
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(700, 500));
        ImGui::Begin("experiments");
        panel.draw(state, ImVec2(680, 480));
        ImGui::End();
        ImGui::Render();
    };
    drawPanel();
    CHECK(widgetRects().find("experiments.hint") != nullptr);
    CHECK(widgetRects().find("experiments.plot.area") == nullptr);  // no made-up 1e-3..1 axis

    panel.settings.steps = 20;
    panel.settings.seeds = 1;
    panel.start(state, "particles.count=1,2");
    for (int frame = 1; frame < 2000 && !panel.finishedShown(); ++frame) {
        panel.update(frame);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(panel.finishedShown());
    CHECK(panel.resultCount() == 2);
    drawPanel();
    CHECK(widgetRects().find("experiments.plot.area") != nullptr);

    panel.followScenario("relu2d");  // the same scenario (e.g. a run opened from the plot): kept
    CHECK(panel.resultCount() == 2);
    panel.followScenario("deconv1d");  // another scenario in the main view: cleared
    CHECK(panel.resultCount() == 0);
    drawPanel();
    CHECK(widgetRects().find("experiments.hint") != nullptr);
    CHECK(widgetRects().find("experiments.plot.area") == nullptr);
}
