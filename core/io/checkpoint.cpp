#include "checkpoint.hpp"

#include <cctype>
#include <chrono>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <vector>

#include "file_io.hpp"
#include "input_error.hpp"
#include "machine_memory.hpp"

namespace flowscope {

namespace {

const std::string kMagic = "flowscope-checkpoint";

constexpr std::uint64_t kFnvStart = 0xcbf29ce484222325ULL;
// Version 2 of the history file adds the held-out columns, as checkpoint version 3 does.
const std::string kHistoryMagic = "flowscope-history 2\n";
const std::string kHistoryMagicV1 = "flowscope-history 1\n";

// Values in a history row (and the 'current' record): step time objective loss regularizer
// excess grad_norm, and from version 3 test_loss accuracy test_accuracy.
constexpr int kRowFields = 10, kRowFieldsV1 = 7;

// FNV-1a 64 continued from `hash` (kFnvStart for a new text): a growing file's checksum
// is kept up to date from its new bytes alone.
std::uint64_t fnv1a64(const char* data, std::size_t size, std::uint64_t hash = kFnvStart) {
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= static_cast<unsigned char>(data[i]);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// ---- writing ----

// Hexadecimal floats are exact, and strtod reads them back (with nan and inf).
std::string hex(double x) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%a", x);
    return buffer;
}

const char* statusName(RunStatus status) {
    switch (status) {
        case RunStatus::Running: return "running";
        case RunStatus::Converged: return "converged";
        case RunStatus::Diverged: return "diverged";
    }
    return "running";
}

void writePoint(std::string& out, const HistoryPoint& p) {
    out += std::to_string(p.step) + ' ' + hex(p.time) + ' ' + hex(p.objective) + ' ' + hex(p.loss) + ' ' +
           hex(p.regularizer) + ' ' + hex(p.excess) + ' ' + hex(p.gradNorm) + ' ' + hex(p.testLoss) + ' ' +
           hex(p.accuracy) + ' ' + hex(p.testAccuracy) + '\n';
}

void writeRng(std::string& out, const char* name, const Rng::State& r) {
    out += std::string("rng ") + name;
    for (auto word : r.s) out += ' ' + std::to_string(word);
    out += std::string(r.hasSpare ? " 1 " : " 0 ") + hex(r.spare) + '\n';
}

// ---- reading ----

// Reads records line by line; every refusal names the origin and the line.
class RecordReader {
public:
    RecordReader(const std::string& bytes, const std::string& origin) : bytes_(bytes), origin_(origin) {}
    // A caller that strips a first line tells the reader, so line numbers stay the file's.
    void skipLines(int lines) { line_ += lines; }

    [[noreturn]] void fail(const std::string& what) const {
        throw InputError(origin_ + ":" + std::to_string(line_) + ": " + what);
    }

    // The next line split at single spaces: `keyword` and `fields` values after it.
    std::vector<std::string> record(const std::string& keyword, int fields) {
        auto tokens = split(nextLine("'" + keyword + "'"));
        if (tokens[0] != keyword) fail("expected the record '" + keyword + "'");
        if (tokens.size() != static_cast<std::size_t>(fields) + 1)
            fail("the record '" + keyword + "' needs " + std::to_string(fields) + " values, found " +
                 std::to_string(tokens.size() - 1));
        return tokens;
    }
    // A row of `fields` values without keyword (particles, history).
    std::vector<std::string> row(int fields, const std::string& what) {
        auto tokens = split(nextLine(what));
        if (tokens.size() != static_cast<std::size_t>(fields))
            fail(what + " needs " + std::to_string(fields) + " values, found " + std::to_string(tokens.size()));
        return tokens;
    }
    // The rest of a line after "keyword " (the scenario's JSON may hold spaces).
    std::string rest(const std::string& keyword) {
        const std::string line = nextLine("'" + keyword + "'");
        if (line.compare(0, keyword.size() + 1, keyword + " ") != 0) fail("expected the record '" + keyword + "'");
        return line.substr(keyword.size() + 1);
    }
    // Refuses a count of rows before anything is allocated for them: every value takes at
    // least two bytes of the file, so a count the remaining bytes cannot hold is damage.
    std::int64_t count(const std::string& text, std::int64_t valuesPerRow, std::int64_t max, const std::string& what) {
        const std::int64_t n = integer(text, what);
        const auto left = static_cast<std::int64_t>(bytes_.size() - position_);
        if (n < 0 || n > max || (valuesPerRow > 0 && n > left / (2 * valuesPerRow)))
            fail(what + " = " + text + " is more than the file holds (or outside [0, " + std::to_string(max) + "])");
        return n;
    }
    bool atEnd() const { return position_ >= bytes_.size(); }

