#include "simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "ground_truth.hpp"
#include "initial_measure.hpp"
#include "input_error.hpp"
#include "problem_factory.hpp"
#include "step_control.hpp"

namespace flowscope {

namespace {
// A step is refused as explosive when the objective grows this many times past its start.
constexpr double kExplosionFactor = 1e6;
// It is refused as the start of a blow-up, caught early, when the objective exceeds its
// best so far by both a factor and a margin relative to its start: the margin keeps the
// round-off wobble of a converged run and a mini-batch's noise from counting.
constexpr double kRiseFactor = 2.0;
constexpr double kRiseMargin = 0.1;
// States kept for going back: one every kRecentInterval steps (a copy of the particles,
// which costs a small part of one evaluation, made every so many steps), the last
// kRecentCount of them (each one more copy of the particles in memory).
constexpr std::int64_t kRecentInterval = 16;
constexpr std::size_t kRecentCount = 2;

bool sameSections(const nlohmann::json& a, const nlohmann::json& b, std::initializer_list<const char*> sections) {
    for (const char* s : sections)
        if (a.value(s, nlohmann::json()) != b.value(s, nlohmann::json())) return false;
    return true;
}
}  // namespace

Simulation::Simulation(const Scenario& scenario, std::size_t historyCapacity, bool deferEvaluation)
    : scenario_(scenario),
      history_(historyCapacity),
      deferEvaluation_(deferEvaluation),
      loadedStepSize_(scenario.dynamics.stepSize) {
    build(false);
}

void Simulation::build(bool keepParticles) { build(keepParticles, makeProblem(scenario_)); }

void Simulation::build(bool keepParticles, std::shared_ptr<Problem> problem) {
    problem_ = std::move(problem);
    regularizer_ = Regularizer::from(scenario_.regularizer);
    dynamics_ = std::make_unique<Dynamics>(scenario_.dynamics, regularizer_, problem_->periodic());
    batchRng_ = streamRng(scenario_.initSeed(), Stream::Batches);
    resizeRng_ = streamRng(scenario_.initSeed(), Stream::Resize);
    if (!keepParticles) {
        particles_ = initialParticles(scenario_);
    }
    startRun();
}

// Step 0 of a run from the particles as they are: a new history, status and reference
// values for the divergence and convergence rules.
void Simulation::startRun() {
    ++restarts_;
    growth_.reset();
    history_.clear();
    current_ = HistoryPoint{};
    status_ = RunStatus::Running;
    divergence_ = Divergence{};
    recentObjectives_.assign(scenario_.convergence.tolerance > 0.0 ? scenario_.convergence.window + 1 : 0, 0.0);
    evaluateCurrent(Pending::Start);
}

HistoryPoint Simulation::measure(const Evaluation& eval, const ParticleSet& p, const StateSums& sums) const {
    HistoryPoint point;
    point.loss = eval.loss;
    point.regularizer = p.count() > 0 ? sums.penalty / p.count() : 0.0;  // Regularizer::value, from the velocity pass
    point.objective = point.loss + point.regularizer;
    point.excess = point.objective - problem_->optimalObjective();
    point.gradNorm = p.count() > 0 ? std::sqrt(sums.velocitySquares / p.count()) : 0.0;
    point.accuracy = eval.accuracy;
    return point;
}

// Evaluates the particles as they are, at the current step (after a build, resize or
// load); if that is abandoned, it stays pending, the stronger of two pending kinds kept.
void Simulation::evaluateCurrent(Pending kind) {
    ++stateVersion_;
    pending_ = std::max(pending_, kind);
    if (kind != Pending::Restore) {  // the metrics are those of other particles until it is done
        const double unknown = std::numeric_limits<double>::quiet_NaN();
        current_.loss = current_.regularizer = current_.objective = current_.excess = current_.gradNorm = unknown;
    }
    if (deferEvaluation_) return;
    try {
        completeEvaluation();
    } catch (const StepAbandoned&) {
    }
}

// A resize's new particles, in pieces with a check for a pending command between them; the
// same particles as one draw (the pieces hold an even count: alternating weights keep their parity).
void Simulation::grow() {
    constexpr int kPiece = 1 << 14;
    Growth& g = *growth_;
    const int wanted = g.scenario.particleCount - particles_.count();
    while (g.drawn.count() < wanted) {
        checkAbandon();
        g.drawn.append(drawAdditionalParticles(scenario_, std::min(kPiece, wanted - g.drawn.count()), g.rng));
    }
    particles_.append(g.drawn);
    resizeRng_ = g.rng;
    scenario_ = g.scenario;
    growth_.reset();
    if (status_ == RunStatus::Diverged) status_ = RunStatus::Running;
    evaluateCurrent(Pending::Measure);
}

void Simulation::completeEvaluation() {
    if (growth_) grow();
    if (pending_ == Pending::None) return;
    ++stateVersion_;  // the velocities are those of the particles now
    if (pending_ == Pending::Restore) {
        // Recomputed exactly as the run computed it: same particles, same mini-batch. The
        // batch stream itself already stands after that batch.
        Rng evaluationRng;
        evaluationRng.setState(evaluationRng_);
        problem_->beginStep(evaluationRng);
        problem_->evaluate(particles_, scenario_.dynamics.outputScale, eval_);
        dynamics_->velocity(particles_, eval_, velocity_);
        pending_ = Pending::None;
        return;
    }
    const Rng::State before = batchRng_.state();
    StateSums sums;
    try {
        problem_->beginStep(batchRng_);
        problem_->evaluate(particles_, scenario_.dynamics.outputScale, eval_);
        sums = dynamics_->velocity(particles_, eval_, velocity_);
    } catch (const StepAbandoned&) {
        batchRng_.setState(before);
        throw;
    }
    evaluationRng_ = before;
    const HistoryPoint where = current_;
    current_ = measure(eval_, particles_, sums);
    current_.step = where.step;
    current_.time = where.time;
    if (!std::isfinite(current_.objective) || !std::isfinite(current_.gradNorm)) {
        status_ = RunStatus::Diverged;
        divergence_ = {current_.step, "objective", current_.objective, scenario_.dynamics.stepSize};
    }
    if (pending_ == Pending::Start) {
        initialObjective_ = current_.objective;
        initialGradNorm_ = current_.gradNorm;
    }
    pending_ = Pending::None;
    restartRecent();
    record(true);
}

// The particles start a new stretch: the blow-up rule and the kept states start from them.
void Simulation::restartRecent() {
    bestObjective_ = current_.objective;
    recentNext_ = recentCount_ = 0;
    recent_.resize(kRecentCount);
    for (RecentState& r : recent_) {  // their memory now, so that a step never allocates
        r.particles = particles_;
        r.recentObjectives.reserve(scenario_.convergence.tolerance > 0.0 ? scenario_.convergence.window + 1 : 0);
    }
    if (status_ != RunStatus::Diverged) keepRecent();
}

void Simulation::keepRecent() {
    RecentState& r = recent_[recentNext_];
    r.particles = particles_;  // same-size assignments reuse the slot's memory
    r.batchRng = batchRng_.state();
    r.evaluationRng = evaluationRng_;
    r.resizeRng = resizeRng_.state();
    r.current = current_;
    r.bestObjective = bestObjective_;
    r.recentObjectives = recentObjectives_;
    recentNext_ = (recentNext_ + 1) % kRecentCount;
    recentCount_ = std::min(recentCount_ + 1, kRecentCount);
}

void Simulation::restoreBeforeDivergence() {
    if (status_ != RunStatus::Diverged) return;
    growth_.reset();
    const double suggested = divergence_.suggestedStepSize;
    // The kept state of least objective (the newest among equals): during a blow-up the
    // objective only rises, so it is the last one before the blow-up began. The current
    // state competes too: a blow-up in one step leaves it the best.
    const RecentState* best = nullptr;
    for (std::size_t k = 1; k <= recentCount_; ++k) {
        const RecentState& r = recent_[(recentNext_ + kRecentCount - k) % kRecentCount];
        if (!best || r.current.objective < best->current.objective) best = &r;
    }
    if (best && best->current.objective < current_.objective) {
        const RecentState back = *best;
        particles_ = back.particles;
        batchRng_.setState(back.batchRng);
        resizeRng_.setState(back.resizeRng);
        evaluationRng_ = back.evaluationRng;
        current_ = back.current;
        recentObjectives_ = back.recentObjectives;
        history_.truncateAfter(current_.step);
        record(true);
        bestObjective_ = back.bestObjective;
        recentNext_ = recentCount_ = 0;
        keepRecent();  // the state gone back to stays kept
        ++restarts_;  // views drop the blown-up trails
        // The evaluation of those particles, recomputed as the run computed it (same mini-batch).
        evaluateCurrent(Pending::Restore);
    }
    if (suggested > 0.0) scenario_.dynamics.stepSize = suggested;  // still a step size from a divergence
    clearDivergence();
}

bool Simulation::blowsUp(double objective) const {
    const double margin = kRiseMargin * std::abs(initialObjective_);
    return margin > 0.0 && objective > kRiseFactor * bestObjective_ && objective > bestObjective_ + margin;
}

bool Simulation::checkStep(bool finite, const HistoryPoint& next) {
    const double eta = scenario_.dynamics.stepSize;
    const double limit = kExplosionFactor * std::max(std::abs(initialObjective_), 1.0);
    std::string quantity;
    double value = 0.0;
    if (!finite) quantity = "particles", value = NAN;
    else if (!std::isfinite(next.objective) || next.objective > limit || blowsUp(next.objective))
        quantity = "objective", value = next.objective;
    else if (!std::isfinite(next.gradNorm)) quantity = "velocity", value = next.gradNorm;
    if (quantity.empty()) return true;
    // A tenth of the failing step, but not above the step size the scenario was loaded with
    // (the one its author chose) when that one is smaller.
    const double suggested = loadedStepSize_ < eta ? std::min(eta / 10.0, loadedStepSize_) : eta / 10.0;
    status_ = RunStatus::Diverged;
    divergence_ = {current_.step + 1, quantity, value, suggested};
    stepSizeDiverged_ = true;
    return false;
}

bool Simulation::advance() {
    completeEvaluation();
    if (status_ == RunStatus::Diverged) return false;
    const double eta = scenario_.dynamics.stepSize;
    HistoryPoint next;
    const Rng::State evaluationRng = batchRng_.state();
    bool finite = false;
    try {  // everything goes to the next_ buffers: an abandoned step changes nothing else
        finite = dynamics_->step(particles_, eval_, velocity_, eta, next_);
        if (finite) {  // non-finite particles are never evaluated
            problem_->beginStep(batchRng_);
            problem_->evaluate(next_, scenario_.dynamics.outputScale, nextEval_);
            next = measure(nextEval_, next_, dynamics_->velocity(next_, nextEval_, nextVelocity_));
        }
    } catch (const StepAbandoned&) {
        batchRng_.setState(evaluationRng);
        throw;
    }
    if (!checkStep(finite, next)) {
        batchRng_.setState(evaluationRng);  // the refused step's batch is not used: the stream stays
        return false;
    }
    next.step = current_.step + 1;
    next.time = current_.time + eta;
    std::swap(particles_, next_);
    ++stateVersion_;
    std::swap(eval_, nextEval_);
    std::swap(velocity_, nextVelocity_);
    evaluationRng_ = evaluationRng;
    current_ = next;
    bestObjective_ = std::min(bestObjective_, current_.objective);
    if (current_.step % kRecentInterval == 0) keepRecent();
    record(false);
    if (!recentObjectives_.empty()) {
        recentObjectives_[current_.step % recentObjectives_.size()] = current_.objective;
        if (converged()) status_ = RunStatus::Converged;
    }
    return true;
}

// Both measured against the run's start, since the objective's optimum may be 0: the
// objective moved less than tol x |objective at step 0| over the window, and the velocity
// norm is below tol x its value at step 0.
bool Simulation::converged() const {
    const auto window = static_cast<std::int64_t>(recentObjectives_.size()) - 1;
    if (current_.step < window) return false;
    const double tol = scenario_.convergence.tolerance;
    const double before = recentObjectives_[(current_.step - window) % recentObjectives_.size()];
    const bool flat = std::abs(before - current_.objective) <= tol * std::abs(initialObjective_);
    const bool still = current_.gradNorm <= tol * initialGradNorm_;
    return flat && still;
}

void Simulation::record(bool force) {
    // No metrics yet: the row comes with the evaluation (a restored state has its own).
    if (pending_ == Pending::Start || pending_ == Pending::Measure) return;
    const bool due = current_.step % scenario_.run.recordEvery == 0;
    const bool fresh = history_.empty() || history_.back().step != current_.step;
    if ((force || due) && fresh) {
        // The test set is evaluated for the rows kept only: it costs what a step's first product does.
        const HeldOutMetrics test = problem_->heldOut(particles_, scenario_.dynamics.outputScale);
        current_.testLoss = test.loss;
        current_.testAccuracy = test.accuracy;
        history_.append(current_);
        if (historySink_) historySink_(current_);
    }
}

std::int64_t Simulation::advanceBy(std::int64_t steps) {
    std::int64_t done = 0;
    const bool stopOnConvergence = scenario_.convergence.tolerance > 0.0;
    // A converged run stays stopped, so steps asked for in pieces stop where one call would.
    if (stopOnConvergence && status_ == RunStatus::Converged) return 0;
    while (done < steps && advance()) {
        ++done;
        if (stopOnConvergence && status_ == RunStatus::Converged) break;
    }
    return done;
}

std::int64_t Simulation::runInPieces(std::int64_t steps, std::int64_t piece, const std::function<bool()>& between) {
    std::int64_t done = 0;
    while (done < steps) {
        const std::int64_t wanted = std::min(piece, steps - done);
        const std::int64_t taken = advanceBy(wanted);
        done += taken;
        if (!between() || taken < wanted) break;
    }
    record(true);  // the last state always has its row
    return done;
}

std::int64_t Simulation::run(std::int64_t steps) {
    const std::int64_t done = advanceBy(steps);
    record(true);  // the last state always has its row
    return done;
}

void Simulation::reset() {
    if (stepSizeDiverged_) scenario_.dynamics.stepSize = loadedStepSize_;
    stepSizeDiverged_ = false;
    build(false);
}

void Simulation::reseed(std::uint64_t seed) {
    scenario_.init.seed = seed;
    build(false);
}

void Simulation::newTeacher(std::uint64_t seed) {
    Scenario changed = scenario_;
    changed.truth.seed = seed;
    changed.truth.given.clear();  // a truth drawn from the new seed
    auto problem = makeProblem(changed);  // may refuse (a truth that cannot be placed): nothing changed yet
    scenario_ = changed;
    build(false, std::move(problem));
}

void Simulation::setTruth(const TruthSettings& truth) {
    Scenario changed = scenario_;
    changed.truth = truth;
    validateScenario(changed, "set truth");
    auto problem = makeProblem(changed);  // may refuse (a drawn truth that cannot be placed): nothing changed yet
    scenario_ = changed;
    if (growth_) growth_->scenario.truth = truth;  // a resize being drawn ends with this truth too
    problem_ = std::move(problem);
    clearDivergence();  // the objective's references start again from this truth (restartRecent)
    evaluateCurrent(Pending::Measure);
}

void Simulation::load(const Scenario& scenario) {
    validateScenario(scenario, "scenario");
    auto problem = makeProblem(scenario);  // may refuse: nothing changed yet
    scenario_ = scenario;
    loadedStepSize_ = scenario.dynamics.stepSize;
    stepSizeDiverged_ = false;
    build(false, std::move(problem));
}

void Simulation::resize(int count) {
    Scenario resized = scenario_;
    setScenarioValue(resized, "particles.count", std::to_string(count), "particle count");  // range and memory
    growth_.reset();
    if (count > particles_.count() && deferEvaluation_) {
        growth_ = Growth{resized, ParticleSet(0, particles_.dim()), resizeRng_};
        return;
    }
    if (count > particles_.count())
        particles_.append(drawAdditionalParticles(scenario_, count - particles_.count(), resizeRng_));
    else
        particles_.resizeKeeping(count);
    scenario_ = resized;
    if (status_ == RunStatus::Diverged) status_ = RunStatus::Running;
    evaluateCurrent(Pending::Measure);
}

void Simulation::setStepSize(double eta) {
    if (!(eta > 0.0) || !std::isfinite(eta))
        throw InputError("key 'dynamics.step_size' = " + std::to_string(eta) + " must be a positive number");
    scenario_.dynamics.stepSize = eta;
    stepSizeDiverged_ = false;  // the user's choice
    clearDivergence();
}

void Simulation::clearDivergence() {
    if (status_ != RunStatus::Running) status_ = RunStatus::Running;
    divergence_ = Divergence{};
}

void Simulation::setScenario(const Scenario& scenario) {
    const auto before = scenarioToJson(scenario_), after = scenarioToJson(scenario);
    const bool sameData = sameSections(before, after, {"problem", "deconvolution", "truth", "network", "data"}) &&
                          scenario_.truthSeed() == scenario.truthSeed();
    const bool sameStart = sameData && before["init"] == after["init"] && scenario_.initSeed() == scenario.initSeed();
    const int oldCount = scenario_.particleCount;
    validateScenario(scenario, "scenario");
    if (scenario.dynamics.stepSize != scenario_.dynamics.stepSize) stepSizeDiverged_ = false;  // the user's choice
    // New given data alone (a loaded file, a drawn point, another built-in set) keeps the
    // particles: they go on flowing from where they are toward the new data.
    nlohmann::json withOldData = after;
    withOldData["data"] = before["data"];
    const bool dataOnly = !sameData && scenario_.usesGivenData() && scenario.usesGivenData() && withOldData == before &&
                          scenario_.truthSeed() == scenario.truthSeed();
    if (!sameStart) {
        auto problem = makeProblem(scenario);  // may refuse: nothing changed yet
        scenario_ = scenario;
        build(dataOnly, std::move(problem));
        return;
    }
    scenario_ = scenario;
    // Only the dynamics, penalty, count or run settings changed: the flow continues.
    regularizer_ = Regularizer::from(scenario_.regularizer);
    dynamics_ = std::make_unique<Dynamics>(scenario_.dynamics, regularizer_, problem_->periodic());
    recentObjectives_.assign(scenario_.convergence.tolerance > 0.0 ? scenario_.convergence.window + 1 : 0, 0.0);
    clearDivergence();
    if (scenario_.particleCount != oldCount) {
        scenario_.particleCount = oldCount;
        resize(scenario.particleCount);
    } else {
        evaluateCurrent(Pending::Measure);
    }
}

void Simulation::setParticles(const ParticleSet& particles) {
    if (particles.dim() != problem_->positionDim())
        throw InputError("initial particles have " + std::to_string(particles.dim()) + " position coordinates; the " +
                         "problem needs " + std::to_string(problem_->positionDim()));
    if (particles.count() == 0) throw InputError("initial particles: at least one particle is needed");
    Scenario changed = scenario_;
    changed.particleCount = particles.count();
    validateScenario(changed, "initial particles");
    scenario_ = changed;
    particles_ = particles;
    if (problem_->periodic()) wrapToTorus(particles_.theta);
    startRun();
}

std::string Simulation::statusMessage() const {
    std::ostringstream out;
    if (status_ == RunStatus::Diverged) {
        out << "diverged at step " << divergence_.step << ": the " << divergence_.quantity;
        if (divergence_.quantity == "particles") out << " became non-finite";
        else out << " reached " << divergence_.value;
        out << "; the run holds its last finite state (try dynamics.step_size <= " << divergence_.suggestedStepSize
            << ")";
    } else if (status_ == RunStatus::Converged) {
        out << "converged at step " << current_.step << " (objective " << current_.objective << ")";
    }
    return out.str();
}

SimulationState Simulation::state(bool withHistory) const {
    SimulationState s;
    s.scenario = scenario_;
    s.particles = particles_;
    s.batchRng = batchRng_.state();
    s.evaluationRng = evaluationRng_;
    s.resizeRng = resizeRng_.state();
    s.current = current_;
    s.initialObjective = initialObjective_;
    s.initialGradNorm = initialGradNorm_;
    if (withHistory) s.history = history_.points();
    s.recentObjectives = recentObjectives_;
    s.status = status_;
    s.divergence = divergence_;
    s.restarts = restarts_;
    return s;
}

// Everything that can refuse happens before the first member changes.
void Simulation::restore(const SimulationState& s, const std::string& origin) {
    auto require = [&](bool ok, const std::string& what) {
        if (!ok) throw InputError(origin + ": " + what);
    };
    validateScenario(s.scenario, origin);
    const ParticleSet& p = s.particles;
    require(p.count() == s.scenario.particleCount,
            "holds " + std::to_string(p.count()) + " particles where its scenario has particles.count = " +
                std::to_string(s.scenario.particleCount));
    require(p.dim() == s.scenario.positionDim(), "particles have " + std::to_string(p.dim()) +
                                                     " position coordinates; the problem needs " +
                                                     std::to_string(s.scenario.positionDim()));
    require(p.allFinite(), "the particles are not all finite (a run only ever keeps finite ones)");
    const std::size_t window = s.scenario.convergence.tolerance > 0.0 ? s.scenario.convergence.window + 1 : 0;
    require(s.recentObjectives.size() == window, "the convergence window holds " +
                                                     std::to_string(s.recentObjectives.size()) +
                                                     " values; its scenario needs " + std::to_string(window));
    require(s.current.step >= 0, "the step count is negative");
    for (std::size_t k = 0; k < s.history.size(); ++k)
        require(s.history[k].step <= s.current.step && (k == 0 || s.history[k - 1].step < s.history[k].step),
                "history steps must increase up to the current step (row " + std::to_string(k + 1) + ")");

    auto problem = makeProblem(s.scenario);
    const Regularizer regularizer = Regularizer::from(s.scenario.regularizer);
    auto dynamics = std::make_unique<Dynamics>(s.scenario.dynamics, regularizer, problem->periodic());
    LossHistory history = history_;  // keeps this simulation's capacity
    history.clear();
    for (const auto& point : s.history) history.append(point);

    scenario_ = s.scenario;
    problem_ = std::move(problem);
    regularizer_ = regularizer;
    dynamics_ = std::move(dynamics);
    batchRng_.setState(s.batchRng);
    resizeRng_.setState(s.resizeRng);
    evaluationRng_ = s.evaluationRng;
    particles_ = p;
    current_ = s.current;
    initialObjective_ = s.initialObjective;
    initialGradNorm_ = s.initialGradNorm;
    history_ = std::move(history);
    recentObjectives_ = s.recentObjectives;
    status_ = s.status;
    divergence_ = s.divergence;
    pending_ = Pending::None;
    growth_.reset();
    evaluateCurrent(Pending::Restore);
    // The saved count, but never backwards: whoever watches restartCount() must see a new run.
    restarts_ = std::max(restarts_ + 1, s.restarts);
    loadedStepSize_ = scenario_.dynamics.stepSize;
    stepSizeDiverged_ = status_ == RunStatus::Diverged;
    restartRecent();
}

}  // namespace flowscope
