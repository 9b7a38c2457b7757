#include "engine.hpp"

#include <cmath>
#include <exception>
#include <filesystem>

#include "checkpoint.hpp"
#include "input_error.hpp"
#include "thread_name.hpp"
#include "timeline_file.hpp"

namespace flowscope {

struct Engine::Command {
    enum class Kind {
        Play, Pause, Toggle, Step, Reset, Reseed, SetStepSize, SetParticleCount, SetValue, LoadScenario,
        SetParticles, RestoreLastFinite, SetPace, SaveState, LoadState, NewTeacher, SeekStep, SeekTime, Fork,
        StepFor, PlayFor, SetTruth,
    };
    Kind kind = Kind::Pause;
    double number = 0.0;
    std::int64_t count = 0;
    std::string key, text;
    std::shared_ptr<const Scenario> scenario;
    std::shared_ptr<const ParticleSet> particles;
    std::shared_ptr<const TruthSettings> truth;
    Pace pace;

    static Command of(Kind kind, double number = 0.0, std::int64_t count = 0) {
        Command c;
        c.kind = kind;
        c.number = number;
        c.count = count;
        return c;
    }
};

using Clock = std::chrono::steady_clock;

// The simulation is built here but evaluated on the worker, so a huge start does not hold
// up the caller (the GUI thread).
Engine::Engine(const Scenario& scenario, EngineOptions options)
    : simulation_(std::make_unique<Simulation>(scenario, options.historyCapacity, true)),
      options_(options),
      playing_(options.startPlaying),
      lastOperations_(stepOperations(scenario)),
      gate_(options.gate) {
    if (options.keyframes) timeline_ = std::make_unique<Timeline>(options.keyframes);
    if (gate_) gateSlot_ = gate_->join();
    updateBudget();
    publish();
    worker_ = std::thread([this] { loop(); });
}

Engine::~Engine() {
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        quit_ = true;
        control_.requestAbandon();
    }
    queueChanged_.notify_all();
    worker_.join();
    if (gate_) gate_->leave(gateSlot_);  // holds no one back any more
}

void Engine::post(Command command) {
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        queue_.push_back(std::move(command));
        ++posted_;
        if (gate_) gate_->hold(gateSlot_);  // until the worker has seen it (flow_gate.hpp)
        control_.requestAbandon();  // the step in flight, if any, gives way (step_control.hpp)
    }
    queueChanged_.notify_one();
}

void Engine::play() { post(Command::of(Command::Kind::Play)); }
void Engine::pause() { post(Command::of(Command::Kind::Pause)); }
void Engine::togglePlay() { post(Command::of(Command::Kind::Toggle)); }
void Engine::step(std::int64_t count) { post(Command::of(Command::Kind::Step, 0.0, count)); }
void Engine::playFor(std::int64_t count) { post(Command::of(Command::Kind::PlayFor, 0.0, count)); }
void Engine::reset() { post(Command::of(Command::Kind::Reset)); }
void Engine::reseed(std::uint64_t seed) { post(Command::of(Command::Kind::Reseed, 0.0, static_cast<std::int64_t>(seed))); }
void Engine::newTeacher(std::uint64_t seed) { post(Command::of(Command::Kind::NewTeacher, 0.0, static_cast<std::int64_t>(seed))); }
void Engine::setStepSize(double eta) { post(Command::of(Command::Kind::SetStepSize, eta)); }
void Engine::setParticleCount(int count) { post(Command::of(Command::Kind::SetParticleCount, 0.0, count)); }
void Engine::restoreLastFinite() { post(Command::of(Command::Kind::RestoreLastFinite)); }
void Engine::seekStep(std::int64_t step) { post(Command::of(Command::Kind::SeekStep, 0.0, step)); }
void Engine::seekTime(double time) { post(Command::of(Command::Kind::SeekTime, time)); }
void Engine::fork() { post(Command::of(Command::Kind::Fork)); }
void Engine::stepFor(double flowTime) { post(Command::of(Command::Kind::StepFor, flowTime)); }

