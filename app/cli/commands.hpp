#pragma once
// The subcommands of flowscope-cli. Each registers its options and returns the process's
// exit code: 0 done, 2 bad input (a one-line message names the file, key or line),
// 3 the run diverged (its last finite state is written), 4 the environment failed (disk
// full, permission denied, I/O error, output in use by another process: the previous
// output is intact and the same command can be rerun), 130 interrupted (state saved).
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "checkpoint.hpp"
#include "step_control.hpp"
#include "output_folder.hpp"
#include "run_output.hpp"

namespace flowscope::cli {

using Command = std::function<int()>;

Command addRunCommand(CLI::App& app);
Command addEvalCommand(CLI::App& app);
Command addKeysCommand(CLI::App& app);
Command addSweepCommand(CLI::App& app);
Command addResumeCommand(CLI::App& app);
Command addLessonCommand(CLI::App& app);
Command addCompareCommand(CLI::App& app);
Command addMergeCommand(CLI::App& app);

// Shared by run and resume (run_command.cpp): --checkpoint FILE [--checkpoint-every N].
struct CheckpointOptions {
    std::string path;
    long long every = 1000;
    CLI::Option* everyOption = nullptr;  // given: exactly every N steps; default: also at most one a second
    void addTo(CLI::App& command);
    CheckpointPlan plan() const;  // also makes Ctrl-C stop and save when a file is given
};

// Refuses, before anything is allocated, a run that the process's `ulimit -v` cannot hold
// (EnvironmentError, exit 4): a worker thread that cannot get its stack would otherwise end
// the process midway with the threading library's own message.
void requireRoomFor(const Scenario& scenario);

// Asks the running run or resume to stop after its current step; it then writes its
// output folder (and checkpoint) as at the end and exits with 130. Safe in a signal handler.
void requestStop();

// While it lives, SIGINT and SIGTERM stop the run: the step in flight is abandoned at
// once (however long it is), and the run ends on its last complete step as requestStop() says.
class StopSignals {
public:
    StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    StepControlScope scope_;
};

// One run of run or resume, from a simulation in its starting state to the output folder
// put in place. Everything that can be refused is refused on construction, before any
// step: the output folder (kind, lock, writability) and the checkpoint's path.
class RunSession {
public:
    // `earlier`: the history rows before the simulation's current ones (a resumed run's);
    // empty for a fresh run, whose rows so far are the simulation's own.
    RunSession(Simulation& simulation, const std::string& out, const CheckpointOptions& checkpoint,
               std::vector<HistoryPoint> earlier = {});
    ~RunSession();
    const OutputFolder& output() const { return out_; }
    // Up to `steps` steps with checkpoints; stops early on divergence, convergence or requestStop().
    void run(std::int64_t steps);
    // Steps with the particles' paths recorded every `every` steps (no checkpoints).
    void runWithTrajectory(std::int64_t steps, int every);
    // Writes the output folder and puts it in place; prints the summary; the exit code.
    int finish(bool quiet);

private:
    Simulation& sim_;
    OutputFolder out_;
    HistoryCsv history_;
    std::unique_ptr<CheckpointWriter> checkpoint_;
    CheckpointPlan plan_;
};

// The history a command-line run keeps in memory (its rows all go to history.csv).
constexpr std::size_t kRunHistoryCapacity = 4096;

}  // namespace flowscope::cli
