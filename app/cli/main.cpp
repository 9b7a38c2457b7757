// flowscope-cli: runs flowscope's scenarios and experiments without a window.
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "input_error.hpp"

int main(int argc, char** argv) {
    using namespace flowscope;
    CLI::App app{"flowscope-cli: mean-field particle gradient flows (Chizat & Bach 2018), headless"};
    app.require_subcommand(1);
    const std::vector<cli::Command> commands = {cli::addRunCommand(app), cli::addEvalCommand(app),
                                                cli::addKeysCommand(app), cli::addSweepCommand(app),
                                                cli::addResumeCommand(app)};
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
    try {
        for (const auto& command : commands)
            if (const int code = command(); code >= 0) return code;
    } catch (const InputError& e) {
        std::cerr << "flowscope-cli: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "flowscope-cli: " << e.what() << '\n';
        return 1;
    }
    return 2;
}