void Engine::setStepsPerSecondLimit(double limit) {
    Pace pace;
    pace.mode = limit > 0.0 ? Pace::Mode::StepsPerSecond : Pace::Mode::Fastest;
    if (limit > 0.0) pace.stepsPerSecond = limit;
    setPace(pace);
}

void Engine::setPace(const Pace& pace) {
    Command c = Command::of(Command::Kind::SetPace);
    c.pace = pace;
    post(std::move(c));
}

void Engine::setStepLimit(std::int64_t step) {
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        stepLimit_ = step;
    }
    queueChanged_.notify_all();
}

StepProgress Engine::progress() const {
    StepProgress p;
    const std::int64_t since = computingSince_.load();
    if (since == 0) return p;
    p.computing = true;
    p.starting = computingStart_.load();
    p.step = computingStep_.load();
    p.seconds = double(Clock::now().time_since_epoch().count() - since) * 1e-9;
    const std::uint64_t expected = expectedWork_.load();
    if (expected > 0)
        p.fraction = std::min(1.0, double(control_.workDone() - workAtStart_.load()) / double(expected));
    return p;
}

double Engine::estimateStepSeconds(const Scenario& scenario) const {
    return stepOperations(scenario) * secondsPerOperation_.load();
}

void Engine::setValue(const std::string& key, const std::string& valueText) {
    Command c = Command::of(Command::Kind::SetValue);
    c.key = key;
    c.text = valueText;
    post(std::move(c));
}

void Engine::saveState(const std::string& path) {
    Command c = Command::of(Command::Kind::SaveState);
    c.text = path;
    post(std::move(c));
}

void Engine::loadState(const std::string& path) {
    Command c = Command::of(Command::Kind::LoadState);
    c.text = path;
    post(std::move(c));
}

void Engine::setTruth(const TruthSettings& truth) {
    Command c = Command::of(Command::Kind::SetTruth);
    c.truth = std::make_shared<const TruthSettings>(truth);
    post(std::move(c));
}

void Engine::loadScenario(const Scenario& scenario) {
    Command c = Command::of(Command::Kind::LoadScenario);
    c.scenario = std::make_shared<const Scenario>(scenario);
    post(std::move(c));
}

void Engine::setParticles(const ParticleSet& particles) {
    Command c = Command::of(Command::Kind::SetParticles);
    c.particles = std::make_shared<const ParticleSet>(particles);
    post(std::move(c));
}

bool Engine::latest(Snapshot& out) {
    std::lock_guard<std::mutex> lock(snapshotMutex_);
    if (ready_.serial <= out.serial) return false;
    std::swap(out, ready_);
    taken_ = true;
    return true;
}

void Engine::sync() {
    std::unique_lock<std::mutex> lock(queueMutex_);
    const std::uint64_t target = posted_;
    ++waiting_;
    queueChanged_.notify_one();
    publishedChanged_.wait(lock, [&] { return published_ >= target && publishedEvaluated_; });
    --waiting_;
}

void Engine::waitForSteps() {
    std::unique_lock<std::mutex> lock(queueMutex_);
    const std::uint64_t target = posted_;
    ++waiting_;
    queueChanged_.notify_one();
    publishedChanged_.wait(lock, [&] { return published_ >= target && publishedEvaluated_ && stepsPublished_; });
    --waiting_;
}

// Shows the state at `step` from the timeline (the run itself stays where it is). The
// replay cannot be abandoned: it is at most a stride of steps from its keyframe, and a
// half-replayed state would show a step that was not asked for.
void Engine::seek(std::int64_t step) {
    Simulation& sim = *simulation_;
    playing_ = false, pendingSteps_ = 0;
    if (step >= sim.stepCount() || sim.needsEvaluation()) {
        past_ = false;
        return;
    }
    step = std::max(step, timeline_->firstStep());
    // A timeline kept across a change of the run (a reset, a load) may begin after the run's
    // own step: there is no past before it to show.
    if (step >= sim.stepCount()) {
        past_ = false;
        return;
    }
    if (!replay_) replay_ = std::make_unique<Simulation>(sim.scenario(), 0, true);
    StepControlScope whole(nullptr);
    timeline_->replay(*replay_, step);
    past_ = true;
    ++pastSerial_;
}

