#pragma once
// Checkpoints: a run's complete state (SimulationState) in a file, so that a run stopped
// for any reason continues bit for bit as if it never stopped.
//
// The format is text, one record per line, every double as a hexadecimal float (exact):
//
//     flowscope-checkpoint 3               format name and version (1 and 2 are read as well)
//     scenario {...}                       the resolved scenario, one line of JSON
//     restarts, status, divergence, current, initial, rng batch|evaluation|resize
//     convergence N, then N lines          the convergence window's ring buffer
//     particles COUNT DIM, then COUNT lines of w theta0 ... theta(DIM-1)
//     history N, then N lines of step time objective loss regularizer excess grad_norm
//       test_loss accuracy test_accuracy (the last three from version 3; NaN when not recorded)
//       or history N BYTES HASH NAME       N rows are the first BYTES bytes of the file
//          tail K, then K lines            NAME beside this one (FNV-1a 64 HASH), then K rows
//     end
//     checksum HHHHHHHHHHHHHHHH BYTES      FNV-1a 64 of every byte above, and their count
//
// A file is written beside its target and renamed over it, so a reader (or a run killed
// mid-write) never sees half of one. A reader checks the version and the checksum before
// reading any record, so a truncated or damaged file is refused whole, never half-loaded.
//
// A long run's history is kept apart (CheckpointWriter): its rows are appended to
// PATH.history ("flowscope-history 2", then one row per line as above) in chunks of about
// 64 KB, synced before the checkpoint that names them; the rows since the last chunk are
// the checkpoint's tail. Only the prefix a checkpoint names is part of it (rows appended
// after it, by a run killed between saves, are ignored). So each save costs the state
// and at most a chunk, not the whole history, and syncs one file most of the time.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "simulation.hpp"

namespace flowscope {

constexpr int kCheckpointVersion = 3;       // written; versions 1 to 3 are read

std::string formatCheckpoint(const SimulationState& state);
// Throws InputError naming `origin` (and the line, for a bad record).
SimulationState parseCheckpoint(const std::string& bytes, const std::string& origin);
// The records alone, without the checksum line: for fuzzing the record reader, which
// random bytes would otherwise never reach past the checksum.
SimulationState parseCheckpointRecords(const std::string& bytes, const std::string& origin);
// The rows of a history file: "flowscope-history 2" (or 1, without the held-out columns), then rows; for fuzzing and tests.
std::vector<HistoryPoint> parseHistoryRows(const std::string& bytes, const std::string& origin);

// The whole state in one file (the window's Save state); the target must be a regular
// file or absent. Throws InputError or EnvironmentError naming the path.
void saveCheckpoint(const std::string& path, const SimulationState& state);
// Either form; a history kept apart is read, checked against its checksum and included.
SimulationState loadCheckpoint(const std::string& path);

// Checkpoints of one long run at O(state + new rows) each: give it every history row the
// run records, in order (Simulation::setHistorySink), and save() between steps.
class CheckpointWriter {
public:
    // `earlier`: the rows recorded before this writer (a resumed run's loaded history).
    explicit CheckpointWriter(std::string path, std::vector<HistoryPoint> earlier = {});
    ~CheckpointWriter();
    CheckpointWriter(const CheckpointWriter&) = delete;
    CheckpointWriter& operator=(const CheckpointWriter&) = delete;

    void append(const HistoryPoint& row);
    // The state without its history (state.history is not written): the rows appended.
    void save(const SimulationState& state);
    const std::string& path() const { return path_; }

private:
    std::string historyName() const;
    void writeChunk();  // pending rows to the history file, not yet synced
    std::string path_, historyPath_;
    std::string pending_;            // rows appended since the last save, formatted
    std::int64_t rows_ = 0, pendingRows_ = 0;
    std::uint64_t bytes_ = 0, hash_ = 0;  // of the history file's saved prefix
    int fd_ = -1;                    // the history file, once the first save created it
    bool unsynced_ = false;          // rows written to it since its last sync
};

struct CheckpointPlan {
    std::string path;                     // empty: no checkpoints
    std::int64_t every = 0;               // also at every multiple of this step count; 0: only at the end
    const std::atomic<bool>* stop = nullptr;  // set (e.g. by a signal handler) to stop after the current step
    CheckpointWriter* writer = nullptr;   // saves through it (history apart) instead of saveCheckpoint
    double minSeconds = 0.0;              // and then only if this long after the last save (a save syncs
                                          // the disk: a fast run would otherwise wait on it)
};
// Up to `steps` steps like Simulation::run, saving a checkpoint before the first step (so
// an unwritable path fails before any work), at every multiple of plan.every and at the
// end (also when stopped, diverged or converged). Returns the
// steps taken. The history gets the final row of run() only after the last save, so a
// checkpoint holds the flow exactly as an uninterrupted run would have it.
std::int64_t runWithCheckpoints(Simulation& simulation, std::int64_t steps, const CheckpointPlan& plan);

}  // namespace flowscope
