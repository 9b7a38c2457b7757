#pragma once
// One sweep across the ranks of an MPI job (`mpirun -n N flowscope-cli sweep ...`, or
// srun in a Slurm allocation). Rank 0 keeps the sweep folder exactly as a single process
// does (the lock, sweep.json, results.csv with one write and fsync per row, the repair and
// resume of an interrupted sweep, the progress bar) and hands out cells one at a time,
// largest expected cost first, to whichever rank asks; every other rank runs the cells it
// is handed (runSweepCell, each with the scenario's run.threads) and sends back the
// result, which rank 0 writes as its own. So the rows are those of a single-process sweep
// of the same grid, bit for bit but for the wall time. A rank that fails ends the whole
// job (MPI_Abort, after its one-line message); the rows already written stay, and the
// same command resumes the sweep.
//
// Without MPI (FLOWSCOPE_MPI=OFF) a process started as one of several ranks is refused,
// since each would otherwise run the whole sweep (mpi_sweep_none.cpp).
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "sweep.hpp"

namespace flowscope::cli {

// The ranks the launcher (mpirun, mpiexec, srun) started this process among, from its
// environment; 1 when not started by one, 0 when started by one that does not say.
int launchedRanks();

class MpiSweep {
public:
    // Joins the job when this process is one of several ranks; nullptr otherwise.
    static std::unique_ptr<MpiSweep> join();
    // On rank 0: releases the workers still waiting (after a failure before or during the
    // hand-out, they then end without work). Then leaves the job.
    ~MpiSweep();
    MpiSweep(const MpiSweep&) = delete;
    MpiSweep& operator=(const MpiSweep&) = delete;

    int rank() const { return rank_; }
    int ranks() const { return ranks_; }

    // Whether every rank succeeded at something each did alone (building the plan from
    // the same command line), so that they go on or stop together; and whether rank 0 did.
    // Collective. When not all did, every rank leaves at once (none waits for work).
    bool allSucceeded(bool mine, bool& rank0Succeeded);

    // Rank 0: hands `cells` out and calls onResult for each result (one call at a time,
    // on this thread), until all are done or `cancel` is set. A failure of onResult (a
    // full disk) ends the job.
    void coordinate(const SweepPlan& plan, const std::vector<SweepCell>& cells,
                    const std::function<void(const SweepResult&)>& onResult, const std::atomic<bool>& cancel);
    // The other ranks: run the cells rank 0 hands out until it says there are no more.
    // Returns the exit code (0, or 130 when `cancel` was set); a failure ends the job.
    int work(const SweepPlan& plan, const std::atomic<bool>& cancel);

private:
    MpiSweep(int rank, int ranks) : rank_(rank), ranks_(ranks), released_(ranks, false) {}
    void release(int worker);
    [[noreturn]] void abortJob(const std::exception_ptr& failure);

    int rank_, ranks_;
    std::vector<bool> released_;  // rank 0: the workers told there is no more work
    int releasedCount_ = 0;
};

}  // namespace flowscope::cli