    double number(const std::string& text, const std::string& what) const {
        char* end = nullptr;
        const double x = text.empty() ? 0.0 : std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || std::isspace(static_cast<unsigned char>(text[0])))
            fail(what + " is not a number ('" + printable(text) + "')");
        return x;
    }
    std::int64_t integer(const std::string& text, const std::string& what) const {
        char* end = nullptr;
        errno = 0;
        const long long x = text.empty() ? 0 : std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno == ERANGE || std::isspace(static_cast<unsigned char>(text[0])))
            fail(what + " is not an integer ('" + printable(text) + "')");
        return x;
    }
    std::uint64_t word(const std::string& text, const std::string& what) const {
        char* end = nullptr;
        errno = 0;
        const unsigned long long x = text.empty() ? 0 : std::strtoull(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno == ERANGE || !std::isdigit(static_cast<unsigned char>(text[0])))
            fail(what + " is not an unsigned integer ('" + printable(text) + "')");
        return x;
    }

    static std::string printable(const std::string& text) {
        std::string out = text.substr(0, 40);
        for (char& c : out)
            if (!std::isprint(static_cast<unsigned char>(c))) c = '?';
        return out;
    }

private:
    std::string nextLine(const std::string& what) {
        if (atEnd()) {
            ++line_;
            fail("the file ends before " + what);
        }
        const std::size_t end = bytes_.find('\n', position_);
        if (end == std::string::npos) {
            ++line_;
            fail("the last line is cut short (no line end) before " + what);
        }
        std::string line = bytes_.substr(position_, end - position_);
        position_ = end + 1;
        ++line_;
        return line;
    }
    static std::vector<std::string> split(const std::string& line) {
        std::vector<std::string> tokens;
        std::size_t start = 0;
        for (std::size_t space; (space = line.find(' ', start)) != std::string::npos; start = space + 1)
            tokens.push_back(line.substr(start, space - start));
        tokens.push_back(line.substr(start));
        return tokens;
    }

    const std::string& bytes_;
    const std::string& origin_;
    std::size_t position_ = 0;
    int line_ = 0;
};

HistoryPoint readPoint(RecordReader& in, const std::vector<std::string>& t, std::size_t first) {
    HistoryPoint p;
    p.step = in.integer(t[first], "the step");
    p.time = in.number(t[first + 1], "the time");
    p.objective = in.number(t[first + 2], "the objective");
    p.loss = in.number(t[first + 3], "the loss");
    p.regularizer = in.number(t[first + 4], "the regularizer");
    p.excess = in.number(t[first + 5], "the excess");
    p.gradNorm = in.number(t[first + 6], "the velocity norm");
    if (t.size() - first < kRowFields) return p;  // an older format: not recorded
    p.testLoss = in.number(t[first + 7], "the test loss");
    p.accuracy = in.number(t[first + 8], "the accuracy");
    p.testAccuracy = in.number(t[first + 9], "the test accuracy");
    return p;
}

Rng::State readRng(RecordReader& in, const std::string& name) {
    const auto t = in.record("rng", 7);
    if (t[1] != name) in.fail("expected the record 'rng " + name + "'");
    Rng::State r;
    for (int k = 0; k < 4; ++k) r.s[k] = in.word(t[2 + k], "a generator word");
    if (t[6] != "0" && t[6] != "1") in.fail("a generator's spare flag must be 0 or 1");
    r.hasSpare = t[6] == "1";
    r.spare = in.number(t[7], "a generator's spare draw");
    return r;
}

// The limits of the scenario's own keys (particles.count, network.input_dim + bias,
// convergence.window + 1), so no record can ask for more than a scenario could.
constexpr std::int64_t kMaxParticles = 100000000, kMaxDim = 100001, kMaxWindow = 1000001;
constexpr std::int64_t kMaxHistory = std::int64_t(1) << 40;

// Versions 1 and 2 differ from 3 only in the held-out columns they lack.
bool readableVersion(const std::string& v) { return v == "1" || v == "2" || v == std::to_string(kCheckpointVersion); }