void Engine::apply(const Command& c) {
    Simulation& sim = *simulation_;
    const bool atBudget = sim.stepCount() >= stepBudget_;
    switch (c.kind) {
        case Command::Kind::Play:
        case Command::Kind::Toggle:
        case Command::Kind::Step:
        case Command::Kind::StepFor:
        case Command::Kind::SeekStep:
        case Command::Kind::SeekTime:
        case Command::Kind::Fork:
        case Command::Kind::Pause:
        case Command::Kind::SetPace:
        case Command::Kind::SaveState: break;
        default:  // the run changes: its past up to here is kept, but no replay crosses the change
            past_ = false;
            if (timeline_) timeline_->markChanged();
    }
    switch (c.kind) {
        case Command::Kind::Play: playing_ = true, past_ = false; break;
        case Command::Kind::Pause: playing_ = false, pendingSteps_ = 0; break;
        case Command::Kind::Toggle: playing_ = !playing_, pendingSteps_ = 0, past_ = false; break;
        case Command::Kind::Step:
            playing_ = false, past_ = false;
            pendingSteps_ += std::max<std::int64_t>(c.count, 0);
            break;
        case Command::Kind::PlayFor:
            playing_ = c.count > 0, pendingSteps_ = 0, past_ = false;
            stepBudget_ = sim.stepCount() + std::max<std::int64_t>(c.count, 0);
            budgetReached_ = c.count <= 0;
            break;
        case Command::Kind::StepFor:
            playing_ = false, past_ = false;
            if (c.number > 0.0)
                pendingSteps_ += std::max<std::int64_t>(1, std::llround(c.number / sim.scenario().dynamics.stepSize));
            break;
        case Command::Kind::SeekStep:
        case Command::Kind::SeekTime:
            if (!timeline_) throw InputError("seek: this run keeps no timeline (it was started without a keyframe budget)");
            seek(c.kind == Command::Kind::SeekStep ? c.count : timeline_->stepAtTime(c.number));
            break;
        case Command::Kind::Fork:
            if (past_) {  // the shown state becomes the run's, its history cut there
                const std::int64_t step = replay_->stepCount();
                SimulationState state = replay_->state(false);
                Timeline::cutHistory(state, sim.history().points());
                sim.restore(state, "timeline");
                timeline_->truncateAfter(step);
                timeline_->adopt(sim);
                past_ = false;
            }
            break;
        case Command::Kind::Reset: sim.reset(); break;
        case Command::Kind::Reseed: sim.reseed(static_cast<std::uint64_t>(c.count)); break;
        case Command::Kind::SetStepSize: sim.setStepSize(c.number); break;
        case Command::Kind::SetParticleCount: sim.resize(static_cast<int>(c.count)); break;
        case Command::Kind::SetValue: {
            Scenario changed = sim.scenario();
            setScenarioValue(changed, c.key, c.text, "setting");
            sim.setScenario(changed);
            break;
        }
        case Command::Kind::SetTruth: sim.setTruth(*c.truth); break;
        case Command::Kind::NewTeacher: sim.newTeacher(static_cast<std::uint64_t>(c.count)); break;
        case Command::Kind::LoadScenario: sim.load(*c.scenario); break;
        case Command::Kind::SetParticles: sim.setParticles(*c.particles); break;
        case Command::Kind::RestoreLastFinite:
            sim.restoreBeforeDivergence();
            sim.clearDivergence();
            break;
        case Command::Kind::SetPace: {
            pace_ = c.pace;
            pace_.stepsPerSecond = std::max(pace_.stepsPerSecond, 1e-3);
            pace_.secondsPerDecade = std::max(pace_.secondsPerDecade, 0.1);
            nextStepAt_ = Clock::now();
            break;
        }
        case Command::Kind::SaveState:
            sim.completeEvaluation();  // the file holds a measured state (abandonable: then nothing is saved)
            sim.recordCurrent();  // the file's curve ends where its particles are
            saveCheckpoint(c.text, sim.state());
            notice_ = "saved step " + std::to_string(sim.stepCount()) + " to " + c.text;
            saveTimelineBeside(c.text);
            ++noticeSerial_;
            break;
        case Command::Kind::LoadState: {
            const SimulationState loaded = loadCheckpoint(c.text);  // refuses before anything changes
            sim.restore(loaded, c.text);
            playing_ = false, pendingSteps_ = 0;
            notice_ = "loaded step " + std::to_string(sim.stepCount()) + " from " + c.text + loadTimelineBeside(c.text);
            ++noticeSerial_;
            break;
        }
    }
    // Playing on from the budget's end asks for another budget's worth of steps.
    if (playing_ && atBudget && (c.kind == Command::Kind::Play || c.kind == Command::Kind::Toggle)) {
        while (stepBudget_ <= sim.stepCount()) stepBudget_ += std::max(1, sim.scenario().run.steps);
        budgetReached_ = false;
    }
}

