// Lessons: the file format refuses what it does not know, naming the key; and every
// lesson's every claim holds on its own seeds, played as the window plays it.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "input_error.hpp"
#include "lesson_runner.hpp"
#include "scenario_library.hpp"

using namespace flowscope;

namespace {
const char* kMinimal = R"({"title": "T", "summary": "S", "steps": [
    {"title": "a", "text": "b", "scenario": "deconv1d", "play_for": 0.05,
     "claims": [{"metric": "excess", "above": -1, "says": "c"}]}]})";

std::string refusal(const std::string& text) {
    try {
        parseLesson(text, "x.json", "x");
    } catch (const InputError& e) {
        return e.what();
    }
    return "accepted";
}
}  // namespace

TEST_CASE("a lesson file is read whole, and a mistake is refused naming the file and key") {
    const Lesson lesson = parseLesson(kMinimal, "x.json", "x");
    REQUIRE(lesson.steps.size() == 1);
    CHECK(lesson.steps[0].playFor == 0.05);
    CHECK(lesson.steps[0].claims[0].metric == LessonMetric::Excess);
    CHECK(*lesson.steps[0].claims[0].above == -1.0);

    CHECK(refusal("{") .find("x.json: not valid JSON") == 0);
    CHECK(refusal(R"({"title": "T", "summary": "S", "steps": []})") == "x.json: steps: must be a list of at least one step");
    CHECK(refusal(R"({"title": "T", "summary": "S", "colour": 1, "steps": [{"title": "a", "text": "b", "scenario": "relu2d"}]})") ==
          "x.json: colour: is not a lesson key");
    CHECK(refusal(R"({"title": "T", "summary": "S", "steps": [{"title": "a", "text": "b"}]})") ==
          "x.json: steps[0].scenario: is needed in the first step (there is no run to continue)");
    CHECK(refusal(R"({"title": "T", "summary": "S", "steps": [{"title": "a", "text": "b", "scenario": "relu2d",
        "claims": [{"metric": "beauty", "above": 1, "says": "c"}]}]})") ==
          "x.json: steps[0].claims[0].metric: 'beauty' is not excess, loss, grad_norm, spikes_recovered or movement");
    CHECK(refusal(R"({"title": "T", "summary": "S", "steps": [{"title": "a", "text": "b", "scenario": "relu2d",
        "claims": [{"metric": "loss", "says": "c"}]}]})") == "x.json: steps[0].claims[0]: needs below or above");
    CHECK(refusal(R"({"title": "T", "summary": "S", "steps": [{"title": "a", "text": "b", "scenario": "relu2d", "play_for": -1}]})")
              .find("x.json: steps[0].play_for: must be in") == 0);
    CHECK(refusal(R"({"title": "T", "summary": "S", "steps": [{"title": "a", "text": "b", "scenario": "relu2d",
        "highlight": {"at": [1]}}]})") == "x.json: steps[0].highlight.at: must be [x, y] in the particle view's coordinates");
}

