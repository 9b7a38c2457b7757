#pragma once
// A simulation: one scenario's problem, particles and dynamics, stepped on the calling
// thread. It can be stepped, resized, re-seeded and reset between steps; the engine
// (engine.hpp) runs one on a worker thread.
//
// Every step evaluates the new state once; that evaluation gives the metrics of the
// state and the velocity of the next step. A step whose result is not finite, or whose
// objective explodes, is not taken: the run stops as diverged, on its last finite state.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dynamics.hpp"
#include "history.hpp"
#include "problem.hpp"
#include "regularizer.hpp"
#include "rng.hpp"
#include "scenario.hpp"

namespace flowscope {

enum class RunStatus { Running, Converged, Diverged };

struct Divergence {
    std::int64_t step = 0;       // the step that was refused
    std::string quantity;        // what went wrong: "objective", "weights", ...
    double value = 0.0;
    double suggestedStepSize = 0.0;
};

// Everything a run carries from one step to the next that its scenario cannot redraw:
// with it a Simulation continues bit for bit as if never stopped (checkpoint.hpp keeps
// it in a file). The problem (truth, data) is rebuilt from the scenario's seed, and the
// evaluation of the current particles is recomputed from them and `evaluationRng`.
struct SimulationState {
    Scenario scenario;
    ParticleSet particles;
    Rng::State batchRng;          // the mini-batch stream, now
    Rng::State evaluationRng;     // the mini-batch stream before the current particles were evaluated
    Rng::State resizeRng;         // where new particles of a resize come from
    HistoryPoint current;
    double initialObjective = 0.0, initialGradNorm = 0.0;  // the convergence rule's references
    std::vector<HistoryPoint> history;
    std::vector<double> recentObjectives;  // the convergence window's ring buffer
    RunStatus status = RunStatus::Running;
    Divergence divergence;
    std::uint64_t restarts = 0;
};

class Simulation {
public:
    // historyCapacity 0 keeps every recorded point.
    explicit Simulation(const Scenario& scenario, std::size_t historyCapacity = 0);

    const Scenario& scenario() const { return scenario_; }
    const ParticleSet& particles() const { return particles_; }
    const ParticleSet& velocities() const { return velocity_; }
    const Problem& problem() const { return *problem_; }
    // Shared so a renderer may keep the problem (for its const, thread-safe predict) after a reset.
    std::shared_ptr<const Problem> sharedProblem() const { return problem_; }
    const LossHistory& history() const { return history_; }
    const HistoryPoint& current() const { return current_; }
    std::int64_t stepCount() const { return current_.step; }
    double time() const { return current_.time; }
    RunStatus status() const { return status_; }
    const Divergence& divergence() const { return divergence_; }
    std::string statusMessage() const;
    // Increases whenever the run starts afresh (reset, reseed, new start, loaded particles,
    // a restored state).
    std::uint64_t restartCount() const { return restarts_; }

    // One step; false when the run is diverged (nothing done) or diverges now.
    bool advance();
    // Up to `steps` steps, stopping early on divergence or, with a convergence tolerance,
    // on convergence (a converged run takes no further step). Returns the steps taken.
    std::int64_t run(std::int64_t steps);
    // The same steps without forcing a history row for the last state, so a run cut into
    // pieces (to save checkpoints between them) records exactly what one piece would.
    std::int64_t advanceBy(std::int64_t steps);
    // Like run(), in pieces of `piece` steps with between() called after each (to record
    // trajectories, or to notice a cancelled sweep); stops early on divergence,
    // convergence, or when between() returns false.
    std::int64_t runInPieces(std::int64_t steps, std::int64_t piece, const std::function<bool()>& between);

    // Adds the current state's history row if it has none (with run.record_every > 1 a
    // paused run's curve then ends where its particles are).
    void recordCurrent() { record(true); }

    // Back to the initial particles: the same seed, or a new one (which redraws the truth).
    void reset();
    void reseed(std::uint64_t seed);
    // Keeps the existing particles; new ones come from the initial law. Curves continue.
    void resize(int count);
    void setStepSize(double eta);
    // Replaces the whole scenario; keeps the particles when only dynamics or run settings changed.
    void setScenario(const Scenario& scenario);
    // Starts from given particles (their dimension must match the problem's).
    void setParticles(const ParticleSet& particles);
    // Leaves the diverged state: the particles are the last finite ones already.
    void clearDivergence();

    // The complete state, and back. restore() checks the state against its scenario
    // first and throws InputError naming `origin` with this simulation left unchanged.
    SimulationState state() const;
    void restore(const SimulationState& state, const std::string& origin);

    // Also hands every row the history records to `sink` (a command-line run streams its
    // rows to disk and keeps a bounded history in memory); rows recorded before are not.
    void setHistorySink(std::function<void(const HistoryPoint&)> sink) { historySink_ = std::move(sink); }

private:
    std::function<void(const HistoryPoint&)> historySink_;
    void build(bool keepParticles);
    void build(bool keepParticles, std::shared_ptr<Problem> problem);
    void startRun();
    void evaluateCurrent();
    HistoryPoint measure(const Evaluation& eval, const ParticleSet& particles, const StateSums& sums) const;
    bool checkStep(bool finite, const HistoryPoint& next);
    void record(bool force);
    bool converged() const;

    Scenario scenario_;
    std::shared_ptr<Problem> problem_;
    Regularizer regularizer_;
    std::unique_ptr<Dynamics> dynamics_;
    Rng batchRng_, resizeRng_;
    Rng::State evaluationRng_;  // batchRng_ before eval_ was computed (see SimulationState)
    ParticleSet particles_, next_, velocity_, nextVelocity_;
    Evaluation eval_, nextEval_;
    HistoryPoint current_;
    double initialObjective_ = 0.0, initialGradNorm_ = 0.0;
    LossHistory history_;
    std::vector<double> recentObjectives_;  // ring buffer of the convergence window
    RunStatus status_ = RunStatus::Running;
    Divergence divergence_;
    std::uint64_t restarts_ = 0;
};

}  // namespace flowscope
