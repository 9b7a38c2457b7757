// The timeline: any earlier step replayed from its keyframe equals the original run bit for
// bit, the keyframes of several runs stay within their shared budget, and a fork starts
// from exactly the state of its step.
#include <doctest/doctest.h>

#include <algorithm>

#include <filesystem>
#include <map>
#include <unistd.h>

#include "checkpoint.hpp"
#include "engine.hpp"
#include "input_error.hpp"
#include "rng.hpp"
#include "scenario_library.hpp"
#include "test_support.hpp"
#include "timeline.hpp"
#include "timeline_file.hpp"

using namespace flowscope;

namespace {

// Every number of a state in exact form (checkpoint.hpp writes doubles as hex floats),
// without the history and the restart counter, which a replay does not share.
std::string exactState(const Simulation& sim) {
    SimulationState s = sim.state(false);
    s.restarts = 0;
    return formatCheckpoint(s);
}

// A run stepped `steps` times, observed by `timeline` after every step, with the exact
// state of every step kept for comparison.
std::map<std::int64_t, std::string> record(Simulation& sim, Timeline& timeline, std::int64_t steps) {
    std::map<std::int64_t, std::string> states;
    timeline.observe(sim);
    states[sim.stepCount()] = exactState(sim);
    for (std::int64_t k = 0; k < steps; ++k) {
        sim.advance();
        timeline.observe(sim);
        states[sim.stepCount()] = exactState(sim);
    }
    return states;
}

Scenario minibatchNetwork() {
    // Mini-batches: the replay must continue the batch generator exactly too.
    Scenario s = loadScenarioNamed("sigmoid2d");
    s.network.risk = RiskKind::MiniBatch;
    s.particleCount = 15;
    return s;
}

}  // namespace

TEST_CASE("a replay from the nearest keyframe equals the original run bit for bit at random steps") {
    for (const Scenario& scenario : {minibatchNetwork(), testing::deconvolutionScenario(1, "dirichlet")}) {
        INFO(scenario.problem);
        // A budget of a few keyframes: the stride grows and most steps are replayed.
        auto budget = std::make_shared<KeyframeBudget>(12 * (sizeof(Keyframe) + 64 * sizeof(double)));
        Timeline timeline(budget);
        Simulation sim(scenario);
        const auto states = record(sim, timeline, 300);
        REQUIRE(sim.stepCount() == 300);
        REQUIRE(timeline.stride() > 8);
        CHECK(timeline.lastStep() == 300);

        Rng pick(7);
        Simulation replayed(scenario);
        for (int trial = 0; trial < 12; ++trial) {
            const std::int64_t step = trial == 0 ? 300 : std::int64_t(pick.uniform() * 301);
            INFO("step " << step);
            timeline.replay(replayed, step);
            CHECK(replayed.stepCount() == step);
            CHECK(exactState(replayed) == states.at(step));
        }
        // A keyframe itself restores exactly the state recorded then.
        for (const Keyframe& k : timeline.keyframes()) {
            timeline.replay(replayed, k.step());
            CHECK(exactState(replayed) == states.at(k.step()));
        }
    }
}

TEST_CASE("four runs filling a shared budget several times over stay within it") {
    Scenario s = testing::deconvolutionScenario(1, "dirichlet");
    s.particleCount = 2000;
    s.init.kind = InitKind::Grid;
    const std::size_t frame = sizeof(Keyframe) + sizeof(double) * 2 * 2000;  // w and theta
    auto budget = std::make_shared<KeyframeBudget>(64 * frame);  // 16 keyframes each
    std::vector<std::unique_ptr<Timeline>> timelines;
    std::vector<std::unique_ptr<Simulation>> sims;
    for (int r = 0; r < 4; ++r) {
        timelines.push_back(std::make_unique<Timeline>(budget));
        s.run.seed = 1 + r;
        sims.push_back(std::make_unique<Simulation>(s));
    }
    std::size_t peak = 0;
    const int steps = 400;  // 4 x ~25 keyframes at stride 1 up to 16: the budget fills about 6 times
    for (int k = 0; k <= steps; ++k)
        for (int r = 0; r < 4; ++r) {
            if (k > 0) sims[r]->advance();
            timelines[r]->observe(*sims[r]);
            peak = std::max(peak, budget->used());
            REQUIRE(timelines[r]->bytes() <= budget->share());
        }
    CHECK(peak <= budget->limit());
    CHECK(peak > budget->limit() / 2);  // it was really filled
    std::size_t sum = 0;
    for (const auto& t : timelines) sum += t->bytes();
    CHECK(sum == budget->used());
    for (const auto& t : timelines) {
        CHECK(t->stride() >= 32);
        CHECK(t->keyframes().front().step() == 0);  // the start always replays
        CHECK(t->keyframeFor(steps)->step() > steps - t->stride() - 1);
    }
    timelines.clear();
    CHECK(budget->used() == 0);
}

