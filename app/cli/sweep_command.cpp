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
#include "scenario_options.hpp"
#include "sweep.hpp"
#include "sweep_description.hpp"
#include "sweep_results.hpp"

namespace flowscope::cli {

namespace {

struct SweepOptions {
    ScenarioOptions scenario;
    std::vector<std::string> grid;
    int seeds = 1;
    std::uint64_t firstSeed = 1;
    std::string out;
    std::string shard = "1/1";
    int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    bool quiet = false;
};

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

Command addSweepCommand(CLI::App& app) {
    auto options = std::make_shared<SweepOptions>();
    CLI::App* sweep = app.add_subcommand(
        "sweep", "Run a scenario over a grid of key values and seeds, in parallel; rows are appended to "
                 "OUT/results.csv as runs finish, and rerunning the same command resumes an interrupted sweep");
    options->scenario.addTo(*sweep);
    sweep->add_option("--grid", options->grid,
                      "A key and its values: KEY=V1,V2,... or KEY=log:LO:HI:N (repeatable; cells are all combinations)")
        ->type_name("KEY=VALUES");
    sweep->add_option("--seeds", options->seeds, "Seeds per grid point (run.seed = first seed, +1, ...)")
        ->check(CLI::Range(1, 1000000));
    sweep->add_option("--first-seed", options->firstSeed, "The first seed");
    sweep->add_option("--out", options->out, "Output folder")->required();
    sweep->add_option("--shard", options->shard, "Run only part I of N disjoint parts (their results concatenate)")
        ->type_name("I/N");
    sweep->add_option("--jobs,-j", options->jobs,
                      "Runs in parallel (default: all cores; under MPI each rank runs one at a time)")
        ->check(CLI::Range(1, 1024));
    sweep->add_flag("--quiet,-q", options->quiet, "No progress bar");
    return [sweep, options]() -> int {
        if (!sweep->parsed()) return -1;
        // Under mpirun or srun: one sweep across the job's ranks (mpi_sweep.hpp).
        const std::unique_ptr<MpiSweep> mpi = MpiSweep::join();
        const bool worker = mpi && mpi->rank() != 0;
        std::optional<SweepPlan> plan;
        int part = 1, parts = 1;
        std::exception_ptr failure;
        try {
            std::tie(part, parts) = parseShard(options->shard);
            std::vector<SweepAxis> axes;
            for (const auto& spec : options->grid) axes.push_back(parseSweepAxis(spec));
            plan.emplace(options->scenario.resolve(), axes, options->seeds, options->firstSeed);
            if (mpi && sweep->get_option("--jobs")->count() > 0)
                throw InputError("--jobs " + std::to_string(options->jobs) +
                                 ": under MPI each rank runs one cell at a time; start more ranks, or give each "
                                 "run more threads with --set run.threads=N");
            plan->requireMemoryFor(mpi ? 1 : static_cast<int>(std::min<std::int64_t>(options->jobs, plan->cellCount())));
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
        std::filesystem::create_directories(options->out, error);
        if (error) throwFileError(options->out, "cannot create the output folder", error.value());
        // One sweep per folder at a time: a second one would append duplicate rows.
        const FolderLock lock(options->out + "/.lock", options->out);
        writeOrCheckSweepDescription(options->out, describeSweep(*plan, options->seeds, options->firstSeed));
        ResultsFile results(options->out + "/results.csv", *plan);

        std::vector<SweepCell> todo;
        const auto mine = plan->cells(part, parts);
        for (const auto& cell : mine)
            if (!results.finishedCells().count(cell.index)) todo.push_back(cell);
        Progress progress(static_cast<std::int64_t>(mine.size()), static_cast<std::int64_t>(mine.size() - todo.size()),
                          options->quiet);

        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
        const auto onResult = [&](const SweepResult& r) {
            results.append(r);
            progress.advance("(cell " + std::to_string(r.cell.index) + ": " + sweepStatusName(r.status) + ")");
        };
        if (mpi) mpi->coordinate(*plan, todo, onResult, interrupted);
        else runSweep(*plan, todo, options->jobs, onResult, interrupted);
        progress.finish();
        if (interrupted) {
            std::cerr << "flowscope-cli: interrupted; finished rows are in " << options->out
                      << "/results.csv, and the same command resumes the sweep\n";
            return 130;
        }
        return 0;
    };
}

}  // namespace flowscope::cli
