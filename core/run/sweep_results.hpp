#pragma once
// A sweep's results as CSV text: a header naming the grid's keys, then one row per
// finished cell. Values are quoted as RFC 4180 says (a grid value holding a comma, a
// quote or a line break survives), and a reader checks every row against the sweep's
// plan, so a damaged row (cut short by a kill, a corrupted cell number, a row of another
// cell's values) is reported with its line and dropped, never taken for a result and
// never hiding the rows after it.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "sweep.hpp"

namespace flowscope {

std::string sweepResultsHeader(const SweepPlan& plan);
// One row, ending in a line break.
std::string formatSweepResult(const SweepResult& result);
std::string sweepStatusName(RunStatus status);

struct SweepResultsReading {
    bool empty = true;                 // no header at all (a new file, or a file cut before its first line end)
    bool clean = true;                 // every byte read is kept: nothing to repair
    std::string keptText;              // the header and the good rows, as written
    std::set<std::int64_t> finished;   // their cells
    struct Row {
        std::int64_t cell;
        std::size_t offset, length;    // where in keptText, line break included
    };
    std::vector<Row> rows;             // the good rows, in the file's order
    std::vector<std::string> problems; // "ORIGIN:LINE: why", one per dropped row
};

// Throws InputError when the header is another sweep's (other columns).
SweepResultsReading readSweepResults(const std::string& bytes, const SweepPlan& plan, const std::string& origin);

}  // namespace flowscope
