#pragma once
// The subcommands of flowscope-cli. Each registers its options and returns the process's
// exit code: 0 done, 2 bad input (a one-line message names the file, key or line),
// 3 the run diverged (its last finite state is written).
#include <CLI/CLI.hpp>
#include <functional>

namespace flowscope::cli {

using Command = std::function<int()>;

Command addRunCommand(CLI::App& app);
Command addEvalCommand(CLI::App& app);
Command addKeysCommand(CLI::App& app);
Command addSweepCommand(CLI::App& app);

}  // namespace flowscope::cli
