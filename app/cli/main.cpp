// flowscope-cli: runs flowscope's scenarios and experiments without a window.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "failure.hpp"
#include "version.hpp"

namespace {
int fail(const std::string& message, int code) {
    std::cerr << "flowscope-cli: " << message << '\n';
    return code;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace flowscope;
    // Named here, not from argv[0]: the usage lines (and the man page made from them) read
    // the same wherever the program was started from.
    CLI::App app{"flowscope-cli: mean-field particle gradient flows (Chizat & Bach 2018), headless", "flowscope-cli"};
    app.set_version_flag("--version", versionLine("flowscope-cli"), "Print the version and exit");
    app.set_help_all_flag("--help-all", "Print this help message, then every subcommand's, and exit");
    // Exit status before Environment: help2man files an untitled heading under the section before it.
    app.footer("Exit status:\n"
               "  0    done\n"
               "  2    bad input: a one-line message names the file, key or line\n"
               "  3    a run diverged (its last finite state is kept)\n"
               "  4    the environment failed: disk, memory, permissions, a folder in use\n"
               "  130  interrupted (Ctrl-C or SIGTERM; the folder holds the last complete step)\n"
               "\n"
               "Environment:\n"
               "  FLOWSCOPE_ASSETS  the folder of scenarios/ (presets); default: share/flowscope/assets beside the\n"
               "                    program's bin/ folder, else the source tree's assets/");
    app.require_subcommand(1);
    const std::vector<cli::Command> commands = {cli::addRunCommand(app), cli::addEvalCommand(app),
                                                cli::addKeysCommand(app), cli::addSweepCommand(app),
                                                cli::addResumeCommand(app), cli::addLessonCommand(app),
                                                cli::addCompareCommand(app), cli::addMergeCommand(app)};
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "flowscope-cli: " << e.what() << " (see --help)\n";
        return 2;
    }
    int code = 2;
    try {
        for (const auto& command : commands)
            if ((code = command()) >= 0) break;
    } catch (...) {
        return cli::reportFailure(std::current_exception());
    }
    // What went to standard output must have arrived (a full disk, a closed pipe).
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout))
        return fail(std::string("standard output: write failed (") + std::strerror(errno ? errno : EIO) + ")", 4);
    return code;
}