// The run's past beside its checkpoint (timeline_file.hpp); a run without one leaves no
// stale file for a later load to take.
void Engine::saveTimelineBeside(const std::string& path) {
    if (!timeline_) return;
    const std::string beside = timelinePathOf(path);
    if (!timeline_->empty() && timeline_->lastStep() == simulation_->stepCount()) {
        saveTimeline(beside, timeline_->contents());
        notice_ += " with " + std::to_string(timeline_->keyframes().size()) + " keyframes";
    } else {
        std::error_code ignored;
        std::filesystem::remove(beside, ignored);
    }
}

// The past saved with the run, if any: a file that does not read, or was saved with another
// state, leaves the loaded run without its past (said in the notice, never a refusal).
std::string Engine::loadTimelineBeside(const std::string& path) {
    const std::string beside = timelinePathOf(path);
    std::error_code error;
    if (!timeline_ || !std::filesystem::exists(beside, error)) return "";
    try {
        Timeline::Contents contents = loadTimeline(beside);
        if (contents.lastStep != simulation_->stepCount()) return " (its timeline file is of another state: not loaded)";
        const std::size_t count = contents.keyframes.size();
        timeline_->restore(std::move(contents), *simulation_);
        return " with " + std::to_string(count) + " keyframes";
    } catch (const std::exception& e) {
        return std::string(" (its timeline was not loaded: ") + e.what() + ")";
    }
}

// A new run gets the first multiple of run.steps past its step as its budget (a run loaded
// at step 3000 of 5000 stops at 5000); so does a change of run.steps.
void Engine::updateBudget() {
    const Simulation& sim = *simulation_;
    const int unit = std::max(1, sim.scenario().run.steps);
    if (sim.restartCount() == budgetGeneration_ && unit == budgetUnit_) return;
    budgetGeneration_ = sim.restartCount();
    budgetUnit_ = unit;
    stepBudget_ = (sim.stepCount() / unit + 1) * unit;
    budgetReached_ = false;
}

