// flowscope-cli: runs flowscope's scenarios and experiments without a window.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "input_error.hpp"

namespace {
int fail(const std::string& message, int code) {
    std::cerr << "flowscope-cli: " << message << '\n';
    return code;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace flowscope;
    CLI::App app{"flowscope-cli: mean-field particle gradient flows (Chizat & Bach 2018), headless"};
    app.require_subcommand(1);
    const std::vector<cli::Command> commands = {cli::addRunCommand(app), cli::addEvalCommand(app),
                                                cli::addKeysCommand(app), cli::addSweepCommand(app),
                                                cli::addResumeCommand(app), cli::addCompareCommand(app)};
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "flowscope-cli: " << e.what() << " (see --help)\n";
        return 2;
    }
    int code = 2;
    try {
        for (const auto& command : commands)
            if ((code = command()) >= 0) break;
    } catch (const InputError& e) {
        return fail(e.what(), 2);
    } catch (const EnvironmentError& e) {
        return fail(e.what(), 4);
    } catch (const std::filesystem::filesystem_error& e) {
        // Named by its path and reason, never the library's own wording.
        return fail(e.path1().string() + ": " + e.code().message(), 4);
    } catch (const std::bad_alloc&) {
        return fail("out of memory (the machine or ulimit -v gave less than this run needs)", 4);
    } catch (const std::exception& e) {
        return fail(std::string("internal error: ") + e.what(), 1);
    }
    // What went to standard output must have arrived (a full disk, a closed pipe).
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout))
        return fail(std::string("standard output: write failed (") + std::strerror(errno ? errno : EIO) + ")", 4);
    return code;
}
