#include "sweep_description.hpp"

#include <unistd.h>

#include <iostream>

#include "file_io.hpp"
#include "input_error.hpp"

namespace flowscope::cli {

namespace {
constexpr std::uint64_t kMaxDescriptionBytes = 64u << 20;
}

nlohmann::json describeSweep(const SweepPlan& plan, int seeds, std::uint64_t firstSeed) {
    nlohmann::json grid = nlohmann::json::array();
    for (const auto& axis : plan.axes()) grid.push_back({{"key", axis.key}, {"values", axis.values}});
    return {{"scenario", scenarioToJson(plan.base())}, {"grid", grid}, {"seeds", seeds}, {"first_seed", firstSeed}};
}

void writeOrCheckSweepDescription(const std::string& folder, const nlohmann::json& description) {
    const std::string path = folder + "/sweep.json";
    if (::access(path.c_str(), F_OK) == 0) {
        const std::string text = readRegularFile(path, "sweep description", kMaxDescriptionBytes);
        nlohmann::json existing;
        try {
            existing = nlohmann::json::parse(text);
        } catch (const std::exception&) {
            std::cerr << "flowscope-cli: " << path << ": damaged (" << (text.empty() ? "empty" : "not valid JSON")
                      << "); rewritten from this command\n";
            writeFileAtomically(path, description.dump(2) + "\n", "sweep description");
            return;
        }
        if (existing != description)
            throw InputError(path + ": this folder holds a different sweep (scenario, grid or seeds differ); "
                                    "choose another --out");
        return;
    }
    writeFileAtomically(path, description.dump(2) + "\n", "sweep description");
}

nlohmann::json readSweepDescription(const std::string& folder) {
    const std::string path = folder + "/sweep.json";
    if (::access(path.c_str(), F_OK) != 0)
        throw InputError(path + ": missing; " + folder + " is not a sweep's output folder");
    const std::string text = readRegularFile(path, "sweep description", kMaxDescriptionBytes);
    try {
        return nlohmann::json::parse(text);
    } catch (const std::exception&) {
        throw InputError(path + ": " + (text.empty() ? "empty" : "not valid JSON") +
                         "; rerun the shard's sweep command to rewrite it");
    }
}

SweepPlan planFromSweepDescription(const nlohmann::json& d, const std::string& origin) {
    try {
        std::vector<SweepAxis> axes;
        for (const auto& axis : d.at("grid"))
            axes.push_back({axis.at("key").get<std::string>(), axis.at("values").get<std::vector<std::string>>()});
        const Scenario base = scenarioFromJson(d.at("scenario"), origin);
        return SweepPlan(base, std::move(axes), d.at("seeds").get<int>(), d.at("first_seed").get<std::uint64_t>());
    } catch (const nlohmann::json::exception&) {
        throw InputError(origin + ": not a sweep's description (expected scenario, grid, seeds and first_seed)");
    } catch (const InputError& e) {
        const std::string what = e.what();
        if (what.rfind(origin, 0) == 0) throw;
        throw InputError(origin + ": " + what);
    }
}

}  // namespace flowscope::cli