void Engine::publish(std::uint64_t applied) {
    const Simulation& sim = *simulation_;
    Snapshot& s = back_;
    s.serial = ++serial_;
    s.commandsApplied = applied;
    s.generation = sim.restartCount();
    s.scenario = sim.scenario();
    s.problem = sim.sharedProblem();
    if (!past_ && s.stateVersion != sim.stateVersion()) {  // unchanged particles are not copied again
        s.stateVersion = sim.stateVersion();
        s.particles.w = sim.particles().w;  // same-size assignments reuse the buffer's memory
        s.particles.theta = sim.particles().theta;
        if (sim.metricsPending()) {  // no velocities yet (those of the particles before would mislead)
            s.velocities.w.resize(0);
            s.velocities.theta.resize(sim.particles().dim(), 0);
        } else {
            s.velocities.w = sim.velocities().w;
            s.velocities.theta = sim.velocities().theta;
        }
    }
    s.history.assign(sim.history().points().begin(), sim.history().points().end());
    s.minimum = sim.history().minimum();
    s.current = sim.current();
    s.status = sim.status();
    s.statusMessage = sim.statusMessage();
    s.divergence = sim.divergence();
    s.playing = playing_;
    s.pendingSteps = pendingSteps_;
    s.stepsPerSecond = playing_ || pendingSteps_ > 0 ? stepsPerSecond_ : 0.0;
    s.stepsPerSecondLimit = pace_.mode == Pace::Mode::StepsPerSecond ? pace_.stepsPerSecond : 0.0;
    s.pace = pace_;
    s.stepBudget = stepBudget_;
    s.budgetReached = budgetReached_;
    s.evaluated = !sim.metricsPending();
    s.secondsPerOperation = cost_.secondsPerOperation();
    s.error = error_;
    s.errorSerial = errorSerial_;
    s.notice = notice_;
    s.noticeSerial = noticeSerial_;
    s.liveStep = sim.stepCount();
    s.liveTime = sim.time();
    s.past = past_;
    const std::uint64_t pastVersion = (std::uint64_t(1) << 63) | pastSerial_;
    if (past_ && s.stateVersion != pastVersion) {  // the step shown: its particles (a version of its own)
        const Simulation& shown = *replay_;
        s.stateVersion = pastVersion;
        s.particles.w = shown.particles().w;
        s.particles.theta = shown.particles().theta;
        s.velocities.w = shown.velocities().w;
        s.velocities.theta = shown.velocities().theta;
    }
    if (past_) {  // and the parameters it was computed with (a resize since shows its count then)
        s.current = replay_->current();
        s.scenario = replay_->scenario();
        s.problem = replay_->sharedProblem();
    }
    if (timeline_) {
        s.timelineFirstStep = timeline_->firstStep();
        s.timelineLastStep = timeline_->lastStep();
        s.timelineFirstTime = timeline_->firstTime();
        s.timelineLastTime = timeline_->lastTime();
        s.keyframes = timeline_->keyframes().size();
        s.keyframeBytes = timeline_->bytes();
    }
    {
        std::lock_guard<std::mutex> lock(snapshotMutex_);
        std::swap(ready_, back_);
        taken_ = false;
    }
    if (options_.published) options_.published();
}

// Publishes the worker's state and records which commands it reflects (for sync()).
void Engine::publishNow(std::uint64_t applied) {
    publish(applied);
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        published_ = applied;
        publishedEvaluated_ = !simulation_->needsEvaluation();
        stepsPublished_ = pendingSteps_ == 0 || simulation_->status() == RunStatus::Diverged;
    }
    publishedChanged_.notify_all();
}

template <class Work>
bool Engine::compute(bool starting, Work&& work) {
    computingStep_ = simulation_->stepCount() + (starting ? 0 : 1);
    computingStart_ = starting;
    workAtStart_ = control_.workDone();
    const auto begin = Clock::now();
    computingSince_ = begin.time_since_epoch().count();
    bool done = true;
    try {
        work();
    } catch (const StepAbandoned&) {
        done = false;
    }
    computingSince_ = 0;
    if (!done) return false;
    const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    // Steps under a millisecond are mostly fixed costs and cache-resident: they would
    // underestimate large runs, which are what the estimate is for.
    if (!starting) lastStepSeconds_ = seconds;
    if (!starting && seconds > 1e-3) {
        cost_.observe(simulation_->scenario(), seconds);
        secondsPerOperation_ = cost_.secondsPerOperation();
    }
    expectedWork_ = control_.workDone() - workAtStart_.load();
    const Simulation& sim = *simulation_;
    paths_.observe(sim.particles(), sim.stepCount(), sim.time(), sim.scenario().dynamics.stepSize, sim.restartCount());
    return true;
}

