#include "engine.hpp"

#include <exception>

#include "checkpoint.hpp"
#include "input_error.hpp"

namespace flowscope {

struct Engine::Command {
    enum class Kind {
        Play, Pause, Toggle, Step, Reset, Reseed, SetStepSize, SetParticleCount, SetValue, LoadScenario,
        SetParticles, RestoreLastFinite, SetSpeedLimit, SaveState, LoadState, NewTeacher,
    };
    Kind kind = Kind::Pause;
    double number = 0.0;
    std::int64_t count = 0;
    std::string key, text;
    std::shared_ptr<const Scenario> scenario;
    std::shared_ptr<const ParticleSet> particles;

    static Command of(Kind kind, double number = 0.0, std::int64_t count = 0) {
        Command c;
        c.kind = kind;
        c.number = number;
        c.count = count;
        return c;
    }
};

using Clock = std::chrono::steady_clock;

Engine::Engine(const Scenario& scenario, EngineOptions options)
    : simulation_(std::make_unique<Simulation>(scenario, options.historyCapacity)),
      options_(options),
      playing_(options.startPlaying) {
    publish();
    worker_ = std::thread([this] { loop(); });
}

Engine::~Engine() {
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        quit_ = true;
    }
    queueChanged_.notify_all();
    worker_.join();
}

void Engine::post(Command command) {
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        queue_.push_back(std::move(command));
        ++posted_;
    }
    queueChanged_.notify_one();
}

void Engine::play() { post(Command::of(Command::Kind::Play)); }
void Engine::pause() { post(Command::of(Command::Kind::Pause)); }
void Engine::togglePlay() { post(Command::of(Command::Kind::Toggle)); }
void Engine::step(std::int64_t count) { post(Command::of(Command::Kind::Step, 0.0, count)); }
void Engine::reset() { post(Command::of(Command::Kind::Reset)); }
void Engine::reseed(std::uint64_t seed) { post(Command::of(Command::Kind::Reseed, 0.0, static_cast<std::int64_t>(seed))); }
void Engine::newTeacher(std::uint64_t seed) { post(Command::of(Command::Kind::NewTeacher, 0.0, static_cast<std::int64_t>(seed))); }
void Engine::setStepSize(double eta) { post(Command::of(Command::Kind::SetStepSize, eta)); }
void Engine::setParticleCount(int count) { post(Command::of(Command::Kind::SetParticleCount, 0.0, count)); }
void Engine::restoreLastFinite() { post(Command::of(Command::Kind::RestoreLastFinite)); }
void Engine::setStepsPerSecondLimit(double limit) { post(Command::of(Command::Kind::SetSpeedLimit, limit)); }

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
    return true;
}

void Engine::sync() {
    std::unique_lock<std::mutex> lock(queueMutex_);
    const std::uint64_t target = posted_;
    queueChanged_.notify_one();
    publishedChanged_.wait(lock, [&] { return published_ >= target; });
}

void Engine::waitForSteps() {
    std::unique_lock<std::mutex> lock(queueMutex_);
    const std::uint64_t target = posted_;
    queueChanged_.notify_one();
    publishedChanged_.wait(lock, [&] { return published_ >= target && stepsPublished_; });
}

void Engine::apply(const Command& c) {
    Simulation& sim = *simulation_;
    switch (c.kind) {
        case Command::Kind::Play: playing_ = true; break;
        case Command::Kind::Pause: playing_ = false, pendingSteps_ = 0; break;
        case Command::Kind::Toggle: playing_ = !playing_, pendingSteps_ = 0; break;
        case Command::Kind::Step: playing_ = false, pendingSteps_ += std::max<std::int64_t>(c.count, 0); break;
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
        case Command::Kind::NewTeacher: sim.newTeacher(static_cast<std::uint64_t>(c.count)); break;
        case Command::Kind::LoadScenario: sim.load(*c.scenario); break;
        case Command::Kind::SetParticles: sim.setParticles(*c.particles); break;
        case Command::Kind::RestoreLastFinite:
            sim.restoreBeforeDivergence();
            sim.clearDivergence();
            break;
        case Command::Kind::SetSpeedLimit: stepsPerSecondLimit_ = std::max(0.0, c.number); break;
        case Command::Kind::SaveState:
            sim.recordCurrent();  // the file's curve ends where its particles are
            saveCheckpoint(c.text, sim.state());
            notice_ = "saved step " + std::to_string(sim.stepCount()) + " to " + c.text;
            ++noticeSerial_;
            break;
        case Command::Kind::LoadState: {
            const SimulationState loaded = loadCheckpoint(c.text);  // refuses before anything changes
            sim.restore(loaded, c.text);
            playing_ = false, pendingSteps_ = 0;
            notice_ = "loaded step " + std::to_string(sim.stepCount()) + " from " + c.text;
            ++noticeSerial_;
            break;
        }
    }
}