TEST_CASE("a fork starts from exactly the state of its step, with the history cut there, and may change parameters") {
    const Scenario scenario = loadScenarioNamed("relu2d");
    Timeline timeline;
    Simulation sim(scenario);
    const auto states = record(sim, timeline, 120);
    const std::int64_t at = 77;
    const SimulationState forked = timeline.forkState(at, sim.history().points());
    CHECK(forked.current.step == at);
    REQUIRE(!forked.history.empty());
    CHECK(forked.history.back().step == at);
    CHECK(forked.history.size() == std::size_t(at + 1));

    Simulation fork(scenario);
    fork.restore(forked, "fork");
    CHECK(exactState(fork) == states.at(at));
    // Unchanged, it goes on as the original did; with a new step size, elsewhere.
    Simulation same(scenario);
    same.restore(forked, "fork");
    same.advanceBy(120 - at);
    CHECK(exactState(same) == states.at(120));
    fork.setStepSize(0.25);
    fork.advanceBy(120 - at);
    CHECK(fork.current().time == doctest::Approx(at * 0.5 + (120 - at) * 0.25));
    CHECK(exactState(fork) != states.at(120));
    CHECK(sim.stepCount() == 120);  // the original is untouched
}

TEST_CASE("a fork from a thinned history still ends its history with a row of the step forked at") {
    // A long interactive run keeps its history within a capacity by thinning it to a longer
    // stride: the step gone back to may have no row of its own.
    const Scenario scenario = loadScenarioNamed("relu2d");
    Timeline timeline;
    Simulation sim(scenario, 16);  // capacity 16: 120 steps thin it to a stride of 8 or more
    record(sim, timeline, 120);
    const std::vector<HistoryPoint> rows = sim.history().points();
    std::int64_t at = 1;
    for (const HistoryPoint& row : rows)  // a step between two kept rows
        if (row.step > 1 && row.step < 119) at = row.step - 1;
    REQUIRE(std::none_of(rows.begin(), rows.end(), [&](const HistoryPoint& p) { return p.step == at; }));
    const SimulationState forked = timeline.forkState(at, rows);
    REQUIRE(!forked.history.empty());
    CHECK(forked.history.back().step == at);
    CHECK(forked.history.back().objective == forked.current.objective);
    for (std::size_t k = 0; k + 1 < forked.history.size(); ++k) CHECK(forked.history[k].step < forked.history[k + 1].step);
    Simulation fork(scenario, 16);
    fork.restore(forked, "fork");  // its checks of the history pass
    CHECK(fork.history().points().back().step == fork.stepCount());
}

TEST_CASE("a change between steps starts a segment: replays never cross it, and flow time finds steps of either step size") {
    Scenario scenario = testing::deconvolutionScenario(1, "dirichlet");
    Timeline timeline;
    Simulation sim(scenario);  // eta 0.01, then 0.005
    auto states = record(sim, timeline, 50);
    sim.setStepSize(0.005);
    timeline.markChanged();
    const auto later = record(sim, timeline, 50);
    for (const auto& [step, state] : later) states[step] = state;  // step 50 now the changed run's (its scenario differs)
    REQUIRE(timeline.lastStep() == 100);
    Simulation replayed(scenario);
    for (std::int64_t step : {3, 49, 50, 51, 63, 100}) {
        INFO("step " << step);
        timeline.replay(replayed, step);
        CHECK(exactState(replayed) == states.at(step));
    }
    CHECK(timeline.stepAtTime(0.255) == 25);
    CHECK(timeline.stepAtTime(0.5 + 0.005 * 10.5) == 60);
    CHECK(timeline.stepAtTime(99.0) == 100);

    // A reset starts the timeline afresh; a step outside it is refused in words.
    sim.reset();
    timeline.observe(sim);
    CHECK(timeline.lastStep() == 0);
    CHECK(timeline.keyframes().size() == 1);
    CHECK_THROWS_WITH_AS(timeline.replay(replayed, 5), "timeline: step 5 is outside the steps kept (0 to 0)", InputError);
}

