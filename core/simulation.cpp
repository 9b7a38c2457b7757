#include "simulation.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "ground_truth.hpp"
#include "initial_measure.hpp"
#include "input_error.hpp"
#include "problem_factory.hpp"

namespace flowscope {

namespace {
// A step is refused as explosive when the objective grows this many times past its start.
constexpr double kExplosionFactor = 1e6;

bool sameSections(const nlohmann::json& a, const nlohmann::json& b, std::initializer_list<const char*> sections) {
    for (const char* s : sections)
        if (a.value(s, nlohmann::json()) != b.value(s, nlohmann::json())) return false;
    return true;
}
}  // namespace

Simulation::Simulation(const Scenario& scenario, std::size_t historyCapacity)
    : scenario_(scenario), history_(historyCapacity) {
    build(false);
}

void Simulation::build(bool keepParticles) { build(keepParticles, makeProblem(scenario_)); }

void Simulation::build(bool keepParticles, std::shared_ptr<Problem> problem) {
    problem_ = std::move(problem);
    regularizer_ = Regularizer::from(scenario_.regularizer);
    dynamics_ = std::make_unique<Dynamics>(scenario_.dynamics, regularizer_, problem_->periodic());
    batchRng_ = streamRng(scenario_.run.seed, Stream::Batches);
    resizeRng_ = streamRng(scenario_.run.seed, Stream::Resize);
    if (!keepParticles) {
        Rng initRng = streamRng(scenario_.run.seed, Stream::Init);
        particles_ = drawInitialParticles(scenario_, scenario_.particleCount, initRng);
    }
    startRun();
}

// Step 0 of a run from the particles as they are: a new history, status and reference
// values for the divergence and convergence rules.
void Simulation::startRun() {
    ++restarts_;
    history_.clear();
    current_ = HistoryPoint{};
    status_ = RunStatus::Running;
    divergence_ = Divergence{};
    evaluateCurrent();
    initialObjective_ = current_.objective;
    initialGradNorm_ = current_.gradNorm;
    recentObjectives_.assign(scenario_.convergence.tolerance > 0.0 ? scenario_.convergence.window + 1 : 0, 0.0);
}

HistoryPoint Simulation::measure(const Evaluation& eval, const ParticleSet& p, const StateSums& sums) const {
    HistoryPoint point;
    point.loss = eval.loss;
    point.regularizer = p.count() > 0 ? sums.penalty / p.count() : 0.0;  // Regularizer::value, from the velocity pass
    point.objective = point.loss + point.regularizer;
    point.excess = point.objective - problem_->optimalObjective();
    point.gradNorm = p.count() > 0 ? std::sqrt(sums.velocitySquares / p.count()) : 0.0;
    return point;
}

// Evaluates the particles as they are, at the current step (after a build, resize or load).
void Simulation::evaluateCurrent() {
    evaluationRng_ = batchRng_.state();
    problem_->beginStep(batchRng_);
    problem_->evaluate(particles_, scenario_.dynamics.outputScale, eval_);
    const StateSums sums = dynamics_->velocity(particles_, eval_, velocity_);
    const HistoryPoint where = current_;
    current_ = measure(eval_, particles_, sums);
    current_.step = where.step;
    current_.time = where.time;
    if (!std::isfinite(current_.objective) || !std::isfinite(current_.gradNorm)) {
        status_ = RunStatus::Diverged;
        divergence_ = {current_.step, "objective", current_.objective, scenario_.dynamics.stepSize};
    }
    record(true);
}

bool Simulation::checkStep(bool finite, const HistoryPoint& next) {
    const double eta = scenario_.dynamics.stepSize;
    const double limit = kExplosionFactor * std::max(std::abs(initialObjective_), 1.0);
    std::string quantity;
    double value = 0.0;
    if (!finite) quantity = "particles", value = NAN;
    else if (!std::isfinite(next.objective) || next.objective > limit) quantity = "objective", value = next.objective;
    else if (!std::isfinite(next.gradNorm)) quantity = "velocity", value = next.gradNorm;
    if (quantity.empty()) return true;
    status_ = RunStatus::Diverged;
    divergence_ = {current_.step + 1, quantity, value, eta / 10.0};
    return false;
}

bool Simulation::advance() {
    if (status_ == RunStatus::Diverged) return false;
    const double eta = scenario_.dynamics.stepSize;
    const bool finite = dynamics_->step(particles_, eval_, velocity_, eta, next_);
    HistoryPoint next;
    const Rng::State evaluationRng = batchRng_.state();
    if (finite) {  // non-finite particles are never evaluated
        problem_->beginStep(batchRng_);
        problem_->evaluate(next_, scenario_.dynamics.outputScale, nextEval_);
        next = measure(nextEval_, next_, dynamics_->velocity(next_, nextEval_, nextVelocity_));
    }
    if (!checkStep(finite, next)) return false;
    next.step = current_.step + 1;
    next.time = current_.time + eta;
    std::swap(particles_, next_);
    std::swap(eval_, nextEval_);
    std::swap(velocity_, nextVelocity_);
    evaluationRng_ = evaluationRng;
    current_ = next;
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
    const bool due = current_.step % scenario_.run.recordEvery == 0;
    const bool fresh = history_.empty() || history_.back().step != current_.step;
    if ((force || due) && fresh) {
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

void Simulation::reset() { build(false); }

void Simulation::reseed(std::uint64_t seed) {
    Scenario reseeded = scenario_;
    reseeded.run.seed = seed;
    auto problem = makeProblem(reseeded);  // may refuse (a truth that cannot be placed): nothing changed yet
    scenario_ = reseeded;
    build(false, std::move(problem));
}

void Simulation::resize(int count) {
    Scenario resized = scenario_;
    setScenarioValue(resized, "particles.count", std::to_string(count), "particle count");  // range and memory
    if (count > particles_.count())
        particles_.append(drawAdditionalParticles(scenario_, count - particles_.count(), resizeRng_));
    else
        particles_.resizeKeeping(count);
    scenario_ = resized;
    if (status_ == RunStatus::Diverged) status_ = RunStatus::Running;
    evaluateCurrent();
}

void Simulation::setStepSize(double eta) {
    if (!(eta > 0.0) || !std::isfinite(eta))
        throw InputError("key 'dynamics.step_size' = " + std::to_string(eta) + " must be a positive number");
    scenario_.dynamics.stepSize = eta;
    clearDivergence();
}

void Simulation::clearDivergence() {
    if (status_ != RunStatus::Running) status_ = RunStatus::Running;
    divergence_ = Divergence{};
}

void Simulation::setScenario(const Scenario& scenario) {
    const auto before = scenarioToJson(scenario_), after = scenarioToJson(scenario);
    const bool sameData = sameSections(before, after, {"problem", "deconvolution", "truth", "network"}) &&
                          before["run"]["seed"] == after["run"]["seed"];
    const bool sameStart = sameData && before["init"] == after["init"];
    const int oldCount = scenario_.particleCount;
    validateScenario(scenario, "scenario");
    if (!sameStart) {
        auto problem = makeProblem(scenario);  // may refuse: nothing changed yet
        scenario_ = scenario;
        build(false, std::move(problem));
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
        evaluateCurrent();
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

SimulationState Simulation::state() const {
    SimulationState s;
    s.scenario = scenario_;
    s.particles = particles_;
    s.batchRng = batchRng_.state();
    s.evaluationRng = evaluationRng_;
    s.resizeRng = resizeRng_.state();
    s.current = current_;
    s.initialObjective = initialObjective_;
    s.initialGradNorm = initialGradNorm_;
    s.history = history_.points();
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
    // The evaluation of the current particles, recomputed exactly as the run computed it:
    // same particles, same mini-batch.
    Rng evaluationRng;
    evaluationRng.setState(s.evaluationRng);
    Evaluation eval;
    ParticleSet velocity;
    problem->beginStep(evaluationRng);
    problem->evaluate(p, s.scenario.dynamics.outputScale, eval);
    dynamics->velocity(p, eval, velocity);
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
    eval_ = std::move(eval);
    velocity_ = std::move(velocity);
    current_ = s.current;
    initialObjective_ = s.initialObjective;
    initialGradNorm_ = s.initialGradNorm;
    history_ = std::move(history);
    recentObjectives_ = s.recentObjectives;
    status_ = s.status;
    divergence_ = s.divergence;
    // The saved count, but never backwards: whoever watches restartCount() must see a new run.
    restarts_ = std::max(restarts_ + 1, s.restarts);
}

}  // namespace flowscope
