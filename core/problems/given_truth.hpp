#pragma once
// A ground truth given unit by unit (the scenario key truth.given) rather than drawn from
// truth.seed: what a learner draws with the mouse, or a run's own truth.csv given back.
// A unit is a row: its amplitude, then its position on the torus (a spike) or its
// direction (a teacher unit) -- the layout of truth.csv (w,theta0,...), so a run given
// its truth.csv back draws nothing and equals the run that wrote it, bit for bit.
#include <string>
#include <vector>

#include "particles.hpp"

namespace flowscope {

using TruthRows = std::vector<std::vector<double>>;

// The most units a truth may have (truth.count's range).
constexpr int kMaxTruthUnits = 10000;

TruthRows truthRows(const ParticleSet& truth);
// The rows as particles (every row must have the same length, at least 2).
ParticleSet truthFromRows(const TruthRows& rows);

// Reads a truth file in truth.csv's format (header w,theta0,..., one unit a line).
// Refuses, in one line naming the file, line and column: a file that is not a regular
// file or is too large, a bad header, a cell that is not a finite number, a ragged row,
// no units, or more than kMaxTruthUnits.
TruthRows loadTruthCsv(const std::string& path);

// A relative truth file named in a scenario file is found beside that file; named on the
// command line (origin not a file), in the working folder.
std::string truthPathFrom(const std::string& origin, const std::string& path);

}  // namespace flowscope