// "checksum" + 16 lowercase hex digits + a decimal byte count, exactly as written.
bool readChecksumLine(const std::string& line, std::uint64_t& hash, std::uint64_t& size) {
    const std::string prefix = "checksum ";
    if (line.size() < prefix.size() + 18 || line.compare(0, prefix.size(), prefix) != 0) return false;
    const std::string digits = line.substr(prefix.size(), 16), count = line.substr(prefix.size() + 17);
    if (line[prefix.size() + 16] != ' ' || digits.find_first_not_of("0123456789abcdef") != std::string::npos ||
        count.size() > 19 || count.find_first_not_of("0123456789") != std::string::npos)
        return false;
    hash = std::strtoull(digits.c_str(), nullptr, 16);
    size = std::strtoull(count.c_str(), nullptr, 10);
    return true;
}

// The checkpoint's bytes with the given history record(s) in place of the inline rows.
std::string formatWithHistory(const SimulationState& s, const std::string& historyRecords) {
    std::string out = kMagic + ' ' + std::to_string(kCheckpointVersion) + '\n';
    // Names and descriptions are free text: replace invalid UTF-8 rather than refuse to save.
    out += "scenario " + scenarioToJson(s.scenario).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
    out += "restarts " + std::to_string(s.restarts) + '\n';
    out += std::string("status ") + statusName(s.status) + '\n';
    const auto& d = s.divergence;
    out += "divergence " + std::to_string(d.step) + ' ' + (d.quantity.empty() ? "-" : d.quantity) + ' ' + hex(d.value) +
           ' ' + hex(d.suggestedStepSize) + '\n';
    out += "current ";
    writePoint(out, s.current);
    out += "initial " + hex(s.initialObjective) + ' ' + hex(s.initialGradNorm) + '\n';
    writeRng(out, "batch", s.batchRng);
    writeRng(out, "evaluation", s.evaluationRng);
    writeRng(out, "resize", s.resizeRng);
    out += "convergence " + std::to_string(s.recentObjectives.size()) + '\n';
    for (double x : s.recentObjectives) out += hex(x) + '\n';
    const ParticleSet& p = s.particles;
    out += "particles " + std::to_string(p.count()) + ' ' + std::to_string(p.dim()) + '\n';
    for (int i = 0; i < p.count(); ++i) {
        out += hex(p.w[i]);
        for (int k = 0; k < p.dim(); ++k) out += ' ' + hex(p.theta(k, i));
        out += '\n';
    }
    out += historyRecords;
    out += "end\n";
    char checksum[64];
    std::snprintf(checksum, sizeof checksum, "checksum %016" PRIx64 " %zu\n", fnv1a64(out.data(), out.size()), out.size());
    return out + checksum;
}

// Where the rows of a history kept apart are: "history N BYTES HASH NAME".
struct HistoryReference {
    std::int64_t rows = 0;
    std::uint64_t bytes = 0, hash = 0;
    std::string name;
};

}  // namespace

std::string formatCheckpoint(const SimulationState& s) {
    std::string rows = "history " + std::to_string(s.history.size()) + '\n';
    for (const auto& point : s.history) writePoint(rows, point);
    return formatWithHistory(s, rows);
}

