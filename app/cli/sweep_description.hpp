#pragma once
// sweep.json: what a sweep folder's rows are results of (the scenario, the grid, the
// seeds; never the shard, so every shard of one sweep has the same description). A rerun
// into the folder checks it continues the same sweep, and merge checks its folders hold
// shards of one sweep and rebuilds the plan from it to check their rows.
#include <nlohmann/json.hpp>
#include <string>

#include "sweep.hpp"

namespace flowscope::cli {

nlohmann::json describeSweep(const SweepPlan& plan, int seeds, std::uint64_t firstSeed);

// Writes FOLDER/sweep.json, or checks the one there describes the same sweep (InputError
// otherwise). A damaged one (empty or cut short by a full disk) is rewritten: the rows
// are checked cell by cell against the plan anyway, so another sweep cannot slip in.
void writeOrCheckSweepDescription(const std::string& folder, const nlohmann::json& description);

// FOLDER/sweep.json as written above; InputError naming the file when it is missing or
// not a sweep's description.
nlohmann::json readSweepDescription(const std::string& folder);

// The sweep a description describes; InputError naming `origin` and the key.
SweepPlan planFromSweepDescription(const nlohmann::json& description, const std::string& origin);

}  // namespace flowscope::cli