TEST_CASE("a comparison step: runs named by index or value, and its mistakes refused naming file, step and key") {
    const auto lesson = [](const std::string& step) {
        return R"({"title": "T", "summary": "S", "steps": [{"title": "a", "text": "b", "scenario": "relu2d"}, )" + step + "]}";
    };
    const Lesson ok = parseLesson(lesson(R"({"title": "c", "text": "d", "scenario": "relu2d-few",
        "compare": ["particles.count=3,100", "init.seed=5,6"], "play_for": 10,
        "claims": [{"run": "100", "metric": "excess", "below": 1, "says": "e"}, {"run": 0, "metric": "loss", "above": 0, "says": "f"}]})"),
                                  "x.json", "x");
    REQUIRE(ok.steps[1].compares());
    CHECK(ok.steps[1].compare == std::vector<std::string>{"particles.count=3,100", "init.seed=5,6"});
    CHECK(ok.steps[1].claims[0].run == std::size_t(1));
    CHECK(ok.steps[1].claims[1].run == std::size_t(0));
    CHECK(!ok.steps[0].compares());

    const std::string claim = R"("claims": [{"metric": "excess", "below": 1, "says": "e"}])";
    CHECK(refusal(lesson(R"({"title": "c", "text": "d", "scenario": "relu2d", "compare": "particles.count=3"})")) ==
          "x.json: steps[1].compare: particles.count=3: give 2 to 4 values");
    CHECK(refusal(lesson(R"({"title": "c", "text": "d", "scenario": "relu2d", "compare": "particles.count"})")) ==
          "x.json: steps[1].compare: particles.count: expected KEY=V1,V2,..., e.g. particles.count=3,100");
    CHECK(refusal(lesson(R"({"title": "c", "text": "d", "scenario": "relu2d", "compare": ["particles.count=3,100", "init.seed=1,2,3"]})")) ==
          "x.json: steps[1].compare: init.seed=1,2,3: 3 values where particles.count gave 2");
    CHECK(refusal(lesson(R"({"title": "c", "text": "d", "scenario": "relu2d", "compare": 3})")) ==
          "x.json: steps[1].compare: must be \"key=v1,v2,...\" or a list of them, as --compare");
    CHECK(refusal(lesson(R"({"title": "c", "text": "d", "scenario": "relu2d", "compare": "particles.count=3,100", )" + claim + "}")) ==
          "x.json: steps[1].claims[0]: needs \"run\" on a comparison step: which run it is about (its index from 0, or its value of "
          "particles.count)");
    CHECK(refusal(lesson(R"({"title": "c", "text": "d", "scenario": "relu2d", "compare": "particles.count=3,100",
        "claims": [{"run": 2, "metric": "excess", "below": 1, "says": "e"}]})")) ==
          "x.json: steps[1].claims[0].run: 2 is not a run of the comparison (0 to 1, or a value of particles.count: 3, 100)");
    CHECK(refusal(lesson(R"({"title": "c", "text": "d", "scenario": "relu2d", "compare": "particles.count=3,100",
        "claims": [{"run": "30", "metric": "excess", "below": 1, "says": "e"}]})")) ==
          "x.json: steps[1].claims[0].run: '30' is not a run of the comparison (0 to 1, or a value of particles.count: 3, 100)");
    CHECK(refusal(lesson(R"({"title": "c", "text": "d", "claims": [{"run": 0, "metric": "excess", "below": 1, "says": "e"}]})")) ==
          "x.json: steps[1].claims[0].run: names a run, but the step compares none (no \"compare\")");
    CHECK(refusal(lesson(R"({"title": "c", "text": "d", "compare": "particles.count=3,100"})")) ==
          "x.json: steps[1].scenario: is needed in a comparison step (its runs start afresh from it)");
    CHECK(refusal(lesson(R"({"title": "c", "text": "d", "scenario": "relu2d", "compare": "particles.count=3,100"},
        {"title": "e", "text": "f"})")) == "x.json: steps[2].scenario: is needed after a comparison step (there is no single run to continue)");
    // A key the scenario does not have is caught where the step is played, naming it.
    Lesson bad = parseLesson(lesson(R"({"title": "c", "text": "d", "scenario": "relu2d", "compare": "particles.colour=3,100"})"), "x.json", "x");
    CHECK_THROWS_WITH_AS(lessonStepComparison(bad, 1, lessonStepScenario(bad, 1, nullptr)),
                         doctest::Contains("x step 2: compare: particles.colour=3: "), InputError);
    CHECK_THROWS_WITH_AS(checkLessonSteps(bad), doctest::Contains("x step 2: compare: particles.colour=3: "), InputError);
    for (const std::string& name : lessonNames()) CHECK_NOTHROW(checkLessonSteps(loadLesson(name)));
}

TEST_CASE("a comparison step plays every run to the same flow time and measures each claim on its own run") {
    const Lesson lesson = parseLesson(R"({"title": "T", "summary": "S", "steps": [
        {"title": "a", "text": "b", "scenario": "relu2d", "compare": "dynamics.step_size=0.5,0.25", "play_for": 20,
         "claims": [{"run": 0, "metric": "movement", "above": 0, "says": "c"}, {"run": "0.25", "metric": "movement", "above": 0, "says": "d"}]},
        {"title": "e", "text": "f", "scenario": "relu2d", "play_for": 20}]})", "x.json", "x");
    LessonRun run(lesson);
    const StepOutcome outcome = run.play(0);
    REQUIRE(run.compared().size() == 2);
    CHECK(run.simulation() == nullptr);
    CHECK(run.compared()[0]->stepCount() == 40);
    CHECK(run.compared()[1]->stepCount() == 80);  // half the step, twice the steps, the same flow time
    CHECK(run.compared()[1]->time() == doctest::Approx(20.0));
    CHECK(outcome.runs == std::vector<std::string>{"dynamics.step_size = 0.5", "dynamics.step_size = 0.25"});
    REQUIRE(outcome.claims.size() == 2);
    CHECK(outcome.claims[0].run == "dynamics.step_size = 0.5");
    CHECK(outcome.claims[1].run == "dynamics.step_size = 0.25");
    // Each claim is its own run's measure: movement from that run's start, recomputed here.
    for (std::size_t r = 0; r < 2; ++r) {
        const Simulation& sim = *run.compared()[r];
        const ParticleSet start = Simulation(sim.scenario()).particles();
        CHECK(outcome.claims[r].value == lessonMetric(LessonMetric::Movement, sim.problem(), sim.particles(), sim.current(), start));
    }
    CHECK(outcome.claims[0].value != outcome.claims[1].value);
    // The single step after it is one run again.
    run.play(1);
    CHECK(run.compared().empty());
    REQUIRE(run.simulation() != nullptr);
    CHECK(run.simulation()->stepCount() == 40);
}

