#include "scripted_drag.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "cli_options.hpp"

namespace flowscope::gui {

namespace {
double number(const std::string& text, const std::string& spec) {
    char* end = nullptr;
    const double x = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(x))
        throw UsageError("--drag " + spec + ": '" + text + "' is not a number (FRAME:UNIT:DX,DY[:FRAMES])");
    return x;
}
int whole(const std::string& text, const std::string& spec, int lo) {
    const double x = number(text, spec);
    if (x != static_cast<int>(x) || x < lo || x > 1e6)
        throw UsageError("--drag " + spec + ": '" + text + "' must be a whole number from " + std::to_string(lo));
    return static_cast<int>(x);
}
}  // namespace

ScriptedDrag parseScriptedDrag(const std::string& spec) {
    std::vector<std::string> parts(1);
    for (char c : spec) {
        if (c == ':') parts.emplace_back();
        else parts.back() += c;
    }
    if (parts.size() != 3 && parts.size() != 4) throw UsageError("--drag needs FRAME:UNIT:DX,DY[:FRAMES], not '" + spec + "'");
    const auto comma = parts[2].find(',');
    if (comma == std::string::npos) throw UsageError("--drag " + spec + ": the move is DX,DY");
    ScriptedDrag d;
    d.frame = whole(parts[0], spec, 1);
    d.unit = whole(parts[1], spec, 1) - 1;
    d.dx = number(parts[2].substr(0, comma), spec);
    d.dy = number(parts[2].substr(comma + 1), spec);
    if (parts.size() == 4) d.frames = whole(parts[3], spec, 1);
    return d;
}

std::optional<ScriptedPointer> dragPointer(const ScriptedDrag& d, int frame, ImVec2 from, ImVec2 to) {
    const int k = frame - d.frame;  // 0: resting on the handle, 1: pressed, 2..frames+1: moving, then released
    if (k < 0 || frame > dragEnd(d)) return std::nullopt;
    if (k <= 1) return ScriptedPointer{from, k == 1};
    const float t = std::min(1.0f, static_cast<float>(k - 1) / static_cast<float>(d.frames));
    const ImVec2 at(from.x + t * (to.x - from.x), from.y + t * (to.y - from.y));
    return ScriptedPointer{at, frame < dragEnd(d)};
}

}  // namespace flowscope::gui
