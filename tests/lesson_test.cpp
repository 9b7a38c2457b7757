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
    for (const std::string& name : names) {
        const Lesson lesson = loadLesson(name);
        titles.insert(lesson.title);
        CHECK_MESSAGE(lesson.steps.size() >= 2, name);
        std::size_t claims = 0;
        for (const LessonStep& step : lesson.steps) claims += step.claims.size();
        CHECK_MESSAGE(claims >= lesson.steps.size() - 1, name);
    }
    CHECK(titles.size() == names.size());
}

TEST_CASE("every claim of every lesson holds on the lesson's own seeds") {
    for (const std::string& name : lessonNames()) {
        LessonRun run(loadLesson(name));
        for (std::size_t k = 0; k < run.lesson().steps.size(); ++k) {
            const StepOutcome outcome = run.play(k);
            for (const ClaimOutcome& c : outcome.claims) {
                INFO(name << " step " << k + 1 << ": " << lessonMetricName(c.claim.metric) << " = " << c.value << " (" << c.claim.says << ")");
                CHECK(c.holds);
            }
        }
    }
}