namespace {

SimulationState parseRecords(const std::string& bytes, const std::string& origin, HistoryReference* reference) {
    RecordReader in(bytes, origin);
    SimulationState s;
    const auto magic = in.record(kMagic, 1);
    if (!readableVersion(magic[1]))
        in.fail("checkpoint format version " + RecordReader::printable(magic[1]) + "; this build reads versions 1 to " +
                std::to_string(kCheckpointVersion));
    const int fields = magic[1] == std::to_string(kCheckpointVersion) ? kRowFields : kRowFieldsV1;
    s.scenario = parseScenario(in.rest("scenario"), origin + ": its scenario");
    s.restarts = in.word(in.record("restarts", 1)[1], "the restart count");
    const std::string status = in.record("status", 1)[1];
    if (status == "running") s.status = RunStatus::Running;
    else if (status == "converged") s.status = RunStatus::Converged;
    else if (status == "diverged") s.status = RunStatus::Diverged;
    else in.fail("the status must be running, converged or diverged");
    const auto d = in.record("divergence", 4);
    s.divergence.step = in.integer(d[1], "the divergence step");
    s.divergence.quantity = d[2] == "-" ? "" : d[2];
    s.divergence.value = in.number(d[3], "the divergence value");
    s.divergence.suggestedStepSize = in.number(d[4], "the suggested step size");
    s.current = readPoint(in, in.record("current", fields), 1);
    const auto initial = in.record("initial", 2);
    s.initialObjective = in.number(initial[1], "the initial objective");
    s.initialGradNorm = in.number(initial[2], "the initial velocity norm");
    s.batchRng = readRng(in, "batch");
    s.evaluationRng = readRng(in, "evaluation");
    s.resizeRng = readRng(in, "resize");
    const auto window = in.count(in.record("convergence", 1)[1], 1, kMaxWindow, "the convergence window");
    s.recentObjectives.resize(window);
    for (auto& x : s.recentObjectives) x = in.number(in.row(1, "a convergence value")[0], "a convergence value");
    const auto shape = in.record("particles", 2);
    const auto dim = in.count(shape[2], 0, kMaxDim, "the particle dimension");
    const auto count = in.count(shape[1], dim + 1, kMaxParticles, "the particle count");
    s.particles = ParticleSet(static_cast<int>(count), static_cast<int>(dim));
    for (int i = 0; i < count; ++i) {
        const auto t = in.row(static_cast<int>(dim) + 1, "a particle");
        s.particles.w[i] = in.number(t[0], "a weight");
        for (int k = 0; k < dim; ++k) s.particles.theta(k, i) = in.number(t[k + 1], "a position");
    }
    const std::string history = in.rest("history");
    if (history.find(' ') == std::string::npos) {
        const auto rows = in.count(history, fields, kMaxHistory, "the history length");
        s.history.reserve(rows);
        for (std::int64_t k = 0; k < rows; ++k) s.history.push_back(readPoint(in, in.row(fields, "a history row"), 0));
    } else {
        // history N BYTES HASH NAME: the name is the rest of the line, and never a path.
        std::vector<std::string> t;
        std::size_t start = 0;
        for (int k = 0; k < 3; ++k) {
            const std::size_t space = history.find(' ', start);
            if (space == std::string::npos) in.fail("the record 'history' needs N BYTES HASH NAME");
            t.push_back(history.substr(start, space - start));
            start = space + 1;
        }
        HistoryReference r;
        r.rows = in.count(t[0], 0, kMaxHistory, "the history length");
        r.bytes = in.word(t[1], "the history file's size");
        if (t[2].size() != 16 || t[2].find_first_not_of("0123456789abcdef") != std::string::npos)
            in.fail("the history file's checksum must be 16 hexadecimal digits");
        r.hash = std::strtoull(t[2].c_str(), nullptr, 16);
        r.name = history.substr(start);
        if (r.name.empty() || r.name.find('/') != std::string::npos || r.name == "." || r.name == "..")
            in.fail("the history file's name must be a file name beside the checkpoint ('" +
                    RecordReader::printable(r.name) + "')");
        if (r.bytes < kHistoryMagic.size() + static_cast<std::uint64_t>(r.rows) * 14)  // each row at least 14 bytes
            in.fail("the history file's size is too small for its rows");
        if (!reference) in.fail("the history is kept in the file '" + RecordReader::printable(r.name) + "' beside it");
        *reference = r;
        // The rows recorded since the history file's last chunk, here.
        const auto tail = in.count(in.record("tail", 1)[1], fields, kMaxHistory, "the history's tail");
        for (std::int64_t k = 0; k < tail; ++k) s.history.push_back(readPoint(in, in.row(fields, "a history row"), 0));
    }
    in.record("end", 0);
    if (!in.atEnd()) in.fail("unexpected bytes after 'end'");
    return s;
}

// The checksummed body of a checkpoint file, the checksum line removed.
std::string checkedBody(const std::string& bytes, const std::string& origin) {
    if (bytes.empty()) throw InputError(origin + ": empty file, not a checkpoint");
    if (bytes.compare(0, kMagic.size() + 1, kMagic + " ") != 0)
        throw InputError(origin + ": not a flowscope checkpoint (the first line must be '" + kMagic + " " +
                         std::to_string(kCheckpointVersion) + "')");
    // The version first: a newer format may end differently.
    const std::size_t firstEnd = bytes.find('\n');
    const std::string version = bytes.substr(kMagic.size() + 1, firstEnd == std::string::npos ? 20 : firstEnd - kMagic.size() - 1);
    if (!readableVersion(version))
        throw InputError(origin + ": checkpoint format version " + RecordReader::printable(version) +
                         "; this build reads versions 1 to " + std::to_string(kCheckpointVersion));
    // Then the checksum line, "checksum HASH BYTES\n", which covers every byte before it.
    const std::size_t last = bytes.size() >= 2 ? bytes.rfind('\n', bytes.size() - 2) : std::string::npos;
    std::uint64_t hash = 0, size = 0;
    if (bytes.back() != '\n' || last == std::string::npos ||
        !readChecksumLine(bytes.substr(last + 1, bytes.size() - last - 2), hash, size))
        throw InputError(origin + ": truncated or damaged checkpoint (its last line must be the checksum)");
    if (size != last + 1)
        throw InputError(origin + ": truncated or damaged checkpoint (" + std::to_string(last + 1) + " bytes where " +
                         std::to_string(size) + " were written)");
    if (fnv1a64(bytes.data(), last + 1) != hash)
        throw InputError(origin + ": damaged checkpoint (checksum mismatch)");
    return bytes.substr(0, last + 1);
}

}  // namespace

