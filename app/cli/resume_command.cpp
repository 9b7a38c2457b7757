// flowscope-cli resume: continues a run from its checkpoint, bit for bit as if it had
// never stopped, and writes the same output folder a run writes.
#include <optional>

#include "commands.hpp"
#include "input_error.hpp"

namespace flowscope::cli {

namespace {
constexpr long long kMaxSteps = 2000000000;  // run.steps' range: the total must fit it too

struct ResumeOptions {
    std::string from;
    std::optional<long long> steps;
    std::string out;
    CheckpointOptions checkpoint;
    bool quiet = false;
};
}  // namespace

Command addResumeCommand(CLI::App& app) {
    auto options = std::make_shared<ResumeOptions>();
    CLI::App* resume = app.add_subcommand(
        "resume", "Continue a run from a checkpoint (written by run --checkpoint) and write its output folder");
    resume->add_option("checkpoint", options->from, "The checkpoint file")->required();
    resume->add_option("--steps", options->steps,
                       "Steps to take from the checkpoint (default: up to the run's run.steps)");
    resume->add_option("--out", options->out, "Output folder (created, or replaced whole when the run ends)")->required();
    options->checkpoint.addTo(*resume);
    resume->add_flag("--quiet,-q", options->quiet, "Print nothing but errors");
    return [resume, options]() -> int {
        if (!resume->parsed()) return -1;
        SimulationState state = loadCheckpoint(options->from);
        const std::int64_t done = state.current.step;
        if (options->steps) {
            if (*options->steps < 0 || *options->steps > kMaxSteps)
                throw InputError("--steps " + std::to_string(*options->steps) + " is outside [0, " +
                                 std::to_string(kMaxSteps) + "]");
            // The total a fresh run of the written scenario.json would take to get here.
            setScenarioValue(state.scenario, "run.steps", std::to_string(done + *options->steps), "--steps");
        }
        requireRoomFor(state.scenario);
        StopSignals stopSignals;  // from here on Ctrl-C ends the run on its last complete step
        Simulation sim(state.scenario, kRunHistoryCapacity);
        sim.restore(state, options->from);
        const std::int64_t steps = std::max<std::int64_t>(0, sim.scenario().run.steps - done);
        RunSession session(sim, options->out, options->checkpoint, std::move(state.history));
        session.run(steps);
        return session.finish(options->quiet);
    };
}

}  // namespace flowscope::cli
