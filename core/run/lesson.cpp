#include "lesson.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "comparison.hpp"
#include "file_io.hpp"
#include "input_error.hpp"
#include "resource_paths.hpp"
#include "scenario_library.hpp"

namespace flowscope {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::uint64_t kMaxLessonBytes = 1 << 20;

struct Metric {
    LessonMetric metric;
    const char* name;
};
constexpr Metric kMetrics[] = {{LessonMetric::Excess, "excess"},
                               {LessonMetric::Loss, "loss"},
                               {LessonMetric::GradNorm, "grad_norm"},
                               {LessonMetric::SpikesRecovered, "spikes_recovered"},
                               {LessonMetric::Movement, "movement"}};

// Reads one object's keys, refusing any it does not know (a typo must not be ignored).
class Fields {
public:
    Fields(const json& object, std::string where, const std::string& origin) : object_(object), where_(std::move(where)), origin_(origin) {
        if (!object.is_object()) fail("", "must be an object");
        for (const auto& item : object.items()) keys_.push_back(item.key());
    }
    [[noreturn]] void fail(const std::string& key, const std::string& why) const {
        const std::string path = where_.empty() ? key : key.empty() ? where_ : where_ + "." + key;
        throw InputError(origin_ + ": " + (path.empty() ? "" : path + ": ") + why);
    }
    const json* find(const std::string& key) {
        keys_.erase(std::remove(keys_.begin(), keys_.end(), key), keys_.end());
        const auto it = object_.find(key);
        return it == object_.end() ? nullptr : &*it;
    }
    std::string text(const std::string& key, bool required) {
        const json* v = find(key);
        if (!v) {
            if (required) fail(key, "is missing");
            return "";
        }
        if (!v->is_string()) fail(key, "must be text");
        return v->get<std::string>();
    }
    std::optional<double> number(const std::string& key, double lo, double hi) {
        const json* v = find(key);
        if (!v) return std::nullopt;
        if (!v->is_number()) fail(key, "must be a number");
        const double x = v->get<double>();
        if (!std::isfinite(x) || x < lo || x > hi) fail(key, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return x;
    }
    void done() const {
        if (!keys_.empty()) fail(keys_.front(), "is not a lesson key");
    }
    const std::string& where() const { return where_; }

private:
    const json& object_;
    std::string where_;
    const std::string& origin_;
    std::vector<std::string> keys_;
};

// A comparison step's claim names its run by index, or by its value of the first compared
// key (`"run": "100"` beside `"compare": "particles.count=3,100"`).
std::size_t parseRun(const json& run, Fields& f, const VariedKey& first) {
    const std::size_t runs = first.values.size();
    std::string values;
    for (const std::string& v : first.values) values += (values.empty() ? "" : ", ") + v;
    const std::string choices = " (0 to " + std::to_string(runs - 1) + ", or a value of " + first.key + ": " + values + ")";
    if (run.is_number_integer()) {
        const auto index = run.get<long long>();
        if (index < 0 || index >= static_cast<long long>(runs)) f.fail("run", std::to_string(index) + " is not a run of the comparison" + choices);
        return static_cast<std::size_t>(index);
    }
    if (!run.is_string()) f.fail("run", "must be a run's index or its value of " + first.key + choices);
    const auto it = std::find(first.values.begin(), first.values.end(), run.get<std::string>());
    if (it == first.values.end()) f.fail("run", "'" + run.get<std::string>() + "' is not a run of the comparison" + choices);
    if (std::count(first.values.begin(), first.values.end(), *it) > 1) f.fail("run", "'" + *it + "' names two runs; give the index");
    return static_cast<std::size_t>(it - first.values.begin());
}

LessonClaim parseClaim(const json& j, const std::string& where, const std::string& origin, const std::vector<VariedKey>& compared) {
    Fields f(j, where, origin);
    LessonClaim c;
    const std::string metric = f.text("metric", true);
    const auto known = std::find_if(std::begin(kMetrics), std::end(kMetrics), [&](const Metric& m) { return metric == m.name; });
    if (known == std::end(kMetrics)) f.fail("metric", "'" + metric + "' is not excess, loss, grad_norm, spikes_recovered or movement");
    c.metric = known->metric;
    c.below = f.number("below", -1e300, 1e300);
    c.above = f.number("above", -1e300, 1e300);
    if (!c.below && !c.above) f.fail("", "needs below or above");
    c.says = f.text("says", true);
    const json* run = f.find("run");
    if (compared.empty() && run) f.fail("run", "names a run, but the step compares none (no \"compare\")");
    if (!compared.empty() && !run) f.fail("", "needs \"run\" on a comparison step: which run it is about (its index from 0, or its value of " + compared.front().key + ")");
    if (run) c.run = parseRun(*run, f, compared.front());
    f.done();
    return c;
}

// "compare": one "key=v1,v2,..." or a list of them (zipped), as the window's --compare.
std::vector<std::string> parseCompare(const json& compare, Fields& f) {
    std::vector<std::string> specs;
    if (compare.is_string()) specs.push_back(compare.get<std::string>());
    else if (compare.is_array() && std::all_of(compare.begin(), compare.end(), [](const json& v) { return v.is_string(); }))
        for (const json& v : compare) specs.push_back(v.get<std::string>());
    else f.fail("compare", "must be \"key=v1,v2,...\" or a list of them, as --compare");
    return specs;
}

LessonStep parseStep(const json& j, const std::string& where, const std::string& origin, bool first, bool afterComparison) {
    Fields f(j, where, origin);
    LessonStep s;
    s.title = f.text("title", true);
    s.text = f.text("text", true);
    s.scenario = f.text("scenario", false);
    if (first && s.scenario.empty()) f.fail("scenario", "is needed in the first step (there is no run to continue)");
    std::vector<VariedKey> compared;
    if (const json* compare = f.find("compare")) {
        s.compare = parseCompare(*compare, f);
        try {
            compared = variedKeys(s.compare, "");
        } catch (const InputError& e) {
            f.fail("compare", e.what());
        }
        if (s.scenario.empty()) f.fail("scenario", "is needed in a comparison step (its runs start afresh from it)");
    }
    if (afterComparison && s.scenario.empty())
        f.fail("scenario", "is needed after a comparison step (there is no single run to continue)");
    if (const json* set = f.find("set")) {
        if (!set->is_object()) f.fail("set", "must be an object of scenario keys and values");
        for (const auto& item : set->items())
            s.set.emplace_back(item.key(), item.value().is_string() ? item.value().get<std::string>() : item.value().dump());
    }
    s.secondsPerDecade = f.number("seconds_per_decade", 0.1, 1000.0).value_or(3.0);
    s.playFor = f.number("play_for", 0.0, 1e9).value_or(0.0);
    if (const json* claims = f.find("claims")) {
        if (!claims->is_array()) f.fail("claims", "must be a list");
        for (std::size_t k = 0; k < claims->size(); ++k)
            s.claims.push_back(parseClaim((*claims)[k], where + ".claims[" + std::to_string(k) + "]", origin, compared));
    }
    if (const json* h = f.find("highlight")) {
        Fields hf(*h, where + ".highlight", origin);
        LessonHighlight light;
        const json* at = hf.find("at");
        if (!at || !at->is_array() || at->size() != 2 || !(*at)[0].is_number() || !(*at)[1].is_number())
            hf.fail("at", "must be [x, y] in the particle view's coordinates");
        light.x = (*at)[0].get<double>();
        light.y = (*at)[1].get<double>();
        light.radius = hf.number("radius", 1e-6, 1e6).value_or(0.1);
        light.label = hf.text("label", false);
        hf.done();
        s.highlight = light;
    }
    f.done();
    return s;
}

}  // namespace

const char* lessonMetricName(LessonMetric metric) {
    for (const Metric& m : kMetrics)
        if (m.metric == metric) return m.name;
    return "?";
}

Lesson parseLesson(const std::string& text, const std::string& origin, const std::string& name) {
    json j;
    try {
        j = json::parse(text);
    } catch (const std::exception& e) {
        throw InputError(origin + ": not valid JSON: " + e.what());
    }
    Fields f(j, "", origin);
    Lesson lesson;
    lesson.name = name;
    lesson.title = f.text("title", true);
    lesson.summary = f.text("summary", true);
    const json* steps = f.find("steps");
    if (!steps || !steps->is_array() || steps->empty()) f.fail("steps", "must be a list of at least one step");
    for (std::size_t k = 0; k < steps->size(); ++k)
        lesson.steps.push_back(parseStep((*steps)[k], "steps[" + std::to_string(k) + "]", origin, k == 0,
                                         k > 0 && lesson.steps.back().compares()));
    f.done();
    return lesson;
}

std::string lessonDirectory() { return assetDirectory() + "/lessons"; }

std::vector<std::string> lessonNames() { return jsonNamesIn(lessonDirectory()); }

Lesson loadLesson(const std::string& nameOrPath) {
    const std::string path = resolveNamedJson(nameOrPath, lessonDirectory(), "lesson", "lesson", "lessons");
    Lesson lesson = parseLesson(readRegularFile(path, "lesson", kMaxLessonBytes), path, fs::path(path).stem().string());
    lesson.folder = fs::path(path).parent_path().string();
    return lesson;
}

}  // namespace flowscope
