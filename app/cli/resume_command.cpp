// flowscope-cli resume: continues a run from its checkpoint, bit for bit as if it had
// never stopped, and writes the same output folder a run writes.
#include <optional>

#include "commands.hpp"
#include "input_error.hpp"

namespace flowscope::cli {

namespace {
constexpr long long kMaxSteps = 2000000000;  // run.steps' range: the total must fit it too

}  // namespace

int resumeCommand(const ResumeRequest& request) {
    SimulationState state = loadCheckpoint(request.from);
    const std::int64_t done = state.current.step;
    if (request.steps) {
        if (*request.steps < 0 || *request.steps > kMaxSteps)
            throw InputError("--steps " + std::to_string(*request.steps) + " is outside [0, " +
                             std::to_string(kMaxSteps) + "]");
        // The total a fresh run of the written scenario.json would take to get here.
        setScenarioValue(state.scenario, "run.steps", std::to_string(done + *request.steps), "--steps");
    }
    requireRoomFor(state.scenario);
    StopSignals stopSignals;  // from here on Ctrl-C ends the run on its last complete step
    Simulation sim(state.scenario, kRunHistoryCapacity);
    sim.restore(state, request.from);
    const std::int64_t steps = std::max<std::int64_t>(0, sim.scenario().run.steps - done);
    RunSession session(sim, request.out, request.checkpoint, std::move(state.history));
    session.run(steps);
    return session.finish(request.quiet);
}

}  // namespace flowscope::cli
