#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "lesson_runner.hpp"

namespace flowscope::cli {

// Plays a lesson as the window would, without one, and prints each step's claims with the
// values measured: how a teacher checks a lesson they wrote before taking it to class.
int lessonCommand(const LessonRequest& request) {
    if (request.list || request.lesson.empty()) {
        for (const std::string& name : lessonNames()) std::cout << name << "  " << loadLesson(name).title << '\n';
        return 0;
    }
    const Lesson lesson = loadLesson(request.lesson);
    checkLessonSteps(lesson);  // a bad key refused before any step plays
    LessonRun run(lesson);
    bool allHold = true;
    std::cout << run.lesson().title << '\n';
    for (std::size_t k = 0; k < run.lesson().steps.size(); ++k) {
        const StepOutcome outcome = run.play(k);
        std::printf("%zu. %s  (step %lld, t = %.4g)\n", k + 1, run.lesson().steps[k].title.c_str(),
                    static_cast<long long>(outcome.step), outcome.time);
        if (!outcome.runs.empty()) std::printf("   comparing %zu runs\n", outcome.runs.size());
        for (const ClaimOutcome& c : outcome.claims) {
            const std::string of = c.run.empty() ? "" : " of " + c.run;
            std::printf("   %s %s%s = %.4g  (%s)\n", c.holds ? "holds:" : "FAILS:", lessonMetricName(c.claim.metric), of.c_str(),
                        c.value, c.claim.says.c_str());
            allHold = allHold && c.holds;
        }
    }
    return allHold ? 0 : 3;
}

}  // namespace flowscope::cli
