// flowscope-cli merge: the results of a sweep's shards (one folder each, e.g. the tasks of
// a cluster's job array) unioned into one sweep folder. Only shards of one sweep are
// merged: their sweep.json must agree, and every row is checked against the plan it
// describes. The merged folder is an ordinary sweep folder: rerunning the sweep command
// with --out on it runs whatever cells no shard finished.
#include <filesystem>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "file_io.hpp"
#include "folder_lock.hpp"
#include "input_error.hpp"
#include "sweep_description.hpp"
#include "sweep_results.hpp"

namespace flowscope::cli {

namespace {

constexpr std::uint64_t kMaxResultsBytes = std::uint64_t(4) << 30;  // as results_file.cpp

// The rows of FOLDER/results.csv (none when it has none yet) not already in `rows`.
// Returns how many rows were the same cell as one already taken.
std::int64_t takeRows(const std::string& folder, const SweepPlan& plan, std::map<std::int64_t, std::string>& rows) {
    const std::string path = folder + "/results.csv";
    std::error_code error;
    if (!std::filesystem::exists(path, error)) return 0;
    const SweepResultsReading reading = readSweepResults(readRegularFile(path, "results file", kMaxResultsBytes), plan, path);
    for (const auto& problem : reading.problems) std::cerr << "flowscope-cli: " << problem << "; the row is not merged\n";
    std::int64_t repeated = 0;
    for (const auto& row : reading.rows)
        if (!rows.emplace(row.cell, reading.keptText.substr(row.offset, row.length)).second) ++repeated;
    return repeated;
}

}  // namespace

int mergeCommand(const MergeRequest& request) {
    const std::string& first = request.folders.front();
    const nlohmann::json description = readSweepDescription(first);
    for (const auto& folder : request.folders)
        if (readSweepDescription(folder) != description)
            throw InputError(folder + "/sweep.json: a shard of a different sweep than " + first +
                             " (scenario, grid or seeds differ); nothing merged");
    const SweepPlan plan = planFromSweepDescription(description, first + "/sweep.json");

    std::error_code error;
    std::filesystem::create_directories(request.out, error);
    if (error) throwFileError(request.out, "cannot create the output folder", error.value());
    // No sweep may append to the merged folder while its rows are replaced.
    const FolderLock lock(request.out + "/.lock", request.out);
    writeOrCheckSweepDescription(request.out, description);

    // The folder's own rows first, so a merge repeated after more shards finish keeps them.
    std::map<std::int64_t, std::string> rows;
    takeRows(request.out, plan, rows);
    std::int64_t repeated = 0;
    for (const auto& folder : request.folders)
        if (std::filesystem::weakly_canonical(folder, error) != std::filesystem::weakly_canonical(request.out, error))
            repeated += takeRows(folder, plan, rows);
    std::string text = sweepResultsHeader(plan) + "\n";
    for (const auto& [cell, row] : rows) text += row;
    writeFileAtomically(request.out + "/results.csv", text, "results file");

    if (!request.quiet) {
        const auto missing = plan.cellCount() - static_cast<std::int64_t>(rows.size());
        std::cout << request.out << "/results.csv: " << rows.size() << " of " << plan.cellCount() << " cells from "
                  << request.folders.size() << " folder" << (request.folders.size() == 1 ? "" : "s");
        if (repeated > 0) std::cout << " (" << repeated << " rows of cells already merged left out)";
        if (missing > 0) std::cout << "; " << missing << " missing: the sweep command with --out " << request.out
                                   << " runs them";
        std::cout << '\n';
    }
    return 0;
}

}  // namespace flowscope::cli
