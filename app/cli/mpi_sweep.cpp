#include "mpi_sweep.hpp"

#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "failure.hpp"

namespace flowscope::cli {

namespace {

// The messages: a worker says it is ready (once, at the start) or sends a result, which
// also asks for the next cell; rank 0 answers with a cell's number or with stop.
enum Tag : int { kReady = 1, kResult = 2, kWork = 3, kStop = 4 };

// A result as it travels: the numbers of a row (the grid values and seed follow from the
// cell's number). Sent as bytes: the ranks of one job run the same program on the same
// kind of machine.
struct CellReport {
    std::int64_t index, status, steps, recovered;
    double time, objective, excess, initialObjective, gradNorm, wallSeconds;
};

CellReport toReport(const SweepResult& r) {
    return {r.cell.index, static_cast<std::int64_t>(r.status), r.steps, r.recovered, r.time,
            r.objective, r.excess, r.initialObjective, r.gradNorm, r.wallSeconds};
}

SweepResult fromReport(const SweepPlan& plan, const CellReport& c) {
    SweepResult r;
    r.cell = plan.cell(c.index);
    r.status = static_cast<RunStatus>(c.status);
    r.steps = c.steps;
    r.recovered = static_cast<int>(c.recovered);
    r.time = c.time;
    r.objective = c.objective;
    r.excess = c.excess;
    r.initialObjective = c.initialObjective;
    r.gradNorm = c.gradNorm;
    r.wallSeconds = c.wallSeconds;
    return r;
}

// The process that started this rank (mpirun, its daemon on another node, or Slurm's step
// daemon): when it is killed, the job is over. Open MPI's ranks would otherwise go on
// for a while (and finish the sweep) after a kill -9 of mpirun.
pid_t launcher = 0;

// Waits for a message from `source` (or any rank), sleeping between polls: a blocking
// receive spins a core, which rank 0 and the waiting workers would take from the runs on
// a node whose cores are all given out. Returns false when `cancel` is set first; ends
// the process when the launcher is gone (rank 0 then writes no row more).
bool awaitMessage(int source, MPI_Status& status, const std::atomic<bool>& cancel) {
    auto pause = std::chrono::microseconds(20);
    for (;;) {
        int arrived = 0;
        MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
        if (arrived) return true;
        if (cancel.load()) return false;
        if (::getppid() != launcher) {
            std::fprintf(stderr, "flowscope-cli: the job's launcher (process %ld) is gone; this rank ends\n",
                         static_cast<long>(launcher));
            std::_Exit(4);
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(2000));
    }
}

}  // namespace

std::unique_ptr<MpiSweep> MpiSweep::join() {
    if (launchedRanks() == 1) return nullptr;
    launcher = ::getppid();
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
        // Only this thread calls MPI; the runs' own threads never do.
        int provided = 0;
        MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    }
    int rank = 0, ranks = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    if (ranks == 1) {
        MPI_Finalize();
        return nullptr;
    }
    return std::unique_ptr<MpiSweep>(new MpiSweep(rank, ranks));
}

MpiSweep::~MpiSweep() {
    if (rank_ == 0)
        for (int worker = 1; worker < ranks_; ++worker) release(worker);
    MPI_Finalize();
}

bool MpiSweep::allSucceeded(bool mine, bool& rank0Succeeded) {
    int ok = mine ? 1 : 0, all = 0, first = ok;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Bcast(&first, 1, MPI_INT, 0, MPI_COMM_WORLD);
    rank0Succeeded = first == 1;
    if (all != 1 && rank_ == 0) {  // the workers leave without waiting to be released
        std::fill(released_.begin(), released_.end(), true);
        releasedCount_ = ranks_ - 1;
    }
    return all == 1;
}

void MpiSweep::release(int worker) {
    if (released_[worker]) return;
    released_[worker] = true;
    ++releasedCount_;
    MPI_Send(nullptr, 0, MPI_BYTE, worker, kStop, MPI_COMM_WORLD);
}

void MpiSweep::abortJob(const std::exception_ptr& failure) {
    const int code = reportFailure(failure, rank_ == 0 ? "" : "rank " + std::to_string(rank_) + ": ");
    MPI_Abort(MPI_COMM_WORLD, code);
    std::exit(code);  // not reached: MPI_Abort ends this process too
}

void MpiSweep::coordinate(const SweepPlan& plan, const std::vector<SweepCell>& cells,
                          const std::function<void(const SweepResult&)>& onResult, const std::atomic<bool>& cancel) {
    const std::vector<SweepCell> order = largestFirst(plan, cells);
    std::size_t next = 0;
    try {
        while (releasedCount_ < ranks_ - 1) {
            MPI_Status status;
            if (!awaitMessage(MPI_ANY_SOURCE, status, cancel)) return;
            const int worker = status.MPI_SOURCE;
            CellReport report;
            const bool result = status.MPI_TAG == kResult;
            if (result) MPI_Recv(&report, sizeof report, MPI_BYTE, worker, kResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            else MPI_Recv(nullptr, 0, MPI_BYTE, worker, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            // The next cell first, then the row: the worker computes while the row is synced.
            if (next < order.size() && !cancel.load()) {
                const std::int64_t index = order[next++].index;
                MPI_Send(&index, 1, MPI_INT64_T, worker, kWork, MPI_COMM_WORLD);
            } else {
                release(worker);
            }
            if (result) onResult(fromReport(plan, report));
        }
    } catch (...) {
        // Rows already written stay; the workers' runs in flight are lost either way.
        abortJob(std::current_exception());
    }
}

int MpiSweep::work(const SweepPlan& plan, const std::atomic<bool>& cancel) {
    try {
        MPI_Send(nullptr, 0, MPI_BYTE, 0, kReady, MPI_COMM_WORLD);
        for (;;) {
            MPI_Status status;
            if (!awaitMessage(0, status, cancel)) return 130;
            if (status.MPI_TAG != kWork) {
                MPI_Recv(nullptr, 0, MPI_BYTE, 0, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                return 0;
            }
            std::int64_t index = 0;
            MPI_Recv(&index, 1, MPI_INT64_T, 0, kWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            const SweepResult result = runSweepCell(plan, plan.cell(index), &cancel);
            if (cancel.load()) return 130;  // an interrupted run is not a result
            const CellReport report = toReport(result);
            MPI_Send(&report, sizeof report, MPI_BYTE, 0, kResult, MPI_COMM_WORLD);
        }
    } catch (...) {
        abortJob(std::current_exception());
    }
}

}  // namespace flowscope::cli