// Whether the pace lets the next step start now; otherwise waits a little (at most 20 ms,
// so commands are still seen at once) and says no.
bool Engine::stepDue() {
    if (pendingSteps_ > 0) return true;
    const std::int64_t limit = stepLimit_.load();
    if (limit >= 0) {  // a clip's clock sets the pace: steps as fast as granted
        if (simulation_->stepCount() < limit) return true;
        std::unique_lock<std::mutex> lock(queueMutex_);
        queueChanged_.wait_for(lock, std::chrono::milliseconds(20),
                               [&] { return quit_ || !queue_.empty() || stepLimit_.load() != limit; });
        return false;
    }
    if (pace_.mode == Pace::Mode::Fastest) return true;
    const auto now = Clock::now();
    if (now < nextStepAt_) std::this_thread::sleep_until(std::min(nextStepAt_, now + std::chrono::milliseconds(20)));
    if (Clock::now() < nextStepAt_) return false;
    double interval = 1.0 / pace_.stepsPerSecond;
    if (pace_.mode == Pace::Mode::LogTime) {
        // t grows by a factor 10 every secondsPerDecade: dt/dtau = t ln 10 / secondsPerDecade,
        // counted from t = eta, so each step of size eta waits eta / (dt/dtau).
        const double eta = simulation_->scenario().dynamics.stepSize;
        const double t = std::max(simulation_->time() + eta, eta);
        interval = eta * pace_.secondsPerDecade / (t * std::log(10.0));
    }
    // A late step is not made up for beyond 0.1 s: after a slow stretch the pace resumes.
    nextStepAt_ = std::max(nextStepAt_, Clock::now() - std::chrono::milliseconds(100)) +
                  std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval));
    return true;
}

// Particle sets of at least this many numbers (w and theta) are published only as often as read.
constexpr double kThrottledNumbers = 1 << 18;

bool Engine::wantsToStep() const {
    return (playing_ || pendingSteps_ > 0) && simulation_->status() != RunStatus::Diverged;
}

// The flow time the next step would reach, and whether it is wanted (flow_gate.hpp); a
// command not yet seen may be a play, so it holds the others too. Under queueMutex_, so a
// command posted meanwhile (which holds the others) is never overwritten by an older report.
void Engine::reportToGate(bool queueLocked) {
    if (!gate_) return;
    std::unique_lock<std::mutex> lock(queueMutex_, std::defer_lock);
    if (!queueLocked) lock.lock();
    gate_->report(gateSlot_, simulation_->time() + simulation_->scenario().dynamics.stepSize,
                  wantsToStep() || !queue_.empty());
}

