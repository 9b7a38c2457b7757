#pragma once
// Guided lessons (assets/lessons/*.json): the paper's story told in steps, for students
// who know gradient descent but not optimal transport. Each step has a short text (what
// to look at), may load a scenario afresh (a preset or a file, with keys changed), may
// change keys of the current run (the step size, say), plays the run on for some flow
// time, and states claims about where the run then is. Every claim is checked by a test
// on the lesson's own seeds (lesson_runner.hpp), so a lesson never tells the class
// something the screen does not show.
//
// A step may compare instead of showing one run: "compare" (as the window's --compare,
// "key=v1,v2,..." for each key that differs, 2 to 4 runs) opens that many runs of its
// scenario side by side, played together on flow time; each of its claims names the run
// it is about ("run": its index from 0, or its value of the first compared key).
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace flowscope {

// What a claim measures at the end of its step (lesson_runner.cpp computes each):
enum class LessonMetric {
    Excess,           // objective - optimum
    Loss,             // the data-fit term R
    GradNorm,         // the velocity's mean-field norm
    SpikesRecovered,  // 1 when every true spike has a cluster of mass at its place, else 0
    Movement,         // mean distance of the particles from where the step's scenario started them
};

struct LessonClaim {
    LessonMetric metric = LessonMetric::Excess;
    std::optional<double> below, above;  // the value must be < below and > above
    std::string says;                     // the claim in words, as the text states it
    std::optional<std::size_t> run;       // a comparison step's claim: the run it measures (index)
};

// A circle drawn over the particle view (in its coordinates) to point at something.
struct LessonHighlight {
    double x = 0.0, y = 0.0, radius = 0.1;
    std::string label;
};

struct LessonStep {
    std::string title;
    std::string text;
    std::string scenario;  // a preset or a file (relative to the lesson's folder); "" keeps the current run
    std::vector<std::pair<std::string, std::string>> set;  // keys changed before playing (as --set)
    std::vector<std::string> compare;  // "key=v1,v2,..." (comparison.hpp's variedKeys): the runs compared; empty: one run
    double secondsPerDecade = 3.0;  // the log-time pace of the window
    double playFor = 0.0;           // flow time played on (0: the step only shows)
    std::vector<LessonClaim> claims;
    std::optional<LessonHighlight> highlight;
    bool compares() const { return !compare.empty(); }
};

struct Lesson {
    std::string name;  // file name without .json
    std::string title;
    std::string summary;
    std::vector<LessonStep> steps;
    std::string folder;  // where relative scenario paths are found
};

// Reads a lesson; errors are InputError naming `origin` and the key (steps[2].claims[0].metric).
Lesson parseLesson(const std::string& text, const std::string& origin, const std::string& name);
// The lessons/ folder of the assets, its lessons in order of their file names (which
// start with their number), and one by name or path.
std::string lessonDirectory();
std::vector<std::string> lessonNames();
Lesson loadLesson(const std::string& nameOrPath);

const char* lessonMetricName(LessonMetric metric);

}  // namespace flowscope