TEST_CASE("the stride a keyframe's cost asks for keeps its copies at most kKeyframeTimeShare of the steps between them") {
    // copy / (stride x step) <= share, for the least power of two: 1 ms against 8 ms steps
    // needs 6.25 steps between keyframes at 2%, so 8.
    CHECK(Timeline::strideForCost(1e-3, 8e-3) == 8);
    for (double copy : {1e-6, 3e-4, 1e-3, 0.02, 0.5}) {
        for (double step : {1e-6, 1e-4, 8e-3, 0.3}) {
            const std::int64_t stride = Timeline::strideForCost(copy, step);
            INFO("copy " << copy << " step " << step << " stride " << stride);
            CHECK((stride & (stride - 1)) == 0);  // a power of two, as the thinning needs
            if (stride < Timeline::kMostCostStride) CHECK(copy <= kKeyframeTimeShare * double(stride) * step);
            if (stride > 1) CHECK(copy > kKeyframeTimeShare * double(stride / 2) * step);  // the least such
        }
    }
    CHECK(Timeline::strideForCost(1.0, 1e-9) == Timeline::kMostCostStride);  // bounded: seeks replay at most that
    CHECK(Timeline::strideForCost(1e-3, 0.0) == 1);                         // steps of unknown time: no rule
    CHECK(Timeline::strideForCost(0.0, 1e-3) == 1);
}

TEST_CASE("a timeline told its steps are cheap keeps keyframes sparsely, and still replays exactly") {
    const Scenario scenario = testing::deconvolutionScenario(1, "dirichlet");
    auto observeAll = [&](Timeline& timeline, Simulation& sim, double stepSeconds, std::int64_t steps) {
        std::map<std::int64_t, std::string> states;
        timeline.observe(sim, stepSeconds);
        states[0] = exactState(sim);
        for (std::int64_t k = 0; k < steps; ++k) {
            sim.advance();
            timeline.observe(sim, stepSeconds);
            states[sim.stepCount()] = exactState(sim);
        }
        return states;
    };
    // Steps of a femtosecond: any copy is far more than 2% of them, so the stride goes to
    // its bound at once, and only the log-spaced keyframes (0, 1, 2, 4, ..., 256) remain.
    Timeline cheap;
    Simulation sim(scenario);
    {  // One copy alone does not set the stride (it may have been slowed by the machine): two do.
        Timeline once;
        once.observe(sim, 1e-15);
        CHECK(once.stride() == 1);
    }
    const auto states = observeAll(cheap, sim, 1e-15, 300);
    CHECK(cheap.stride() == Timeline::kMostCostStride);
    for (const Keyframe& k : cheap.keyframes()) CHECK((k.step() & (k.step() - 1)) == 0);
    CHECK(cheap.keyframes().size() <= 10);
    Simulation replayed(scenario);
    for (std::int64_t step : {300, 257, 131, 3}) {
        cheap.replay(replayed, step);
        CHECK(exactState(replayed) == states.at(step));
    }
    // Steps of a second: copies of a few numbers are nothing beside them; a keyframe at
    // every step, as the budget allows.
    Timeline costly;
    Simulation other(scenario);
    observeAll(costly, other, 1.0, 40);
    CHECK(costly.stride() == 1);
    CHECK(costly.keyframes().size() == 41);
}

