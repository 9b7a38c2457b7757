#pragma once
// A simulation: one scenario's problem, particles and dynamics, stepped on the calling
// thread. It can be stepped, resized, re-seeded and reset between steps; the engine
// (engine.hpp) runs one on a worker thread.
//
// Every step evaluates the new state once; that evaluation gives the metrics of the
// state and the velocity of the next step. A step whose result is not finite, or whose
// objective blows up (see checkStep), is not taken: the run stops as diverged, on its last
// finite state, and keeps a few earlier states so it can go back to before the blow-up.
//
// Evaluations obey the calling thread's StepControl (step_control.hpp). An abandoned step
// leaves the state exactly as it was. An abandoned evaluation of a new start (after a
// reset, resize, new scenario or loaded state) stays pending: needsEvaluation() is true,
// the metrics of current() are NaN, and completeEvaluation() (or the next advance())
// finishes it. Without a control nothing is ever abandoned or pending.
#include <functional>
#include <memory>
#include <optional>
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
// Not in it: the kept states and the best objective of the early blow-up rule, which
// restart from the restored state (as after a resize), so only a run that blows up later
// may be refused a few steps apart from one never stopped.
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

// A state the run passed through, kept so that a divergence can go back to before its
// blow-up began and continue from there bit for bit (the evaluation is recomputed from
// the particles and `evaluationRng`, as SimulationState's is).
struct RecentState {
    ParticleSet particles;
    Rng::State batchRng, evaluationRng, resizeRng;
    HistoryPoint current;
    double bestObjective = 0.0;
    std::vector<double> recentObjectives;
};

class Simulation {
public:
    // historyCapacity 0 keeps every recorded point.
    // deferEvaluation: leave the start's evaluation pending (a thread that will step the
    // run can then do it, abandonably, instead of the constructing thread).
    explicit Simulation(const Scenario& scenario, std::size_t historyCapacity = 0, bool deferEvaluation = false);

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
    // Increases whenever the particles or their velocities change (a reader that copies them
    // can skip the copy when it has this version already: 10^6 particles are gigabytes).
    std::uint64_t stateVersion() const { return stateVersion_; }

    // One step; false when the run is diverged (nothing done) or diverges now. Throws
    // StepAbandoned when the calling thread's control asks for it, with nothing changed.
    bool advance();
    // The evaluation of the current particles is still to be done (see above), or, with
    // deferred evaluations, the new particles of a resize are still being drawn (a million
    // take seconds: they are drawn in abandonable pieces, the run showing the old ones).
    bool needsEvaluation() const { return pending_ != Pending::None || growth_.has_value(); }
    // Whether current() has no metrics yet (an evaluation of other particles is pending).
    bool metricsPending() const { return pending_ == Pending::Start || pending_ == Pending::Measure; }
    // Does it; throws StepAbandoned (still pending) when asked to stop.
    void completeEvaluation();
    // Only the drawing of a resize's new particles (so they can be shown before their evaluation).
    bool growing() const { return growth_.has_value(); }
    void completeGrowth() { if (growth_) grow(); }
    // From now on, leave every evaluation of a start pending for completeEvaluation() (the
    // engine does them after its commands, where it shows their progress).
    void setDeferEvaluation(bool defer) { deferEvaluation_ = defer; }
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

    // Back to the initial particles. After a divergence at the current step size (or at the
    // step size a restore suggested) the step size goes back to the one the scenario was
    // loaded with; a step size the user chose and that never diverged stays.
    void reset();
    // A new start: init.seed = seed (initial particles, mini-batches); the truth stays.
    void reseed(std::uint64_t seed);
    // A new ground truth: truth.seed = seed (teacher or spikes, data), a given truth
    // dropped; the same start.
    void newTeacher(std::uint64_t seed);
    // A new ground truth (the truth.* settings: given units, or drawn) under the particles
    // as they are: the observations or labels are recomputed from it and the flow goes on
    // from where it is, its curves continuing. Refused (InputError, nothing changed) when
    // the scenario would not accept it.
    void setTruth(const TruthSettings& truth);
    // Keeps the existing particles; new ones come from the initial law. Curves continue.
    void resize(int count);
    void setStepSize(double eta);
    // Replaces the whole scenario; keeps the particles when only dynamics or run settings
    // changed (the flow continues), or only the given data (a new history starts).
    void setScenario(const Scenario& scenario);
    // Starts the scenario afresh, even when it equals the current one: its particles, its
    // step size (the one Reset comes back to) and a new history.
    void load(const Scenario& scenario);
    // Starts from given particles (their dimension must match the problem's).
    void setParticles(const ParticleSet& particles);
    // Leaves the diverged state: the particles are the last finite ones already.
    void clearDivergence();
    // Leaves a divergence by going back to the kept state of least objective (the last one
    // before the blow-up began) at the suggested step size; without a divergence, nothing.
    void restoreBeforeDivergence();

    // The complete state, and back. restore() checks the state against its scenario
    // first and throws InputError naming `origin` with this simulation left unchanged.
    // Without its history when `withHistory` is false (a timeline's keyframes keep none).
    SimulationState state(bool withHistory = true) const;
    void restore(const SimulationState& state, const std::string& origin);

    // Also hands every row the history records to `sink` (a command-line run streams its
    // rows to disk and keeps a bounded history in memory); rows recorded before are not.
    void setHistorySink(std::function<void(const HistoryPoint&)> sink) { historySink_ = std::move(sink); }

private:
    std::function<void(const HistoryPoint&)> historySink_;
    void build(bool keepParticles);
    void build(bool keepParticles, std::shared_ptr<Problem> problem);
    // What the current particles' pending evaluation must also do: a new run's start sets
    // the references and records step 0; a measure records the current step; a restored
    // state only needs its evaluation (its metrics and history were saved).
    enum class Pending { None, Restore, Measure, Start };
    void startRun();
    void evaluateCurrent(Pending kind);
    HistoryPoint measure(const Evaluation& eval, const ParticleSet& particles, const StateSums& sums) const;
    bool blowsUp(double objective) const;
    bool checkStep(bool finite, const HistoryPoint& next);
    void restartRecent();
    void keepRecent();
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
    Pending pending_ = Pending::None;
    bool deferEvaluation_ = false;
    // A resize's new particles being drawn (deferred evaluations only): its scenario, what is
    // drawn so far, and the stream they come from (resizeRng_ moves on only when it is done).
    struct Growth {
        Scenario scenario;
        ParticleSet drawn;
        Rng rng;
    };
    std::optional<Growth> growth_;
    void grow();
    std::uint64_t stateVersion_ = 0;
    double loadedStepSize_ = 0.0;      // the step size of the scenario as loaded: Reset's fallback
    bool stepSizeDiverged_ = false;    // the run diverged at the current step size, or restore chose it
    double bestObjective_ = 0.0;       // least objective since the particles were last evaluated afresh
    std::vector<RecentState> recent_;  // ring of states every kRecentInterval steps
    std::size_t recentNext_ = 0, recentCount_ = 0;
};

}  // namespace flowscope