TEST_CASE("a step's keys are checked like --set, naming the lesson and step") {
    Lesson lesson = parseLesson(kMinimal, "x.json", "x");
    lesson.steps[0].set = {{"dynamics.step_size", "-1"}};
    CHECK_THROWS_WITH_AS(lessonStepScenario(lesson, 0, nullptr), doctest::Contains("x step 1"), InputError);
    CHECK_THROWS_WITH_AS(loadLesson("no-such-lesson"), doctest::Contains("no such lesson file or lesson (lessons: 01-"), InputError);
}

TEST_CASE("flow time becomes steps at the step size, and movement is measured on the torus") {
    CHECK(stepsForFlowTime(0.0, 0.5) == 0);
    CHECK(stepsForFlowTime(300.0, 0.5) == 600);
    CHECK(stepsForFlowTime(0.001, 0.5) == 1);  // a step that plays plays at least one step
    Lesson lesson = parseLesson(kMinimal, "x.json", "x");
    LessonRun run(lesson);
    run.play(0);
    ParticleSet start = run.simulation()->particles();
    const Simulation& sim = *run.simulation();
    auto movement = [&] { return lessonMetric(LessonMetric::Movement, sim.problem(), sim.particles(), sim.current(), start); };
    CHECK(movement() == 0.0);
    // A particle moved across the seam of the circle by 0.02 is 0.02 away, not 0.98.
    start.theta(0, 0) = std::fmod(start.theta(0, 0) + 0.98, 1.0);
    CHECK(movement() * start.count() == doctest::Approx(0.02).epsilon(1e-9));
}

TEST_CASE("there are at least five lessons, each a story of several steps with claims") {
    const std::vector<std::string> names = lessonNames();
    CHECK(names.size() >= 5);
    std::set<std::string> titles;
    std::size_t comparing = 0;
    for (const std::string& name : names) {
        const Lesson lesson = loadLesson(name);
        titles.insert(lesson.title);
        CHECK_MESSAGE(lesson.steps.size() >= 2, name);
        std::size_t claims = 0;
        bool compares = false;
        for (const LessonStep& step : lesson.steps) claims += step.claims.size(), compares = compares || step.compares();
        CHECK_MESSAGE(claims >= lesson.steps.size() - 1, name);
        comparing += compares;
    }
    CHECK(titles.size() == names.size());
    CHECK(comparing >= 2);  // the paper's claims that are comparisons are shown side by side
}

TEST_CASE("every claim of every lesson holds on the lesson's own seeds") {
    for (const std::string& name : lessonNames()) {
        LessonRun run(loadLesson(name));
        for (std::size_t k = 0; k < run.lesson().steps.size(); ++k) {
            const StepOutcome outcome = run.play(k);
            for (const ClaimOutcome& c : outcome.claims) {
                INFO(name << " step " << k + 1 << ": " << lessonMetricName(c.claim.metric) << (c.run.empty() ? "" : " of " + c.run)
                          << " = " << c.value << " (" << c.claim.says << ")");
                CHECK(c.holds);
            }
        }
    }
}
