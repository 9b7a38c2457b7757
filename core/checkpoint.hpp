#pragma once
// Checkpoints: a run's complete state (SimulationState) in a file, so that a run stopped
// for any reason continues bit for bit as if it never stopped.
//
// The format is text, one record per line, every double as a hexadecimal float (exact):
//
//     flowscope-checkpoint 1               format name and version
//     scenario {...}                       the resolved scenario, one line of JSON
//     restarts, status, divergence, current, initial, rng batch|evaluation|resize
//     convergence N, then N lines          the convergence window's ring buffer
//     particles COUNT DIM, then COUNT lines of w theta0 ... theta(DIM-1)
//     history N, then N lines of step time objective loss regularizer excess grad_norm
//     end
//     checksum HHHHHHHHHHHHHHHH BYTES      FNV-1a 64 of every byte above, and their count
//
// A file is written beside its target and renamed over it, so a reader (or a run killed
// mid-write) never sees half of one. A reader checks the version and the checksum before
// reading any record, so a truncated or damaged file is refused whole, never half-loaded.
#include <atomic>
#include <cstdint>
#include <string>

#include "simulation.hpp"

namespace flowscope {

constexpr int kCheckpointVersion = 1;

std::string formatCheckpoint(const SimulationState& state);
// Throws InputError naming `origin` (and the line, for a bad record).
SimulationState parseCheckpoint(const std::string& bytes, const std::string& origin);
// The records alone, without the checksum line: for fuzzing the record reader, which
// random bytes would otherwise never reach past the checksum.
SimulationState parseCheckpointRecords(const std::string& bytes, const std::string& origin);

void saveCheckpoint(const std::string& path, const SimulationState& state);
SimulationState loadCheckpoint(const std::string& path);

struct CheckpointPlan {
    std::string path;                     // empty: no checkpoints
    std::int64_t every = 0;               // also at every multiple of this step count; 0: only at the end
    const std::atomic<bool>* stop = nullptr;  // set (e.g. by a signal handler) to stop after the current step
};
// Up to `steps` steps like Simulation::run, saving a checkpoint before the first step (so
// an unwritable path fails before any work), at every multiple of plan.every and at the
// end (also when stopped, diverged or converged). Returns the
// steps taken. The history gets the final row of run() only after the last save, so a
// checkpoint holds the flow exactly as an uninterrupted run would have it.
std::int64_t runWithCheckpoints(Simulation& simulation, std::int64_t steps, const CheckpointPlan& plan);

}  // namespace flowscope
