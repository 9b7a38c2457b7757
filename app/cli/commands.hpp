#pragma once
// The subcommands of flowscope-cli, each a request (what its options said) and the function
// that carries it out and returns the process's exit code: 0 done, 2 bad input (a one-line
// message names the file, key or line), 3 the run diverged (its last finite state is
// written), 4 the environment failed (disk full, permission denied, I/O error, output in use
// by another process: the previous output is intact and the same command can be rerun),
// 130 interrupted (state saved). The options themselves are read in command_line.cpp, the
// one unit that includes the command-line parser (its header costs seconds per unit).
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "checkpoint.hpp"
#include "step_control.hpp"
#include "output_folder.hpp"
#include "run_output.hpp"
#include "scenario_options.hpp"

namespace flowscope::cli {

// Shared by run and resume (run_command.cpp): --checkpoint FILE [--checkpoint-every N].
struct CheckpointOptions {
    std::string path;
    long long every = 1000;
    bool everyGiven = false;  // given: exactly every N steps; default: also at most one a second
    CheckpointPlan plan() const;  // also makes Ctrl-C stop and save when a file is given
};

struct RunRequest {
    ScenarioOptions scenario;
    std::string init;
    std::string out;
    int trajectoryEvery = 0;
    CheckpointOptions checkpoint;
    bool quiet = false;
    bool dryRun = false;
};
int runCommand(const RunRequest& request);

struct EvalRequest {
    ScenarioOptions scenario;
    std::string particles;
};
int evalCommand(const EvalRequest& request);

int keysCommand();

struct SweepRequest {
    ScenarioOptions scenario;
    std::vector<std::string> grid;
    int seeds = 1;
    std::uint64_t firstSeed = 1;
    std::string out;
    std::string shard = "1/1";
    int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    bool jobsGiven = false;
    bool quiet = false;
};
int sweepCommand(const SweepRequest& request);

struct ResumeRequest {
    std::string from;
    std::optional<long long> steps;
    std::string out;
    CheckpointOptions checkpoint;
    bool quiet = false;
};
int resumeCommand(const ResumeRequest& request);

struct LessonRequest {
    std::string lesson;
    bool list = false;
};
int lessonCommand(const LessonRequest& request);

struct CompareRequest {
    std::string name;
    std::vector<std::string> vary, settings;
    std::optional<double> time;
    std::string out;
    bool quiet = false;
};
int compareCommand(const CompareRequest& request);

struct MergeRequest {
    std::vector<std::string> folders;
    std::string out;
    bool quiet = false;
};
int mergeCommand(const MergeRequest& request);

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
