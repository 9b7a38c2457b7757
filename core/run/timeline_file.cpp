#include "timeline_file.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>

#include "checkpoint.hpp"
#include "file_io.hpp"
#include "input_error.hpp"
#include "machine_memory.hpp"

namespace flowscope {

namespace {

std::string hexDouble(double v) {
    char text[64];
    std::snprintf(text, sizeof text, "%a", v);
    return text;
}

// Reads the file's lines and blocks in order; every failure names the origin and the record.
class Reader {
public:
    Reader(const std::string& bytes, std::string origin) : bytes_(bytes), origin_(std::move(origin)) {}
    std::string line(const char* what) {
        if (at_ >= bytes_.size()) fail(std::string("ends before its ") + what);
        const std::size_t end = bytes_.find('\n', at_);
        if (end == std::string::npos) fail(std::string("ends inside its ") + what);
        std::string text = bytes_.substr(at_, end - at_);
        at_ = end + 1;
        return text;
    }
    std::string block(std::size_t size, const char* what) {
        if (bytes_.size() - at_ < size) fail(std::string("ends inside its ") + what);
        std::string text = bytes_.substr(at_, size);
        at_ += size;
        return text;
    }
    [[noreturn]] void fail(const std::string& what) const { throw InputError(origin_ + ": timeline file " + what); }
    const std::string& origin() const { return origin_; }

private:
    const std::string& bytes_;
    std::string origin_;
    std::size_t at_ = 0;
};

}  // namespace

std::string timelinePathOf(const std::string& checkpointPath) { return checkpointPath + ".timeline"; }

std::string formatTimeline(const Timeline::Contents& t) {
    std::string out = "flowscope-timeline 1\n";
    out += "stride " + std::to_string(t.stride) + " last_step " + std::to_string(t.lastStep) + " last_time " +
           hexDouble(t.lastTime) + "\n";
    out += "segments " + std::to_string(t.segments.size()) + "\n";
    for (const Scenario& s : t.segments) out += scenarioToJson(s).dump() + "\n";
    out += "keyframes " + std::to_string(t.keyframes.size()) + "\n";
    for (const Keyframe& k : t.keyframes) {
        SimulationState state = k.state;
        state.scenario = t.segments.at(k.segment);  // a checkpoint names its scenario
        const std::string record = formatCheckpoint(state);
        out += "keyframe " + std::to_string(k.segment) + " " + std::to_string(record.size()) + "\n" + record;
    }
    out += "end\n";
    return out;
}

Timeline::Contents parseTimeline(const std::string& bytes, const std::string& origin) {
    Reader in(bytes, origin);
    if (in.line("header") != "flowscope-timeline 1") in.fail("has no 'flowscope-timeline 1' header");
    Timeline::Contents t;
    {
        const std::string text = in.line("stride record");
        long long stride = 0, last = 0;
        char time[64] = {0};
        if (std::sscanf(text.c_str(), "stride %lld last_step %lld last_time %63s", &stride, &last, time) != 3 || stride < 1 || last < 0)
            in.fail("has a bad stride record: '" + text + "'");
        t.stride = stride, t.lastStep = last;
        t.lastTime = std::strtod(time, nullptr);
    }
    std::size_t count = 0;
    const auto counted = [&](const char* name) {
        const std::string text = in.line(name);
        unsigned long long n = 0;
        if (std::sscanf(text.c_str(), (std::string(name) + " %llu").c_str(), &n) != 1 || n > (1ull << 32))
            in.fail(std::string("has a bad '") + name + "' record: '" + text + "'");
        return static_cast<std::size_t>(n);
    };
    count = counted("segments");
    for (std::size_t i = 0; i < count; ++i) t.segments.push_back(parseScenario(in.line("segment"), origin + " segment " + std::to_string(i)));
    count = counted("keyframes");
    for (std::size_t i = 0; i < count; ++i) {
        const std::string text = in.line("keyframe record");
        unsigned long long segment = 0, size = 0;
        if (std::sscanf(text.c_str(), "keyframe %llu %llu", &segment, &size) != 2 || segment >= t.segments.size())
            in.fail("has a bad keyframe record: '" + text + "'");
        Keyframe k;
        k.segment = static_cast<std::size_t>(segment);
        k.state = parseCheckpoint(in.block(static_cast<std::size_t>(size), "keyframe"), origin + " keyframe " + std::to_string(i));
        k.state.scenario = Scenario{};  // the segment's
        if (!t.keyframes.empty() && (k.step() <= t.keyframes.back().step() || k.segment < t.keyframes.back().segment))
            in.fail("has keyframe " + std::to_string(i) + " out of order (step " + std::to_string(k.step()) + ")");
        if (k.step() > t.lastStep) in.fail("has keyframe " + std::to_string(i) + " after its last step");
        t.keyframes.push_back(std::move(k));
    }
    if (in.line("end") != "end") in.fail("has no 'end' record");
    if (t.keyframes.empty() != t.segments.empty()) in.fail("has segments without keyframes");
    return t;
}

void saveTimeline(const std::string& path, const Timeline::Contents& contents) {
    writeFileAtomically(path, formatTimeline(contents), "timeline");
}

Timeline::Contents loadTimeline(const std::string& path) {
    const auto limit = static_cast<std::uint64_t>(0.5 * physicalMemoryBytes());
    return parseTimeline(readRegularFile(path, "timeline", limit), path);
}

}  // namespace flowscope
