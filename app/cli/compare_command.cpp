// flowscope-cli compare: a comparison's runs side by side on the same flow time, each into
// a folder of its own, with a combined history for figures.
#include <cctype>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "comparison.hpp"
#include "input_error.hpp"
#include "particle_csv.hpp"

namespace flowscope::cli {

namespace {

// "2-m-100" for the second run labelled "m = 100": unique, and safe as a file name.
std::string folderName(std::size_t index, const std::string& label) {
    std::string name = std::to_string(index + 1);
    bool dash = true;
    for (char c : label) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '.') {
            if (dash) name += '-';
            name += char(std::tolower(static_cast<unsigned char>(c)));
            dash = false;
        } else {
            dash = true;
        }
    }
    return name;
}

std::string quoted(const std::string& text) {  // a CSV field: quotes doubled
    std::string q = "\"";
    for (char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

Comparison resolve(const CompareRequest& o) {
    Comparison c;
    if (!o.vary.empty()) {
        ScenarioOptions base;
        base.scenario = o.name;
        base.settings = o.settings;
        c = comparisonOfValues(base.resolve(), o.name, o.vary);
    } else {
        c = loadComparisonNamed(o.name);
        for (ComparisonRun& run : c.runs)
            for (const auto& setting : o.settings) run.settings.push_back(applySetting(run.scenario, setting));
    }
    if (o.time) setComparisonTime(c, *o.time);
    return c;
}

nlohmann::json describe(const Comparison& c, const std::vector<std::string>& folders, const std::string& violation) {
    nlohmann::json runs = nlohmann::json::array();
    for (std::size_t i = 0; i < c.runs.size(); ++i) {
        nlohmann::json set = nlohmann::json::object();
        for (const auto& [key, value] : c.runs[i].settings) set[key] = value;
        runs.push_back({{"label", c.runs[i].label}, {"folder", folders[i]}, {"set", set}});
    }
    nlohmann::json j = {{"name", c.name}, {"description", c.description}, {"scenario", c.base}, {"time", c.time}, {"runs", runs}};
    if (c.claim) j["claim"] = {{"text", c.claim->text}, {"holds", violation.empty()}, {"detail", violation}};
    return j;
}

}  // namespace

int compareCommand(const CompareRequest& request) {
    const Comparison c = resolve(request);
    for (const ComparisonRun& run : c.runs) requireRoomFor(run.scenario);
    OutputFolder out(request.out);
    const std::vector<std::unique_ptr<Simulation>> sims = playComparison(c);

    std::vector<std::string> folders;
    std::vector<HistoryPoint> finals;
    std::string combined = std::string("variant,") + kHistoryHeader + "\n";
    bool diverged = false;
    for (std::size_t i = 0; i < c.runs.size(); ++i) {
        const Simulation& sim = *sims[i];
        const std::string folder = folderName(i, c.runs[i].label);
        folders.push_back(folder);
        std::filesystem::create_directories(out.staged(folder));
        std::string history = std::string(kHistoryHeader) + "\n";
        for (const HistoryPoint& p : sim.history().points()) {
            history += historyRow(p) + "\n";
            combined += quoted(c.runs[i].label) + "," + historyRow(p) + "\n";
        }
        std::ostringstream particles, truth;
        writeParticleCsv(particles, sim.particles());
        writeParticleCsv(truth, sim.problem().truth());
        out.write(folder + "/history.csv", history);
        out.write(folder + "/particles.csv", particles.str());
        out.write(folder + "/truth.csv", truth.str());
        out.write(folder + "/scenario.json", scenarioToJson(sim.scenario()).dump(2) + "\n");
        finals.push_back(sim.current());
        diverged = diverged || sim.status() == RunStatus::Diverged;
    }
    const std::string violation = claimViolation(c, finals);
    out.write("history.csv", combined);
    out.write("comparison.json", describe(c, folders, violation).dump(2) + "\n");
    out.commit();
    if (!request.quiet) {
        std::cout << c.name << ": " << c.runs.size() << " runs to flow time " << c.time << " in " << request.out << "\n";
        for (std::size_t i = 0; i < c.runs.size(); ++i) {
            const Simulation& sim = *sims[i];
            std::cout << "  " << std::left << std::setw(24) << c.runs[i].label << std::right << " step "
                      << std::setw(7) << sim.stepCount() << "  objective " << std::setprecision(6)
                      << sim.current().objective << "  excess " << sim.current().excess
                      << (sim.status() == RunStatus::Diverged ? "  (" + sim.statusMessage() + ")" : "") << "\n";
        }
        if (c.claim) std::cout << "claim: " << c.claim->text << ": " << (violation.empty() ? "holds" : "does not hold (" + violation + ")") << "\n";
    }
    return diverged ? 3 : 0;
}

}  // namespace flowscope::cli