void Engine::loop() {
    nameThisThread("solver");
    StepControlScope controlScope(&control_);
    std::vector<Command> commands;
    auto lastPublish = Clock::now();
    auto rateStart = Clock::now();
    std::int64_t rateSteps = 0;
    std::uint64_t applied = 0;
    bool dirty = false;
    // Unforced publications of a large particle set wait for the reader to take the last
    // one: a frame drawn every 50 ms then costs one copy of the particles, not six. (The
    // snapshot a reader takes then shows the state as of its previous take, a frame old.)
    // Small sets are published on time: their copy costs less than the wait would.
    auto publishIfDue = [&](bool force) {
        const auto now = Clock::now();
        const ParticleSet& particles = simulation_->particles();
        const bool large = double(particles.count()) * double(particles.dim() + 1) >= kThrottledNumbers;
        const bool wanted = !large || taken_ || waiting_ > 0;
        if (dirty && (force || (now - lastPublish >= options_.publishInterval && wanted))) {
            publishNow(applied);
            lastPublish = now;
            dirty = false;
        }
    };
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(queueMutex_);
            const bool idle = !playing_ && pendingSteps_ == 0 && !simulation_->needsEvaluation();
            if (idle && queue_.empty() && !quit_ && !dirty) {
                reportToGate(true);  // holds no one back while it sleeps
                queueChanged_.wait(lock, [&] { return quit_ || !queue_.empty(); });
            }
            if (quit_) return;
            commands.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
            queue_.clear();
            control_.clearAbandon();
        }
        for (const Command& c : commands) {
            try {
                // Only a save's evaluation gives way to the commands after it (it then saves
                // nothing, and says so); any other command is applied whole, or it would be
                // lost: a load whose problem set-up gave way left the run as it was.
                StepControlScope whole(c.kind == Command::Kind::SaveState ? currentStepControl() : nullptr);
                apply(c);
            } catch (const StepAbandoned&) {  // only a save waits for an evaluation inside a command
                error_ = "save state: the current state was still being evaluated when another command came; nothing was saved";
                ++errorSerial_;
            } catch (const std::exception& e) {  // a refused value: the run goes on as it was
                error_ = e.what();
                ++errorSerial_;
            }
            ++applied;
            ++commandsApplied_;
            updateBudget();
            dirty = true;
            publishIfDue(false);  // a long backlog of commands still shows progress
        }
        if (!commands.empty()) {
            publishIfDue(true);  // before any long computation: the commands show at once
            // The next step's work, for the progress shown, scales with the step's operations.
            const double operations = stepOperations(simulation_->scenario());
            if (lastOperations_ > 0.0 && operations != lastOperations_)
                expectedWork_ = std::uint64_t(double(expectedWork_.load()) * operations / lastOperations_);
            lastOperations_ = operations;
        }
        commands.clear();

        if (simulation_->growing()) {  // a resize's new particles: shown as soon as drawn
            if (!compute(true, [&] { simulation_->completeGrowth(); })) continue;  // a command came
            dirty = true;
            publishIfDue(true);
        }
        if (simulation_->needsEvaluation()) {
            if (!compute(true, [&] { simulation_->completeEvaluation(); })) continue;  // a command came
            dirty = true;
        }
        if (timeline_) timeline_->observe(*simulation_, lastStepSeconds_);  // the start of a run or of a changed stretch
        reportToGate(false);
        const bool wanted = playing_ || pendingSteps_ > 0;
        const bool work = wanted && simulation_->status() != RunStatus::Diverged;
        if (work) {
            if (gate_ && !gate_->mayStep(gateSlot_)) {  // the other runs are behind on flow time
                gate_->waitForChange(std::chrono::milliseconds(5));
                publishIfDue(false);
                continue;
            }
            if (!stepDue()) {  // check commands while waiting
                publishIfDue(false);
                continue;
            }
            bool ok = false;
            if (!compute(false, [&] { ok = simulation_->advance(); })) continue;
            if (timeline_) timeline_->observe(*simulation_, lastStepSeconds_);
            if (pendingSteps_ > 0) --pendingSteps_;
            if (!ok) playing_ = false, pendingSteps_ = 0;
            if (playing_ && simulation_->stepCount() >= stepBudget_) playing_ = false, budgetReached_ = true;
            ++rateSteps;
            dirty = true;
        } else if (wanted) {  // diverged: nothing to play
            playing_ = false;
            pendingSteps_ = 0;
            dirty = true;
        }
        const bool idle = !playing_ && pendingSteps_ == 0;
        if (idle && dirty) simulation_->recordCurrent();  // the curve shown ends at the particles shown
        const auto now = Clock::now();
        const double elapsed = std::chrono::duration<double>(now - rateStart).count();
        if (elapsed >= 0.5) {
            stepsPerSecond_ = rateSteps / elapsed;
            rateStart = now;
            rateSteps = 0;
        }
        if (idle) rateSteps = 0, rateStart = now;  // a new measure when it plays again
        publishIfDue(idle);
    }
}

}  // namespace flowscope