TEST_CASE("truncating after a step forgets what followed; observing goes on from there") {
    Timeline timeline;
    Simulation sim(testing::deconvolutionScenario(1, "dirichlet"));
    record(sim, timeline, 40);
    timeline.truncateAfter(20);
    CHECK(timeline.lastStep() == 20);
    CHECK(timeline.keyframes().back().step() <= 20);
    CHECK(timeline.keyframeFor(21) == nullptr);
}

TEST_CASE("a timeline saved beside a checkpoint comes back whole: its replays equal the original run bit for bit") {
    const Scenario scenario = minibatchNetwork();
    auto budget = std::make_shared<KeyframeBudget>(12 * (sizeof(Keyframe) + 64 * sizeof(double)));
    Timeline timeline(budget);
    Simulation sim(scenario);
    auto states = record(sim, timeline, 150);
    sim.setStepSize(0.5 * sim.scenario().dynamics.stepSize);  // a second segment
    timeline.markChanged();
    for (const auto& [step, state] : record(sim, timeline, 100)) states[step] = state;
    REQUIRE(sim.stepCount() == 250);

    const std::string text = formatTimeline(timeline.contents());
    Timeline::Contents parsed = parseTimeline(text, "t.timeline");
    CHECK(formatTimeline(parsed) == text);  // every number exact
    // A run loaded from its checkpoint continues the loaded timeline.
    Simulation loaded(scenario);
    loaded.restore(parseCheckpoint(formatCheckpoint(sim.state()), "t"), "t");
    Timeline again(std::make_shared<KeyframeBudget>(budget->limit()));
    again.restore(std::move(parsed), loaded);
    CHECK(again.keyframes().size() == timeline.keyframes().size());
    CHECK(again.lastStep() == 250);
    Simulation replayed(scenario);
    Rng pick(11);
    for (int trial = 0; trial < 10; ++trial) {
        const std::int64_t step = std::int64_t(pick.uniform() * 251);
        INFO("step " << step);
        again.replay(replayed, step);
        CHECK(exactState(replayed) == states.at(step));
    }
    again.observe(loaded);  // the loaded run at its last step: nothing new, nothing cleared
    CHECK(again.keyframes().size() == timeline.keyframes().size());

    // A damaged keyframe, a missing end or a bad header is refused with the file named.
    std::string damaged = text;
    damaged[damaged.find("keyframe ") + 40] ^= 1;
    CHECK_THROWS_AS(parseTimeline(damaged, "t.timeline"), InputError);
    CHECK_THROWS_WITH(parseTimeline(text.substr(0, text.size() - 4), "t.timeline"), doctest::Contains("t.timeline"));
    CHECK_THROWS_AS(parseTimeline("flowscope-timeline 9\n", "t.timeline"), InputError);
}

TEST_CASE("Save state and Load state keep an engine's past: a seek after the load shows what it showed before") {
    const std::string path = (std::filesystem::temp_directory_path() / ("timeline-test-" + std::to_string(::getpid()) + ".checkpoint")).string();
    const Scenario scenario = loadScenarioNamed("relu2d");
    EngineOptions options;
    options.keyframes = std::make_shared<KeyframeBudget>();
    Engine original(scenario, options);
    original.step(120);
    original.waitForSteps();
    original.saveState(path);
    original.sync();
    REQUIRE(std::filesystem::exists(timelinePathOf(path)));

    Engine loaded(scenario, options);
    loaded.loadState(path);
    loaded.sync();
    Snapshot a, b;
    loaded.latest(b);
    CHECK(b.notice.find("keyframes") != std::string::npos);
    CHECK(b.timelineFirstStep == 0);
    CHECK(b.timelineLastStep == 120);
    for (std::int64_t step : {0, 1, 37, 64, 99}) {
        INFO("step " << step);
        original.seekStep(step);
        original.sync();
        original.latest(a);
        loaded.seekStep(step);
        loaded.sync();
        loaded.latest(b);
        REQUIRE(a.past);
        REQUIRE(b.past);
        CHECK(b.current.step == step);
        CHECK(b.particles.w == a.particles.w);
        CHECK(b.particles.theta == a.particles.theta);
    }
    std::filesystem::remove(path);
    std::filesystem::remove(timelinePathOf(path));
}
