#include <atomic>
#include <csignal>
#include <iostream>

#include "checkpoint.hpp"
#include "commands.hpp"
#include "file_io.hpp"
#include "input_error.hpp"
#include "memory_estimate.hpp"
#include "parallel.hpp"
#include "particle_csv.hpp"
#include "run_output.hpp"
#include "run_plan.hpp"

namespace flowscope::cli {

namespace {
std::atomic<bool> interrupted{false};
// The step in flight gives way to a stop at once (step_control.hpp): a step of minutes
// does not hold Ctrl-C up, and the run stays on its last complete step.
StepControl runControl;
void stopOnSignal(int) {
    requestStop();
    runControl.requestAbandon();  // a lock-free store: safe in a handler
}

// A particle file is bounded by what a run can hold (particle_csv.cpp refuses more rows);
// this bound only keeps a copy of a huge file from being read whole.
constexpr std::uint64_t kMaxInitBytes = std::uint64_t(1) << 34;
}  // namespace

void requestStop() { interrupted = true; }  // a lock-free atomic: safe in a handler

void requireRoomFor(const Scenario& scenario) {
    const int threads = resolveThreadCount(scenario.run.threads);
    requireAddressSpace(estimateMemoryBytes(scenario), scenario.name + " with " + std::to_string(threads) +
                                                           (threads == 1 ? " thread" : " threads"));
}

StopSignals::StopSignals() : scope_(&runControl) {
    std::signal(SIGINT, stopOnSignal);
    std::signal(SIGTERM, stopOnSignal);
}

CheckpointPlan CheckpointOptions::plan() const {
    CheckpointPlan plan{path, every, &interrupted};
    if (!everyGiven) plan.minSeconds = 1.0;
    return plan;
}

RunSession::RunSession(Simulation& sim, const std::string& out, const CheckpointOptions& checkpoint,
                       std::vector<HistoryPoint> earlier)
    : sim_(sim), out_(out), history_(out_) {
    if (earlier.empty()) earlier = sim.history().points();
    for (const auto& point : earlier) history_.add(point);
    if (!checkpoint.path.empty()) checkpoint_ = std::make_unique<CheckpointWriter>(checkpoint.path, std::move(earlier));
    sim_.setHistorySink([this](const HistoryPoint& point) {
        history_.add(point);
        if (checkpoint_) checkpoint_->append(point);
    });
    plan_ = checkpoint.plan();
    plan_.writer = checkpoint_.get();
}

RunSession::~RunSession() { sim_.setHistorySink(nullptr); }

void RunSession::run(std::int64_t steps) {
    try {
        runWithCheckpoints(sim_, steps, plan_);
    } catch (const StepAbandoned&) {  // a stop signal during a step: the run is on its last complete one
        sim_.recordCurrent();
        if (checkpoint_ && !sim_.needsEvaluation()) checkpoint_->save(sim_.state());
    }
}

void RunSession::runWithTrajectory(std::int64_t steps, int every) {
    TrajectoryFile trajectory(out_, sim_.particles().dim());
    trajectory.record(sim_);
    try {
        sim_.runInPieces(steps, every, [&] {
            trajectory.record(sim_);
            return !interrupted.load();
        });
    } catch (const StepAbandoned&) {
        sim_.recordCurrent();
    }
    trajectory.close();
}

int RunSession::finish(bool quiet) {
    history_.close();
    writeRunOutput(out_, sim_);
    const auto& now = sim_.current();
    if (!quiet)
        std::cout << sim_.scenario().name << ": " << now.step << " steps, flow time " << now.time << ", objective "
                  << now.objective << ", excess " << now.excess << ", velocity norm " << now.gradNorm << '\n';
    if (interrupted) {
        if (sim_.needsEvaluation())  // stopped while the start was evaluated: no metrics yet
            std::cerr << "flowscope-cli: interrupted while evaluating step " << now.step
                      << "; the output holds its particles, without metrics\n";
        else
            std::cerr << "flowscope-cli: interrupted at step " << now.step << "; the output"
                      << (checkpoint_ ? " and the checkpoint hold it\n" : " holds it\n");
        return 130;
    }
    if (sim_.status() == RunStatus::Diverged) {
        std::cerr << "flowscope-cli: " << sim_.statusMessage() << '\n';
        return 3;
    }
    return 0;
}

int runCommand(const RunRequest& request) {
    if (request.trajectoryEvery > 0 && !request.checkpoint.path.empty())
        throw InputError("--checkpoint and --trajectory-every cannot be combined yet: use one of them");
    const Scenario scenario = request.scenario.resolve();
    requireRoomFor(scenario);
    if (request.dryRun) return describePlan(scenario, request.out);
    StopSignals stopSignals;  // from here on Ctrl-C ends the run on its last complete step
    Simulation sim(scenario, kRunHistoryCapacity);
    std::string initBytes;
    if (!request.init.empty()) {
        const ParticleSet particles = loadParticleCsv(request.init);
        try {
            sim.setParticles(particles);
        } catch (const InputError& e) {  // a dimension that does not fit: name the file
            throw InputError(request.init + ": " + e.what());
        }
        initBytes = readRegularFile(request.init, "particle file", kMaxInitBytes);
    }
    RunSession session(sim, request.out, request.checkpoint);
    if (!request.init.empty()) session.output().write("initial_particles.csv", initBytes);
    if (request.trajectoryEvery > 0) session.runWithTrajectory(sim.scenario().run.steps, request.trajectoryEvery);
    else session.run(sim.scenario().run.steps);
    return session.finish(request.quiet);
}

}  // namespace flowscope::cli