void Engine::publish() {
    const Simulation& sim = *simulation_;
    Snapshot& s = back_;
    s.serial = ++serial_;
    s.generation = sim.restartCount();
    s.scenario = sim.scenario();
    s.problem = sim.sharedProblem();
    s.particles.w = sim.particles().w;  // same-size assignments reuse the buffer's memory
    s.particles.theta = sim.particles().theta;
    s.velocities.w = sim.velocities().w;
    s.velocities.theta = sim.velocities().theta;
    s.history.assign(sim.history().points().begin(), sim.history().points().end());
    s.minimum = sim.history().minimum();
    s.current = sim.current();
    s.status = sim.status();
    s.statusMessage = sim.statusMessage();
    s.divergence = sim.divergence();
    s.playing = playing_;
    s.pendingSteps = pendingSteps_;
    s.stepsPerSecond = stepsPerSecond_;
    s.stepsPerSecondLimit = stepsPerSecondLimit_;
    s.error = error_;
    s.errorSerial = errorSerial_;
    s.notice = notice_;
    s.noticeSerial = noticeSerial_;
    std::lock_guard<std::mutex> lock(snapshotMutex_);
    std::swap(ready_, back_);
}

// Publishes the worker's state and records which commands it reflects (for sync()).
void Engine::publishNow(std::uint64_t applied) {
    publish();
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        published_ = applied;
        stepsPublished_ = pendingSteps_ == 0 || simulation_->status() == RunStatus::Diverged;
    }
    publishedChanged_.notify_all();
}

void Engine::loop() {
    std::vector<Command> commands;
    auto lastPublish = Clock::now();
    auto rateStart = Clock::now();
    std::int64_t rateSteps = 0;
    auto nextStepAt = Clock::now();
    std::uint64_t applied = 0;
    bool dirty = false;
    auto publishIfDue = [&](bool force) {
        const auto now = Clock::now();
        if (dirty && (force || now - lastPublish >= options_.publishInterval)) {
            publishNow(applied);
            lastPublish = now;
            dirty = false;
        }
    };
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(queueMutex_);
            const bool idle = !playing_ && pendingSteps_ == 0;
            if (idle && queue_.empty() && !quit_ && !dirty)
                queueChanged_.wait(lock, [&] { return quit_ || !queue_.empty(); });
            if (quit_) return;
            commands.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
            queue_.clear();
        }
        for (const Command& c : commands) {
            try {
                apply(c);
            } catch (const std::exception& e) {  // a refused value: the run goes on as it was
                error_ = e.what();
                ++errorSerial_;
            }
            ++applied;
            ++commandsApplied_;
            dirty = true;
            publishIfDue(false);  // a long backlog of commands still shows progress
        }
        commands.clear();

        const bool work = (playing_ || pendingSteps_ > 0) && simulation_->status() != RunStatus::Diverged;
        if (work) {
            if (stepsPerSecondLimit_ > 0.0) {
                const auto now = Clock::now();
                if (now < nextStepAt) std::this_thread::sleep_until(std::min(nextStepAt, now + std::chrono::milliseconds(20)));
                if (Clock::now() < nextStepAt) {  // check commands while waiting
                    publishIfDue(false);
                    continue;
                }
                nextStepAt = std::max(nextStepAt, Clock::now() - std::chrono::milliseconds(100)) +
                             std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / stepsPerSecondLimit_));
            }
            const bool ok = simulation_->advance();
            if (pendingSteps_ > 0) --pendingSteps_;
            if (!ok) playing_ = false, pendingSteps_ = 0;
            ++rateSteps;
            dirty = true;
        } else if (simulation_->status() == RunStatus::Diverged && (playing_ || pendingSteps_ > 0)) {
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
        } else if (!work && rateSteps == 0) {
            stepsPerSecond_ = 0.0;
        }
        publishIfDue(idle);
    }
}

}  // namespace flowscope
