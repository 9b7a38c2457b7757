#include <csignal>
#include <filesystem>
#include <iostream>
#include <optional>
#include <tuple>
#include <thread>

#include "commands.hpp"
#include "file_io.hpp"
#include "folder_lock.hpp"
#include "failure.hpp"
#include "input_error.hpp"
#include "mpi_sweep.hpp"
#include "progress.hpp"
#include "results_file.hpp"
#include "sweep.hpp"
#include "sweep_description.hpp"
#include "sweep_results.hpp"

namespace flowscope::cli {

namespace {

std::atomic<bool> interrupted{false};
extern "C" void onInterrupt(int) { interrupted.store(true); }

std::pair<int, int> parseShard(const std::string& text) {
    const auto slash = text.find('/');
    try {
        if (slash != std::string::npos) {
            std::size_t used1 = 0, used2 = 0;
            const int part = std::stoi(text.substr(0, slash), &used1);
            const int parts = std::stoi(text.substr(slash + 1), &used2);
            if (used1 == slash && used2 == text.size() - slash - 1 && parts >= 1 && part >= 1 && part <= parts)
                return {part, parts};
        }
    } catch (const std::exception&) {
    }
    throw InputError("--shard " + text + ": expected I/N with 1 <= I <= N, e.g. --shard 2/8");
}

}  // namespace

int sweepCommand(const SweepRequest& request) {
    // Under mpirun or srun: one sweep across the job's ranks (mpi_sweep.hpp).
    const std::unique_ptr<MpiSweep> mpi = MpiSweep::join();
    const bool worker = mpi && mpi->rank() != 0;
    std::optional<SweepPlan> plan;
    int part = 1, parts = 1;
    std::exception_ptr failure;
    try {
        std::tie(part, parts) = parseShard(request.shard);
        std::vector<SweepAxis> axes;
        for (const auto& spec : request.grid) axes.push_back(parseSweepAxis(spec));
        plan.emplace(request.scenario.resolve(), axes, request.seeds, request.firstSeed);
        if (mpi && request.jobsGiven)
            throw InputError("--jobs " + std::to_string(request.jobs) +
                             ": under MPI each rank runs one cell at a time; start more ranks, or give each "
                             "run more threads with --set run.threads=N");
        plan->requireMemoryFor(mpi ? 1 : static_cast<int>(std::min<std::int64_t>(request.jobs, plan->cellCount())));
    } catch (...) {
        if (!mpi) throw;
        failure = std::current_exception();
    }
    if (mpi) {
        // The ranks go on together or stop together; the reason is said once: rank 0's,
        // else that of each rank that failed alone (a node with less memory). Said before
        // the ranks leave: mpirun ends the job when one rank ends with an error.
        bool rank0Succeeded = false;
        if (!mpi->allSucceeded(!failure, rank0Succeeded)) {
            if (!worker)
                return reportFailure(failure ? failure : std::make_exception_ptr(InputError(
                    "another rank of the job could not start the sweep (its message says why)")));
            if (failure && rank0Succeeded) return reportFailure(failure, "rank " + std::to_string(mpi->rank()) + ": ");
            return 0;  // rank 0 said why, and ends with its code
        }
    }
    interrupted = false;
    if (worker) {
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
        return mpi->work(*plan, interrupted);
    }

    std::error_code error;
    std::filesystem::create_directories(request.out, error);
    if (error) throwFileError(request.out, "cannot create the output folder", error.value());
    // One sweep per folder at a time: a second one would append duplicate rows.
    const FolderLock lock(request.out + "/.lock", request.out);
    writeOrCheckSweepDescription(request.out, describeSweep(*plan, request.seeds, request.firstSeed));
    ResultsFile results(request.out + "/results.csv", *plan);

    std::vector<SweepCell> todo;
    const auto mine = plan->cells(part, parts);
    for (const auto& cell : mine)
        if (!results.finishedCells().count(cell.index)) todo.push_back(cell);
    Progress progress(static_cast<std::int64_t>(mine.size()), static_cast<std::int64_t>(mine.size() - todo.size()),
                      request.quiet);

    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    const auto onResult = [&](const SweepResult& r) {
        results.append(r);
        progress.advance("(cell " + std::to_string(r.cell.index) + ": " + sweepStatusName(r.status) + ")");
    };
    if (mpi) mpi->coordinate(*plan, todo, onResult, interrupted);
    else runSweep(*plan, todo, request.jobs, onResult, interrupted);
    progress.finish();
    if (interrupted) {
        std::cerr << "flowscope-cli: interrupted; finished rows are in " << request.out
                  << "/results.csv, and the same command resumes the sweep\n";
        return 130;
    }
    return 0;
}

}  // namespace flowscope::cli
