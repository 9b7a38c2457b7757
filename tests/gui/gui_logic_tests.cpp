// The window's pure logic, without a window or a GL context: axes and ticks, the 2-D view
// and the orbit, trails (recent and whole-run thinning), the window's layout arithmetic,
// and the text a control sends. Each property is checked against an independent
// computation (inverse maps, direct enumeration of what should be kept).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <vector>

#include <unistd.h>

#include <Eigen/LU>        // determinant

#include "classifier_view.hpp"
#include "axes.hpp"
#include "compare_panes.hpp"
#include "camera.hpp"
#include "embedding.hpp"
#include "key_controls.hpp"
#include "loss_plot.hpp"
#include "messages.hpp"
#include "particle_view.hpp"
#include "plot.hpp"
#include "predictor_view.hpp"
#include "settings_store.hpp"
#include "timeline_bar.hpp"
#include "trails.hpp"
#include "window_layout.hpp"

using namespace flowscope;
using namespace flowscope::gui;

TEST_SUITE("gui.logic") {

TEST_CASE("an axis maps values to pixels and back, linear and logarithmic") {
    for (bool log : {false, true}) {
        const AxisScale axis{log ? 1e-4 : -3.0, log ? 10.0 : 7.0, 40.0f, 640.0f, log};
        CHECK(axis.toPixel(axis.lo) == doctest::Approx(40.0));
        CHECK(axis.toPixel(axis.hi) == doctest::Approx(640.0));
        for (float pixel : {40.0f, 100.5f, 333.0f, 640.0f}) {
            INFO(log, " ", pixel);
            CHECK(axis.toPixel(axis.fromPixel(pixel)) == doctest::Approx(pixel).epsilon(1e-5));
        }
        if (log) CHECK(axis.toPixel(1e-2) - axis.toPixel(1e-3) == doctest::Approx(axis.toPixel(1.0) - axis.toPixel(0.1)));
    }
}

TEST_CASE("linear ticks are nice, evenly spaced and inside the range; log ticks are the decades inside it") {
    for (auto [lo, hi] : {std::pair{0.0, 1.0}, {-3.7, 12.2}, {0.0012, 0.0049}, {1e5, 3.3e6}}) {
        INFO(lo, " ", hi);
        const std::vector<double> ticks = linearTicks(lo, hi, 5);
        REQUIRE(ticks.size() >= 2);
        CHECK(ticks.size() <= 12);
        const double step = ticks[1] - ticks[0];
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
        CHECK((std::abs(mantissa - 1.0) < 1e-6 || std::abs(mantissa - 2.0) < 1e-6 || std::abs(mantissa - 5.0) < 1e-6));
        for (std::size_t i = 0; i < ticks.size(); ++i) {
            CHECK(ticks[i] >= lo - 1e-9 * std::abs(hi - lo));
            CHECK(ticks[i] <= hi + 1e-9 * std::abs(hi - lo));
            if (i > 0) CHECK(ticks[i] - ticks[i - 1] == doctest::Approx(step));
        }
    }
    const std::vector<double> decades = logTicks(3e-4, 20.0);
    std::vector<double> expected;
    for (int k = -3; k <= 1; ++k) expected.push_back(std::pow(10.0, k));
    REQUIRE(decades.size() == expected.size());
    for (std::size_t i = 0; i < decades.size(); ++i) CHECK(decades[i] == doctest::Approx(expected[i]));
}

TEST_CASE("the 2-D view: screen and world are inverse maps, fit shows the box, zoom keeps the point under the pointer") {
    const ScreenRect rect{ImVec2(100, 50), ImVec2(900, 650)};
    for (bool equal : {true, false}) {
        View2D view;
        view.equalAspect = equal;
        view.fit(-2.0, 3.0, 0.5, 1.5, rect, 20.0f);
        for (auto [x, y] : {std::pair{-2.0, 0.5}, {3.0, 1.5}, {0.25, 1.0}}) {
            const ImVec2 p = view.toScreen(x, y, rect);
            CHECK(p.x >= rect.min.x + 20.0f - 1e-3f);
            CHECK(p.x <= rect.max.x - 20.0f + 1e-3f);
            CHECK(p.y >= rect.min.y + 20.0f - 1e-3f);
            CHECK(p.y <= rect.max.y - 20.0f + 1e-3f);
            const Eigen::Vector2d back = view.toWorld(p, rect);
            CHECK(back.x() == doctest::Approx(x).epsilon(1e-5));
            CHECK(back.y() == doctest::Approx(y).epsilon(1e-5));
        }
        if (equal) CHECK(view.pixelsPerUnitX == view.pixelsPerUnitY);
        else CHECK(view.toScreen(3.0, 1.0, rect).x - view.toScreen(-2.0, 1.0, rect).x == doctest::Approx(760.0));
        const ImVec2 pointer(321.0f, 222.0f);
        const Eigen::Vector2d under = view.toWorld(pointer, rect);
        view.zoomAt(pointer, rect, 3.5);
        const Eigen::Vector2d after = view.toWorld(pointer, rect);
        CHECK(after.x() == doctest::Approx(under.x()).epsilon(1e-6));
        CHECK(after.y() == doctest::Approx(under.y()).epsilon(1e-6));
    }
}

TEST_CASE("the orbit's rotation stays a rotation however it is dragged") {
    Orbit orbit;
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> delta(-300.0f, 300.0f);
    for (int i = 0; i < 50; ++i) {
        orbit.drag(ImVec2(delta(rng), delta(rng)));
        const Eigen::Matrix3d r = orbit.rotation();
        CHECK((r * r.transpose() - Eigen::Matrix3d::Identity()).norm() < 1e-6);  // its angles are floats
        CHECK(r.determinant() == doctest::Approx(1.0));  // right-handed
    }
}

namespace {
// A particle moving along the axis: sample t is at x = t (Spikes1D places (theta, w)).
Embedding lineEmbedding() {
    Embedding e;
    e.kind = EmbeddingKind::Spikes1D;
    return e;
}

// The x of each segment's start, oldest first, for particle 0 (segments are 10 floats).
std::vector<float> segmentStarts(const Trails& trails, const ParticleSet& now) {
    std::vector<float> v;
    trails.vertices(now, lineEmbedding(), v);
    std::vector<float> starts;
    for (std::size_t i = 0; i + 10 <= v.size(); i += 10) starts.push_back(v[i]);
    return starts;
}
}  // namespace

TEST_CASE("recent trails keep the last `length` samples, oldest faintest, ending at the particle") {
    Trails trails;
    trails.configure(10, 8, false);
    ParticleSet p(1, 1);
    for (int t = 0; t < 20; ++t) {
        p.theta(0, 0) = t;
        trails.record(p, lineEmbedding());
    }
    CHECK(trails.samples() == 8);
    p.theta(0, 0) = 20.0;
    std::vector<float> v;
    trails.vertices(p, lineEmbedding(), v);
    REQUIRE(v.size() == 8 * 10);  // 7 segments between samples, one to the particle
    for (int s = 0; s < 8; ++s) CHECK(v[s * 10] == doctest::Approx(12 + s));
    CHECK(v.back() == doctest::Approx(1.0f));               // the newest end fully opaque
    CHECK(v[4] < v[7 * 10 + 4]);                            // older segments fainter
    CHECK(v[v.size() - 5] == doctest::Approx(20.0f));       // the last segment ends where the particle is
}

TEST_CASE("trails at an earlier moment: the paths as they were then, ending at the particle shown") {
    for (bool whole : {false, true}) {
        INFO("whole run: ", whole);
        Trails trails;
        trails.configure(10, 8, whole);
        ParticleSet p(1, 1);
        for (int t = 0; t < 6; ++t) {  // sample t at x = t, taken at flow time t
            p.theta(0, 0) = t;
            trails.record(p, lineEmbedding(), double(t));
        }
        // At t = 3.5 the timeline shows the particle where it was then (x = 3.5, say).
        p.theta(0, 0) = 3.5;
        std::vector<float> v;
        trails.vertices(p, lineEmbedding(), v, 3.5);
        REQUIRE(v.size() == 4 * 10);  // samples 0..3: 3 segments, and one to the particle shown
        for (int s = 0; s < 4; ++s) CHECK(v[s * 10] == doctest::Approx(s));
        CHECK(v[v.size() - 5] == doctest::Approx(3.5f));
        // Before the second sample there is no path yet; at the present, all of it.
        trails.vertices(p, lineEmbedding(), v, 0.5);
        CHECK(v.empty());
        trails.vertices(p, lineEmbedding(), v);
        CHECK(v.size() == 6 * 10);
    }
}

TEST_CASE("whole-run trails thin evenly: the start is kept and the kept samples are equally spaced") {
    for (int length : {8, 9, 13}) {
        for (int count : {length, 3 * length + 1, 100}) {
            INFO("length ", length, ", samples ", count);
            Trails trails;
            trails.configure(10, length, true);
            ParticleSet p(1, 1);
            for (int t = 0; t < count; ++t) {
                p.theta(0, 0) = t;
                trails.record(p, lineEmbedding());
            }
            CHECK(trails.samples() <= length);
            CHECK(trails.samples() >= length / 2);
            const std::vector<float> starts = segmentStarts(trails, p);
            REQUIRE(starts.size() >= 2);
            CHECK(starts.front() == 0.0f);  // the run's start is always in the path
            const float spacing = starts[1] - starts[0];
            for (std::size_t i = 1; i < starts.size(); ++i) CHECK(starts[i] - starts[i - 1] == spacing);
            // Direct enumeration: the samples kept are every spacing-th since the start.
            CHECK(static_cast<int>(starts.back()) + spacing > count - 1 - spacing);
        }
    }
}

TEST_CASE("trails follow every k-th particle when there are more than they track") {
    Trails trails;
    trails.configure(10, 8, false);
    ParticleSet p(25, 1);
    trails.record(p, lineEmbedding());
    CHECK(trails.stride() == 3);
    CHECK(trails.tracked() == 9);  // particles 0, 3, ..., 24
    CHECK(trails.tracked() <= 10);
}

TEST_CASE("the window's panels lie inside it and overlap nowhere, at every size and font") {
    auto overlap = [](const ScreenRect& a, const ScreenRect& b) {
        return a.width() > 0 && b.width() > 0 && a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
    };
    auto inside = [](const ScreenRect& r, const ScreenRect& window) {
        return r.width() <= 0 || (r.min.x >= window.min.x - 0.5f && r.min.y >= window.min.y - 0.5f && r.max.x <= window.max.x + 0.5f &&
                                  r.max.y <= window.max.y + 0.5f);
    };
    for (auto [w, h] : {std::pair{1024.0f, 768.0f}, {1600.0f, 1000.0f}, {1920.0f, 1080.0f}, {800.0f, 600.0f}})
        for (float font : {13.0f, 17.0f, 26.0f, 34.0f})
            for (bool controls : {true, false}) {
                INFO(w, "x", h, " font ", font, " controls ", controls);
                LayoutMetrics m;
                m.font = font;
                m.gap = font * 0.5f;
                m.statusHeight = font * 1.8f;
                const ScreenRect window{ImVec2(8, 8), ImVec2(w - 8, h - 8)};
                const WindowLayout l = arrangeWindow(window, m, controls);
                const std::vector<ScreenRect> parts{l.controls, l.particles, l.side, l.loss, l.status};
                for (std::size_t i = 0; i < parts.size(); ++i) {
                    CHECK(inside(parts[i], window));
                    for (std::size_t j = i + 1; j < parts.size(); ++j) CHECK(!overlap(parts[i], parts[j]));
                }
                CHECK(l.particles.width() > 0);
                CHECK((l.controls.width() > 0) == controls);
                CHECK(l.lossInTabs == (l.loss.width() <= 0));
            }
}

TEST_CASE("a control sends the shortest text that reads back to the same number") {
    CHECK(roundTripText(1e-7) == "1e-07");
    CHECK(roundTripText(0.1) == "0.1");
    CHECK(roundTripText(1e6) == "1e+06");  // shortest: the scenario reads it as 1000000 all the same
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> exponent(-300.0, 300.0), mantissa(1.0, 10.0);
    for (int i = 0; i < 2000; ++i) {
        const double x = mantissa(rng) * std::pow(10.0, exponent(rng));
        CHECK(std::strtod(roundTripText(x).c_str(), nullptr) == x);
    }
}

TEST_CASE("each view saves its own options and restores them through the settings file") {
    const std::filesystem::path folder = std::filesystem::temp_directory_path() / ("flowscope-views-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    ::setenv("XDG_CONFIG_HOME", folder.c_str(), 1);
    ParticleView particles;  // no GL until initialize()
    particles.options.trails = false;
    particles.options.wholePaths = true;
    particles.options.truth = false;
    particles.options.trailLength = 77;
    particles.options.particleSize = 2.5f;
    PredictorView predictor;
    predictor.contours = false;
    LossPlotOptions loss;
    loss.versusTime = true;
    Settings settings;
    settings.views["particles"] = particles.savedOptions();
    settings.views["predictor"] = predictor.savedOptions();
    settings.views["loss"] = loss.saved();
    REQUIRE(saveSettings(settings));
    const Settings read = loadSettings();
    ParticleView particlesAgain;
    PredictorView predictorAgain;
    LossPlotOptions lossAgain;
    particlesAgain.restoreOptions(read.views.at("particles"));
    predictorAgain.restoreOptions(read.views.at("predictor"));
    lossAgain.restore(read.views.at("loss"));
    CHECK(!particlesAgain.options.trails);
    CHECK(particlesAgain.options.wholePaths);
    CHECK(!particlesAgain.options.truth);
    CHECK(particlesAgain.options.trailLength == 77);
    CHECK(particlesAgain.options.particleSize == 2.5f);
    CHECK(!predictorAgain.contours);
    CHECK(lossAgain.versusTime);
    // A damaged section keeps the defaults, value by value.
    ParticleView damaged;
    damaged.restoreOptions({{"trails", "yes"}, {"trail_length", 1e9}, {"particle_size", 0.5}});
    CHECK(damaged.options.trails);
    CHECK(damaged.options.trailLength == 120);
    CHECK(damaged.options.particleSize == 0.5f);
    std::filesystem::remove_all(folder);
}

TEST_CASE("the message channel: notices show for their time, warnings and errors until dismissed") {
    Messages m;
    CHECK(m.currentNotice(0.0) == nullptr);
    const auto saved = m.post(Severity::Notice, "saved", 10.0, 4.0);
    const auto refused = m.post(Severity::Error, "refused", 11.0);
    const auto sweep = m.post(Severity::Warning, "sweep", 12.0);
    REQUIRE(m.currentNotice(13.9) != nullptr);
    CHECK(m.currentNotice(13.9)->id == saved);
    CHECK(m.currentNotice(13.9)->age(13.9) == doctest::Approx(3.9));
    CHECK(m.noticeEnds(13.0) == doctest::Approx(14.0));
    CHECK(m.currentNotice(14.1) == nullptr);  // expired
    CHECK(m.noticeEnds(14.1) == 0.0);
    std::vector<const Message*> open = m.open();
    REQUIRE(open.size() == 2);
    CHECK(open[0]->id == refused);  // oldest first
    CHECK(open[1]->id == sweep);
    m.dismiss(refused);
    CHECK(m.open().size() == 1);
    CHECK(m.find(refused) == nullptr);
    CHECK(m.find(sweep)->text == "sweep");
    m.post(Severity::Notice, "newer", 20.0);
    CHECK(m.currentNotice(20.5)->text == "newer");
    for (int i = 0; i < 100; ++i) m.post(Severity::Error, "e" + std::to_string(i), 30.0);
    CHECK(m.open().size() == 64);  // bounded: the oldest go first
    CHECK(m.open().back()->text == "e99");
    CHECK(m.find(sweep) == nullptr);
}

TEST_CASE("plot ranges hold the finite data with a margin, and honour log axes, fixed ends, symmetry and equal axes") {
    PlotSeries a;
    a.x = {1.0, 2.0, 3.0, 4.0};
    a.y = {0.5, -2.0, std::nan(""), 8.0};
    PlotConfig linear;
    PlotRanges r = plotRanges(linear, {a});
    CHECK(r.xLo == 1.0);  // a linear x is not padded
    CHECK(r.xHi == 4.0);
    CHECK(r.yLo == doctest::Approx(-2.0 - 0.05 * 10.0));  // 5% of the span each side; NaN ignored
    CHECK(r.yHi == doctest::Approx(8.0 + 0.05 * 10.0));

    PlotConfig logY;
    logY.logY = true;
    r = plotRanges(logY, {a});  // -2 cannot be shown on a log axis: 0.5 .. 8
    CHECK(r.yLo < 0.5);
    CHECK(r.yLo > 0.25);
    CHECK(r.yHi > 8.0);
    CHECK(r.yHi < 16.0);
    CHECK(std::log10(0.5) - std::log10(r.yLo) == doctest::Approx(std::log10(r.yHi) - std::log10(8.0)));  // even in decades

    PlotSeries flat;
    flat.x = {0.0, 1.0};
    flat.y = {3.0, 3.0};
    r = plotRanges(linear, {flat});
    CHECK(r.yLo < 3.0);  // a flat curve gets some height
    CHECK(r.yHi > 3.0);

    r = plotRanges(linear, {});
    CHECK(r.xLo == 0.0);
    CHECK(r.xHi == 1.0);
    CHECK(r.yLo == 0.0);
    CHECK(r.yHi == 1.0);

    PlotConfig fixed;
    fixed.yMin = -1.0;
    fixed.xMax = 10.0;
    fixed.symmetricY = true;
    r = plotRanges(fixed, {a});
    CHECK(r.yLo == -1.0);
    CHECK(r.xHi == 10.0);
    CHECK(r.yHi == doctest::Approx(8.0 * 1.1));  // symmetric [-8, 8], padded

    PlotConfig equal;
    equal.equalXY = true;
    r = plotRanges(equal, {a});
    CHECK(r.xLo == r.yLo);
    CHECK(r.xHi == r.yHi);
    CHECK(r.xLo <= -2.0);
    CHECK(r.xHi >= 8.0);
}

TEST_CASE("a compared pane's title shortens from its label to its keys' last parts to its values") {
    ComparedRun run;
    run.label = "particles.count = 3, init.kind = \"sphere\"";
    run.settings = {{"particles.count", "3"}, {"init.kind", "\"sphere\""}};
    CHECK(paneTitleForms(run) == std::vector<std::string>{run.label, "count = 3, kind = sphere", "3, sphere"});
    // A comparison's own label ("m = 3") comes first; a run without keys has it alone.
    run.label = "m = 3";
    run.settings = {{"particles.count", "3"}};
    CHECK(paneTitleForms(run) == std::vector<std::string>{"m = 3", "count = 3", "3"});
    run.settings.clear();
    CHECK(paneTitleForms(run) == std::vector<std::string>{"m = 3"});
}

}  // TEST_SUITE

TEST_CASE("the timeline plays the past at the pace: a decade of flow time per decade's seconds, back to the present at its end") {
    AppState state;  // the log-time pace: 3 s per decade
    state.pace.mode = Pace::Mode::LogTime;
    state.pace.secondsPerDecade = 3.0;
    std::vector<double> seeks;
    int presents = 0;
    TimelineTarget target;
    target.first = 0.0, target.last = 1000.0, target.shown = 1000.0, target.stepSize = 0.5;
    target.seek = [&](double t) { seeks.push_back(t); };
    target.present = [&] { ++presents; };
    target.fork = [] {};
    TimelineBar bar;

    state.timeline.play = -1;  // backwards from the present
    bar.follow(state, target, 3.0);
    REQUIRE(seeks.size() == 1);
    CHECK(seeks.back() == doctest::Approx(100.0));  // one decade in 3 s
    CHECK(bar.direction() == -1);
    target.shown = seeks.back(), target.past = true;
    target.settled = false;  // the seek not shown yet: nothing more is posted
    bar.follow(state, target, 1.5);
    CHECK(seeks.size() == 1);
    target.settled = true;
    bar.follow(state, target, 1.5);
    REQUIRE(seeks.size() == 2);
    CHECK(seeks.back() == doctest::Approx(100.0 / std::sqrt(10.0)));
    // At the start it stops there (its first moment, t = 0).
    bar.follow(state, target, 30.0);
    CHECK(seeks.back() == 0.0);
    CHECK(bar.direction() == 0);

    // Forwards: in steps per second (20 steps of 0.5 a second), and at the end the present.
    state.pace.mode = Pace::Mode::StepsPerSecond;
    state.pace.stepsPerSecond = 20.0;
    target.shown = 990.0;
    state.timeline.play = +1;
    bar.follow(state, target, 0.5);
    CHECK(seeks.back() == doctest::Approx(995.0));
    target.shown = 995.0;
    bar.follow(state, target, 1.0);
    CHECK(presents == 1);
    CHECK(bar.direction() == 0);
    // The same key again stops a playing past; "present" and "fork" are taken once.
    state.timeline.play = -1;
    bar.follow(state, target, 0.1);
    state.timeline.play = -1;
    bar.follow(state, target, 0.1);
    CHECK(bar.direction() == 0);
    CHECK(state.timeline.play == 0);
}

TEST_CASE("the classifier's boundary is the 0 level set of the grid's values, by marching squares") {
    // f = x0 - 0.3 on a 40 x 40 grid over [-1, 1]^2: the boundary is the line x0 = 0.3, top to bottom.
    const int res = 40;
    Eigen::VectorXd f(res * res), g(res * res);
    for (int r = 0; r < res; ++r)
        for (int c = 0; c < res; ++c) {
            const double x0 = -1.0 + 2.0 * (c + 0.5) / res, x1 = -1.0 + 2.0 * (r + 0.5) / res;
            f[r * res + c] = x0 - 0.3;
            g[r * res + c] = x0 * x0 + x1 * x1 - 0.25;  // a circle of radius 0.5
        }
    const auto line = flowscope::gui::zeroLevelSegments(f, res, -1.0, 1.0);
    REQUIRE(line.size() == 2 * (res - 1));  // one segment per row of cells
    for (const auto& p : line) CHECK(p[0] == doctest::Approx(0.3).epsilon(1e-12));
    const auto circle = flowscope::gui::zeroLevelSegments(g, res, -1.0, 1.0);
    REQUIRE(circle.size() > 20);
    for (const auto& p : circle) CHECK(std::abs(p.norm() - 0.5) < 0.01);  // linear interpolation of a smooth f
}