SimulationState parseCheckpointRecords(const std::string& bytes, const std::string& origin) {
    HistoryReference ignored;  // the fuzzers feed records alone: a reference is read, not followed
    return parseRecords(bytes, origin, &ignored);
}

std::vector<HistoryPoint> parseHistoryRows(const std::string& bytes, const std::string& origin) {
    const bool current = bytes.compare(0, kHistoryMagic.size(), kHistoryMagic) == 0;
    if (!current && bytes.compare(0, kHistoryMagicV1.size(), kHistoryMagicV1) != 0)
        throw InputError(origin + ":1: not a flowscope history file (the first line must be 'flowscope-history 1' or 2)");
    const int fields = current ? kRowFields : kRowFieldsV1;
    const std::string rows = bytes.substr(kHistoryMagic.size());  // both first lines are as long
    RecordReader in(rows, origin);
    in.skipLines(1);
    std::vector<HistoryPoint> history;
    while (!in.atEnd()) {
        history.push_back(readPoint(in, in.row(fields, "a history row"), 0));
        if (history.size() > 1 && history[history.size() - 2].step >= history.back().step)
            in.fail("history steps must increase");
    }
    return history;
}

SimulationState parseCheckpoint(const std::string& bytes, const std::string& origin) {
    return parseRecords(checkedBody(bytes, origin), origin, nullptr);
}

void saveCheckpoint(const std::string& path, const SimulationState& state) {
    writeFileAtomically(path, formatCheckpoint(state), "checkpoint");
}

SimulationState loadCheckpoint(const std::string& path) {
    const auto limit = static_cast<std::uint64_t>(0.5 * physicalMemoryBytes());
    HistoryReference reference;
    reference.rows = -1;
    SimulationState s = parseRecords(checkedBody(readRegularFile(path, "checkpoint", limit), path), path, &reference);
    if (reference.rows < 0) return s;
    // The history kept apart: its first `bytes` bytes, as the checkpoint's checksum says.
    const std::string folder = std::filesystem::path(path).parent_path().string();
    const std::string historyPath = (folder.empty() ? "" : folder + "/") + reference.name;
    std::string rows = readRegularFile(historyPath, "checkpoint's history file", std::max(limit, reference.bytes));
    if (rows.size() < reference.bytes)
        throw InputError(historyPath + ": truncated history file (" + std::to_string(rows.size()) + " bytes where " +
                         path + " needs " + std::to_string(reference.bytes) + ")");
    rows.resize(reference.bytes);  // rows appended after the checkpoint are not part of it
    if (fnv1a64(rows.data(), rows.size()) != reference.hash)
        throw InputError(historyPath + ": damaged history file (checksum mismatch with " + path + ")");
    std::vector<HistoryPoint> history = parseHistoryRows(rows, historyPath);
    if (static_cast<std::int64_t>(history.size()) != reference.rows)
        throw InputError(historyPath + ": holds " + std::to_string(history.size()) + " rows where " + path +
                         " names " + std::to_string(reference.rows));
    history.insert(history.end(), s.history.begin(), s.history.end());  // then the checkpoint's tail
    s.history = std::move(history);
    return s;
}

namespace {
// Rows (about 100 bytes each) kept in a checkpoint's tail before they go to the history file.
constexpr std::size_t kHistoryChunkBytes = std::size_t(64) << 10;
// Rows held in memory between two saves at most; more go to the file at once.
constexpr std::size_t kHistoryHeldBytes = std::size_t(1) << 20;
}  // namespace

