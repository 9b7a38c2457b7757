#include "thread_cpu.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace flowscope::gui {

namespace {

// A renderer's numbered threads count as one: "llvmpipe-3" -> "llvmpipe".
std::string groupName(std::string name) {
    const auto dash = name.find_last_of('-');
    if (dash != std::string::npos && dash + 1 < name.size() &&
        std::all_of(name.begin() + static_cast<std::ptrdiff_t>(dash) + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; }))
        name.erase(dash);
    return name;
}

}  // namespace

std::map<std::string, double> threadCpuByName() {
    std::map<std::string, double> seconds;
    const double tick = 1.0 / double(sysconf(_SC_CLK_TCK));
    std::error_code error;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", error)) {
        std::ifstream commFile(task.path() / "comm"), statFile(task.path() / "stat");
        std::string name, stat;
        if (!std::getline(commFile, name) || !std::getline(statFile, stat)) continue;  // the thread ended meanwhile
        // The fields after the name, which is in parentheses and may hold spaces: utime and
        // stime are the 14th and 15th of the line, the 12th and 13th after the ')'.
        const auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 2));
        std::string field;
        double user = 0.0, system = 0.0;
        for (int i = 3; i <= 15 && rest >> field; ++i) {
            if (i == 14) user = std::atof(field.c_str());
            if (i == 15) system = std::atof(field.c_str());
        }
        seconds[groupName(name)] += (user + system) * tick;
    }
    return seconds;
}

std::string threadCpuShares(const std::map<std::string, double>& before, const std::map<std::string, double>& after,
                            double seconds) {
    std::vector<std::pair<double, std::string>> shares;
    for (const auto& [name, cpu] : after) {
        const auto was = before.find(name);
        const double used = cpu - (was == before.end() ? 0.0 : was->second);
        if (seconds > 0.0 && used > 0.0) shares.emplace_back(used / seconds, name);
    }
    std::sort(shares.rbegin(), shares.rend());
    std::string out;
    for (const auto& [share, name] : shares) {
        char part[96];
        std::snprintf(part, sizeof part, "%s%s %.2f", out.empty() ? "" : ", ", name.c_str(), share);
        out += part;
    }
    return out.empty() ? "-" : out;
}

}  // namespace flowscope::gui
