#pragma once
// flowscope-cli's command line: every subcommand's options, read into its request
// (commands.hpp), and the one subcommand given carried out.

namespace flowscope::cli {

// The exit code: the subcommand's, 0 after --help or --version, 2 for a command line that
// does not parse, or the code reportFailure gives what the subcommand threw.
int runCommandLine(int argc, char** argv);

}  // namespace flowscope::cli