CheckpointWriter::CheckpointWriter(std::string path, std::vector<HistoryPoint> earlier)
    : path_(std::move(path)), historyPath_(path_ + ".history") {
    requireReplaceableFile(path_, "checkpoint");
    requireReplaceableFile(historyPath_, "checkpoint's history file");
    pending_ = kHistoryMagic;
    for (const auto& row : earlier) append(row);
}

CheckpointWriter::~CheckpointWriter() {
    if (fd_ >= 0) ::close(fd_);
}

void CheckpointWriter::append(const HistoryPoint& row) {
    writePoint(pending_, row);
    ++pendingRows_;
    // Saves far apart (a large --checkpoint-every) must not hold the rows between them:
    // past a bound they go to the history file now, synced before a checkpoint names them.
    if (fd_ >= 0 && pending_.size() >= kHistoryHeldBytes) writeChunk();
}

void CheckpointWriter::writeChunk() {
    // Bytes past the named prefix (a failed append) are ignored by readers; cut them anyway.
    if (::ftruncate(fd_, static_cast<off_t>(bytes_)) != 0)
        throwFileError(historyPath_, "cannot write the checkpoint's history file", errno);
    writeAll(fd_, pending_, historyPath_);
    hash_ = fnv1a64(pending_.data(), pending_.size(), bytes_ == 0 ? kFnvStart : hash_);
    bytes_ += pending_.size();
    rows_ += pendingRows_;
    pending_.clear();
    pendingRows_ = 0;
    unsynced_ = true;
}

void CheckpointWriter::save(const SimulationState& state) {
    if (fd_ < 0) {
        // The first save writes the history file whole (beside, synced, renamed); later ones append.
        writeFileAtomically(historyPath_, pending_, "checkpoint's history file");
        fd_ = ::open(historyPath_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
        if (fd_ < 0) throwFileError(historyPath_, "cannot append to the checkpoint's history file", errno);
    } else if (pending_.size() >= kHistoryChunkBytes) {
        // New rows go to the history file in chunks; fewer stay in the checkpoint's tail,
        // so most saves sync one small file.
        writeChunk();
    }
    if (unsynced_ && ::fdatasync(fd_) != 0)
        throwFileError(historyPath_, "cannot write the checkpoint's history file", errno);
    unsynced_ = false;
    if (fd_ >= 0 && bytes_ == 0) {  // the file just written whole: its bytes are named from now on
        hash_ = fnv1a64(pending_.data(), pending_.size());
        bytes_ = pending_.size();
        rows_ = pendingRows_;
        pending_.clear();
        pendingRows_ = 0;
    }
    char hash[20];
    std::snprintf(hash, sizeof hash, "%016" PRIx64, hash_);
    const std::string record = "history " + std::to_string(rows_) + ' ' + std::to_string(bytes_) + ' ' + hash + ' ' +
                               historyName() + "\ntail " + std::to_string(pendingRows_) + '\n';
    writeFileAtomically(path_, formatWithHistory(state, record + pending_), "checkpoint");
}

std::string CheckpointWriter::historyName() const { return std::filesystem::path(historyPath_).filename().string(); }

std::int64_t runWithCheckpoints(Simulation& sim, std::int64_t steps, const CheckpointPlan& plan) {
    std::int64_t done = 0;
    std::int64_t savedAt = -1;
    auto save = [&] {
        if (plan.path.empty() || savedAt == sim.stepCount()) return;
        if (plan.writer) plan.writer->save(sim.state());
        else saveCheckpoint(plan.path, sim.state());
        savedAt = sim.stepCount();
    };
    save();  // first of all: a path that cannot be written is refused before any work
    auto lastSave = std::chrono::steady_clock::now();
    // One step at a time, so a stop request is honoured within a step.
    while (done < steps && !(plan.stop && plan.stop->load())) {
        if (sim.advanceBy(1) == 0) break;  // diverged, or converged
        ++done;
        if (plan.every > 0 && sim.stepCount() % plan.every == 0 &&
            (plan.minSeconds <= 0 || std::chrono::steady_clock::now() - lastSave >= std::chrono::duration<double>(plan.minSeconds))) {
            save();
            lastSave = std::chrono::steady_clock::now();
        }
    }
    save();
    sim.run(0);  // the last state's history row, as run() gives it
    return done;
}

}  // namespace flowscope
