#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "checkpoint.hpp"
#include "commands.hpp"
#include "input_error.hpp"
#include "particle_csv.hpp"
#include "run_output.hpp"
#include "scenario_options.hpp"

namespace flowscope::cli {

namespace {
struct RunOptions {
    ScenarioOptions scenario;
    std::string init;
    std::string out;
    int trajectoryEvery = 0;
    CheckpointOptions checkpoint;
    bool quiet = false;
};

std::atomic<bool> interrupted{false};
void stopOnSignal(int) { interrupted = true; }  // lock-free atomic: safe in a handler
}  // namespace

void CheckpointOptions::addTo(CLI::App& command) {
    auto* file = command.add_option("--checkpoint", path,
                                    "Save the run's complete state to this file as it goes and at the end "
                                    "(resume it with: flowscope-cli resume FILE); Ctrl-C then stops after "
                                    "the current step and saves");
    command.add_option("--checkpoint-every", every, "Steps between checkpoints (default 1000)")
        ->check(CLI::Range(1LL, 1000000000000LL))
        ->needs(file);
}

CheckpointPlan CheckpointOptions::plan() const {
    // Stopping on a signal is only safe to offer when the state it stops on is saved.
    if (!path.empty()) {
        std::signal(SIGINT, stopOnSignal);
        std::signal(SIGTERM, stopOnSignal);
    }
    return {path, every, &interrupted};
}

int finishRun(const Simulation& sim, const std::string& out, bool quiet) {
    writeRunOutput(out, sim);
    const auto& now = sim.current();
    if (!quiet)
        std::cout << sim.scenario().name << ": " << now.step << " steps, flow time " << now.time << ", objective "
                  << now.objective << ", excess " << now.excess << ", velocity norm " << now.gradNorm << '\n';
    if (interrupted) {
        std::cerr << "flowscope-cli: interrupted at step " << now.step << "; the output and the checkpoint hold it\n";
        return 130;
    }
    if (sim.status() == RunStatus::Diverged) {
        std::cerr << "flowscope-cli: " << sim.statusMessage() << '\n';
        return 3;
    }
    return 0;
}

Command addRunCommand(CLI::App& app) {
    auto options = std::make_shared<RunOptions>();
    CLI::App* run = app.add_subcommand("run", "Run a scenario and write history.csv, particles.csv, truth.csv and "
                                              "scenario.json to the output folder");
    options->scenario.addTo(*run);
    run->add_option("--init", options->init, "Start from the particles of this CSV (header w,theta0,...)");
    run->add_option("--out", options->out, "Output folder (created if missing)")->required();
    run->add_option("--trajectory-every", options->trajectoryEvery,
                    "Also write trajectories.csv: every particle every K steps (for trajectory figures)")
        ->check(CLI::Range(1, 1000000000));
    options->checkpoint.addTo(*run);
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
        if (options->trajectoryEvery > 0) {
            if (!options->checkpoint.path.empty())
                throw InputError("--checkpoint and --trajectory-every cannot be combined yet: use one of them");
            TrajectoryFile trajectory(options->out + "/trajectories.csv", sim.particles().dim());
            trajectory.record(sim);
            sim.runInPieces(sim.scenario().run.steps, options->trajectoryEvery, [&] {
                trajectory.record(sim);
                return true;
            });
        } else {
            runWithCheckpoints(sim, sim.scenario().run.steps, options->checkpoint.plan());
        }
        return finishRun(sim, options->out, options->quiet);
    };
}

}  // namespace flowscope::cli
