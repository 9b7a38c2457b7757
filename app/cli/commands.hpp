#pragma once
// The subcommands of flowscope-cli. Each registers its options and returns the process's
// exit code: 0 done, 2 bad input (a one-line message names the file, key or line),
// 3 the run diverged (its last finite state is written), 130 interrupted (state saved).
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "checkpoint.hpp"

namespace flowscope::cli {

using Command = std::function<int()>;

Command addRunCommand(CLI::App& app);
Command addEvalCommand(CLI::App& app);
Command addKeysCommand(CLI::App& app);
Command addSweepCommand(CLI::App& app);
Command addResumeCommand(CLI::App& app);

// Shared by run and resume (run_command.cpp): --checkpoint FILE [--checkpoint-every N],
// and the end of a run (output folder, summary line, exit code; 130 when interrupted).
struct CheckpointOptions {
    std::string path;
    long long every = 1000;
    void addTo(CLI::App& command);
    CheckpointPlan plan() const;  // also makes Ctrl-C stop and save when a file is given
};
int finishRun(const Simulation& simulation, const std::string& out, bool quiet);

}  // namespace flowscope::cli
