#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "particle_csv.hpp"
#include "run_output.hpp"
#include "scenario_options.hpp"

namespace flowscope::cli {

namespace {
struct RunOptions {
    ScenarioOptions scenario;
    std::string init;
    std::string out;
    bool quiet = false;
};
}  // namespace

Command addRunCommand(CLI::App& app) {
    auto options = std::make_shared<RunOptions>();
    CLI::App* run = app.add_subcommand("run", "Run a scenario and write history.csv, particles.csv, truth.csv and "
                                              "scenario.json to the output folder");
    options->scenario.addTo(*run);
    run->add_option("--init", options->init, "Start from the particles of this CSV (header w,theta0,...)");
    run->add_option("--out", options->out, "Output folder (created if missing)")->required();
    run->add_flag("--quiet,-q", options->quiet, "Print nothing but errors");
    return [run, options]() -> int {
        if (!run->parsed()) return -1;
        Simulation sim(options->scenario.resolve());
        if (!options->init.empty()) {
            sim.setParticles(loadParticleCsv(options->init));
            std::filesystem::create_directories(options->out);
            std::filesystem::copy_file(options->init, options->out + "/initial_particles.csv",
                                       std::filesystem::copy_options::overwrite_existing);
        }
        sim.run(sim.scenario().run.steps);
        writeRunOutput(options->out, sim);
        const auto& now = sim.current();
        if (!options->quiet)
            std::cout << sim.scenario().name << ": " << now.step << " steps, flow time " << now.time << ", objective "
                      << now.objective << ", excess " << now.excess << ", velocity norm " << now.gradNorm << '\n';
        if (sim.status() == RunStatus::Diverged) {
            std::cerr << "flowscope-cli: " << sim.statusMessage() << '\n';
            return 3;
        }
        return 0;
    };
}

}  // namespace flowscope::cli
