#include "sweep_results.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <sstream>

#include "input_error.hpp"

namespace flowscope {

namespace {

// The fields after the grid's values and the seed.
const char* const kResultColumns =
    "status,steps,time,objective,excess,initial_objective,grad_norm,recovered,wall_seconds";

std::string csvField(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// Strict numbers: the whole field, no spaces, no overflow (where std::stoll would throw
// or read a prefix).
bool parseInteger(const std::string& text, std::int64_t& value) {
    if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-')) return false;
    char* end = nullptr;
    errno = 0;
    value = std::strtoll(text.c_str(), &end, 10);
    return *end == '\0' && errno != ERANGE;
}
bool parseNumber(const std::string& text) {
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return false;
    char* end = nullptr;
    std::strtod(text.c_str(), &end);
    return *end == '\0';
}

std::string printable(const std::string& text) {
    std::string out = text.substr(0, 40);
    for (char& c : out)
        if (!std::isprint(static_cast<unsigned char>(c))) c = '?';
    return out;
}

// One CSV record from `at`: its fields, and whether it ended with a line break (false:
// the text ends inside it). Advances `at` and `line` past it.
bool nextRecord(const std::string& text, std::size_t& at, std::int64_t& line, std::vector<std::string>& fields) {
    fields.assign(1, "");
    bool quoted = false;
    while (at < text.size()) {
        const char c = text[at++];
        if (quoted) {
            if (c == '"' && at < text.size() && text[at] == '"') {
                fields.back() += '"';
                ++at;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            ++line;
            return true;
        } else {
            fields.back() += c;
        }
    }
    return false;
}

// Why a row is not a result of this plan, or "" when it is one.
std::string checkRow(const std::vector<std::string>& f, const SweepPlan& plan, std::size_t columns,
                     std::int64_t& cell) {
    if (f.size() != columns)
        return "expected " + std::to_string(columns) + " fields, found " + std::to_string(f.size());
    if (!parseInteger(f[0], cell) || cell < 0 || cell >= plan.cellCount())
        return "cell '" + printable(f[0]) + "' is not a cell of this sweep (0 to " + std::to_string(plan.cellCount() - 1) + ")";
    const SweepCell expected = plan.cell(cell);
    const std::size_t axes = expected.values.size();
    for (std::size_t a = 0; a < axes; ++a)
        if (f[1 + a] != expected.values[a])
            return "cell " + std::to_string(cell) + " has " + plan.axes()[a].key + " = '" + printable(f[1 + a]) +
                   "' where the sweep has '" + printable(expected.values[a]) + "'";
    if (f[1 + axes] != std::to_string(expected.seed))
        return "cell " + std::to_string(cell) + " has seed '" + printable(f[1 + axes]) + "' where the sweep has " +
               std::to_string(expected.seed);
    const std::string& status = f[2 + axes];
    if (status != "steps" && status != "converged" && status != "diverged")
        return "status '" + printable(status) + "' is not steps, converged or diverged";
    std::int64_t steps = 0, recovered = 0;
    if (!parseInteger(f[3 + axes], steps) || steps < 0) return "steps '" + printable(f[3 + axes]) + "' is not a count";
    for (std::size_t k = 4 + axes; k < columns; ++k) {
        if (k == columns - 2) {
            if (!parseInteger(f[k], recovered) || recovered < -1 || recovered > 1)
                return "recovered '" + printable(f[k]) + "' is not -1, 0 or 1";
        } else if (!parseNumber(f[k])) {
            return "field " + std::to_string(k + 1) + " '" + printable(f[k]) + "' is not a number";
        }
    }
    return "";
}

}  // namespace

std::string sweepStatusName(RunStatus status) {
    switch (status) {
        case RunStatus::Converged: return "converged";
        case RunStatus::Diverged: return "diverged";
        case RunStatus::Running: break;
    }
    return "steps";  // ran its whole step budget
}

std::string sweepResultsHeader(const SweepPlan& plan) {
    std::string h = "cell";
    for (const auto& axis : plan.axes()) h += "," + csvField(axis.key);
    return h + ",seed," + kResultColumns;
}

std::string formatSweepResult(const SweepResult& r) {
    std::ostringstream row;
    row.precision(17);
    row << r.cell.index;
    for (const auto& value : r.cell.values) row << ',' << csvField(value);
    row << ',' << r.cell.seed << ',' << sweepStatusName(r.status) << ',' << r.steps << ',' << r.time << ',' << r.objective
        << ',' << r.excess << ',' << r.initialObjective << ',' << r.gradNorm << ',' << r.recovered << ','
        << r.wallSeconds << '\n';
    return row.str();
}

SweepResultsReading readSweepResults(const std::string& text, const SweepPlan& plan, const std::string& origin) {
    SweepResultsReading reading;
    const std::string header = sweepResultsHeader(plan);
    const std::size_t headerEnd = text.find('\n');
    if (headerEnd == std::string::npos) {
        // No complete first line: a new file, or one cut short while its header was written.
        if (!text.empty() && header.compare(0, text.size(), text) != 0)
            throw InputError(origin + ":1: holds another sweep's results (columns '" + printable(text) +
                             "'); choose another --out");
        reading.clean = text.empty();
        return reading;
    }
    if (text.compare(0, headerEnd, header) != 0 || headerEnd != header.size())
        throw InputError(origin + ":1: holds another sweep's results (columns '" + printable(text.substr(0, headerEnd)) +
                         "'); choose another --out");
    reading.empty = false;
    reading.keptText = header + "\n";
    std::size_t columns = 0;
    {
        std::size_t at = 0;
        std::int64_t line = 0;
        std::vector<std::string> fields;
        nextRecord(header + "\n", at, line, fields);
        columns = fields.size();
    }
    std::size_t at = headerEnd + 1;
    std::int64_t line = 1;
    std::vector<std::string> fields;
    while (at < text.size()) {
        const std::size_t start = at;
        const std::int64_t firstLine = line + 1;
        const bool complete = nextRecord(text, at, line, fields);
        if (fields.size() == 1 && fields[0].empty() && complete) {  // an empty line
            reading.clean = false;
            continue;
        }
        std::int64_t cell = -1;
        std::string why = complete ? checkRow(fields, plan, columns, cell) : "the last row is cut short (no line end)";
        if (why.empty() && !reading.finished.insert(cell).second) why = "cell " + std::to_string(cell) + " appears again";
        if (!why.empty()) {
            reading.clean = false;
            reading.problems.push_back(origin + ":" + std::to_string(firstLine) + ": " + why);
            // A stray quote may have joined the lines after it to this record: drop only
            // this line and read on from the next, so good rows after it are kept.
            const std::size_t lineEnd = text.find('\n', start);
            if (lineEnd != std::string::npos && lineEnd + 1 < at) {
                at = lineEnd + 1;
                line = firstLine;
            }
            continue;
        }
        reading.rows.push_back({cell, reading.keptText.size(), at - start});
        reading.keptText.append(text, start, at - start);
    }
    return reading;
}

}  // namespace flowscope
