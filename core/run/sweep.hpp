#pragma once
// Sweeps: one scenario run over a grid of key values and seeds, in parallel.
// A cell is one point of the grid with one seed; cells are numbered in a fixed order
// (the first axis varies slowest, the seed fastest), so a numbered cell means the same
// run everywhere: in a resumed sweep, in any shard, in the GUI's experiments panel.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "simulation.hpp"

namespace flowscope {

struct SweepAxis {
    std::string key;                  // a scenario key, e.g. particles.count
    std::vector<std::string> values;  // as text, each read like --set key=value
};

// "key=v1,v2,..." or "key=log:LO:HI:N" (N values spaced evenly in log scale, rounded to
// whole numbers for integer keys, duplicates removed).
SweepAxis parseSweepAxis(const std::string& spec);

struct SweepCell {
    std::int64_t index = 0;
    std::vector<std::string> values;  // one per axis
    std::uint64_t seed = 1;           // run.seed; truth.seed and init.seed follow it unless gridded
};

struct SweepResult {
    SweepCell cell;
    RunStatus status = RunStatus::Running;
    std::int64_t steps = 0;
    double time = 0.0;
    double objective = 0.0;
    double excess = 0.0;
    double initialObjective = 0.0;
    double gradNorm = 0.0;
    int recovered = -1;               // deconvolution: 1 if every spike was found, else 0; -1 elsewhere
    double wallSeconds = 0.0;
};

// The most cells a sweep may have (every combination is validated up front, and a
// resumed sweep holds their numbers): far beyond what any machine runs, and refused
// before anything is allocated for the cells.
constexpr std::int64_t kMaxSweepCells = 1000000;

class SweepPlan {
public:
    // Throws InputError naming the key when an axis or any cell's scenario is invalid,
    // when a seed is out of run.seed's range, or when there are more than kMaxSweepCells
    // cells (counted without overflow).
    SweepPlan(const Scenario& base, std::vector<SweepAxis> axes, int seeds, std::uint64_t firstSeed = 1);

    // The memory of the largest cell's run (estimateMemoryBytes), and the check that
    // `jobs` of them at once fit this machine (InputError naming --jobs otherwise).
    double peakMemoryBytes() const { return peakMemory_; }
    void requireMemoryFor(int jobs) const;

    const std::vector<SweepAxis>& axes() const { return axes_; }
    const Scenario& base() const { return base_; }
    std::int64_t cellCount() const;
    SweepCell cell(std::int64_t index) const;
    // The cells of shard `part` (1-based) of `parts`: every parts-th cell.
    std::vector<SweepCell> cells(int part = 1, int parts = 1) const;
    Scenario scenarioFor(const SweepCell& cell) const;

private:
    Scenario base_;
    std::vector<SweepAxis> axes_;
    int seeds_;
    std::uint64_t firstSeed_;
    double peakMemory_ = 0.0;
};

// The cells ordered by their expected cost (a step's operation count, step_cost.hpp,
// times the step budget), largest first, ties in cell order: handed out in this order, the
// longest runs start first and the last to finish are short ones.
std::vector<SweepCell> largestFirst(const SweepPlan& plan, std::vector<SweepCell> cells);

// Runs one cell to its step budget or its convergence rule; `cancel` stops it early.
SweepResult runSweepCell(const SweepPlan& plan, const SweepCell& cell, const std::atomic<bool>* cancel = nullptr);

// Runs cells on `threads` workers, calling onResult (one call at a time) as each run ends.
// Returns when all are done or `cancel` is set (unfinished cells are not reported).
void runSweep(const SweepPlan& plan, const std::vector<SweepCell>& cells, int threads,
              const std::function<void(const SweepResult&)>& onResult, const std::atomic<bool>& cancel);

}  // namespace flowscope
