#pragma once
// The simulation engine: a Simulation stepped on a worker thread, steered by commands and
// watched through snapshots.
//
//  - Commands (play, pause, step, reset, set step size, set particle count, set any
//    scenario key, load a scenario, ...) go into a queue and are applied between steps,
//    so resizing never races a reader. A refused command (a bad value) leaves the run as
//    it was and its message appears in the next snapshot.
//  - The worker publishes a snapshot at most every `publishInterval` while running (and
//    after every command), by filling its own buffer and swapping it with the shared one
//    under a lock held only for the swap. The reader swaps that one with its own in
//    latest(). Neither side ever waits for the other's work, however slow a step is.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "simulation.hpp"

namespace flowscope {

struct Snapshot {
    std::uint64_t serial = 0;       // increases with every publication
    std::uint64_t generation = 0;   // increases when the run restarts (reset, reseed, new scenario,
                                    // new particles): trails and per-run views should start afresh
    Scenario scenario;
    // For truth() and predict(), which are const and safe beside the solver's evaluate().
    std::shared_ptr<const Problem> problem;
    ParticleSet particles;
    ParticleSet velocities;
    std::vector<HistoryPoint> history;  // bounded: older points are thinned
    HistoryPoint minimum;               // least objective so far
    HistoryPoint current;               // metrics of the particles above
    RunStatus status = RunStatus::Running;
    std::string statusMessage;
    Divergence divergence;
    bool playing = false;
    std::int64_t pendingSteps = 0;      // single steps asked for and not yet taken
    double stepsPerSecond = 0.0;
    double stepsPerSecondLimit = 0.0;   // 0: as fast as possible
    std::string error;                  // the last refused command's message
    std::uint64_t errorSerial = 0;      // increases with every new error
    std::string notice;                 // the last saved or loaded state's message
    std::uint64_t noticeSerial = 0;     // increases with every save or load
};

struct EngineOptions {
    std::chrono::microseconds publishInterval{8000};
    std::size_t historyCapacity = 4096;
    bool startPlaying = false;
};

class Engine {
public:
    explicit Engine(const Scenario& scenario, EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    void play();
    void pause();
    void togglePlay();
    void step(std::int64_t count = 1);       // runs `count` steps, then pauses
    void reset();                            // same seeds (Simulation::reset: the step size after a divergence)
    void reseed(std::uint64_t seed);         // init.seed = seed: new initial particles, same truth
    void newTeacher(std::uint64_t seed);     // truth.seed = seed: new truth and data, same start
    void setStepSize(double eta);
    void setParticleCount(int count);
    void setValue(const std::string& key, const std::string& valueText);  // any scenario key
    void loadScenario(const Scenario& scenario);  // always afresh (Simulation::load)
    void setParticles(const ParticleSet& particles);
    void restoreLastFinite();                // back to before the blow-up, at the suggested step size
    void setStepsPerSecondLimit(double limit);
    // The whole run to a checkpoint file (checkpoint.hpp), and back: a loaded run is
    // paused, and a file that cannot be read leaves the run as it was (its message
    // appears as a refused command's).
    void saveState(const std::string& path);
    void loadState(const std::string& path);

    // Swaps in the newest snapshot if it is newer than `out` (true), else leaves out alone.
    bool latest(Snapshot& out);
    // Blocks until every command posted before is applied and published (for tests and
    // scripted runs; the GUI never calls it).
    void sync();
    // Like sync(), then also waits until the single steps asked for are taken (scripted
    // runs that step a fixed number per frame). Returns at once while playing.
    void waitForSteps();

    // Counters for tests: commands applied, and publications.
    std::uint64_t commandsApplied() const { return commandsApplied_.load(); }

private:
    struct Command;
    void post(Command command);
    void loop();
    void apply(const Command& command);
    void publish();
    void publishNow(std::uint64_t applied);

    std::unique_ptr<Simulation> simulation_;  // owned by the worker once it runs
    EngineOptions options_;

    std::mutex queueMutex_;
    std::condition_variable queueChanged_;
    std::deque<Command> queue_;
    bool quit_ = false;
    std::uint64_t posted_ = 0;      // commands posted (under queueMutex_)
    std::uint64_t published_ = 0;   // commands applied before the last publication (under queueMutex_)
    bool stepsPublished_ = true;    // the last publication had no single steps pending (under queueMutex_)
    std::condition_variable publishedChanged_;

    std::mutex snapshotMutex_;
    Snapshot ready_;   // the shared buffer (under snapshotMutex_)
    Snapshot back_;    // the worker's buffer

    // Worker state.
    bool playing_ = false;
    std::int64_t pendingSteps_ = 0;
    std::uint64_t serial_ = 0;
    std::string error_;
    std::uint64_t errorSerial_ = 0;
    std::string notice_;
    std::uint64_t noticeSerial_ = 0;
    double stepsPerSecond_ = 0.0, stepsPerSecondLimit_ = 0.0;
    std::atomic<std::uint64_t> commandsApplied_{0};

    std::thread worker_;
};

}  // namespace flowscope
