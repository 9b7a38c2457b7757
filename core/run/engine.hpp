#pragma once
// The simulation engine: a Simulation stepped on a worker thread, steered by commands and
// watched through snapshots.
//
//  - Commands (play, pause, step, reset, set step size, set particle count, set the
//    truth, set any scenario key, load a scenario, ...) go into a queue and are applied between steps,
//    so resizing never races a reader. A refused command (a bad value) leaves the run as
//    it was and its message appears in the next snapshot.
//  - The worker publishes a snapshot at most every `publishInterval` while running (a
//    large particle set, only once the reader has taken the last one or someone waits in
//    sync(), so that it is copied at most once per frame drawn), and after every command, by filling its own buffer and swapping it with the shared one
//    under a lock held only for the swap. The reader swaps that one with its own in
//    latest(). Neither side ever waits for the other's work, however slow a step is.
//  - Every command takes effect within milliseconds, however long a step is: posting one
//    asks the step in flight to be abandoned (step_control.hpp), which leaves the run on
//    its last complete step; the step is taken again after the commands. Evaluations of a
//    new start (reset, new count, new scenario) run the same way, after the commands, so
//    while one runs the snapshot shows the new particles with metrics still unknown.
//    progress() says at any moment which step is being computed and how far it got.
//  - While playing, steps are paced (Pace): as fast as possible, at a number of steps per
//    second, or so that flow time grows by one decade every few seconds of screen time.
//    A run stops at its step budget (run.steps, then again as many each time play resumes).
//  - With a keyframe budget, the run keeps its past (timeline.hpp): seek() shows an earlier
//    step (replayed exactly from the nearest keyframe) while the run itself stays where it
//    is; play or step go back to it; fork() continues from the step shown instead, its
//    later history dropped.
//  - With a flow gate (flow_gate.hpp), steps wait for the other runs of the gate, so that
//    runs side by side advance on the same flow time.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "flow_gate.hpp"
#include "path_sampler.hpp"
#include "simulation.hpp"
#include "step_control.hpp"
#include "step_cost.hpp"
#include "timeline.hpp"

namespace flowscope {

// How the worker paces its steps while playing.
struct Pace {
    enum class Mode { Fastest, StepsPerSecond, LogTime };
    Mode mode = Mode::Fastest;
    double stepsPerSecond = 60.0;    // StepsPerSecond
    // LogTime: seconds of screen time per decade of flow time, counted from the first step
    // (t = eta), so the first steps are seen one by one and the end goes by quickly.
    double secondsPerDecade = 3.0;
};

// What the worker is doing at this moment (not only at publications): for a "computing
// step k" indicator while a step runs longer than a frame.
struct StepProgress {
    bool computing = false;   // a step or an evaluation is running
    bool starting = false;    // the evaluation of a new start (reset, new count, new scenario)
    std::int64_t step = 0;    // the step being computed
    double seconds = 0.0;     // how long it has run
    double fraction = -1.0;   // estimated share done; -1 when unknown
};

struct Snapshot {
    std::uint64_t serial = 0;       // increases with every publication
    std::uint64_t commandsApplied = 0;  // commands applied before this publication (see commandsPosted)
    std::uint64_t stateVersion = 0;     // Simulation::stateVersion of the particles and velocities below
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
    double stepsPerSecond = 0.0;        // measured over the last half second; 0 while paused
    double stepsPerSecondLimit = 0.0;   // 0: as fast as possible
    Pace pace;
    std::int64_t stepBudget = 0;        // playing stops at this step (play again goes on)
    bool budgetReached = false;         // stopped there
    bool evaluated = true;              // false while the current particles' metrics are pending (velocities then empty)
    double secondsPerOperation = StepCostModel::kDefaultSecondsPerOperation;  // measured here (step_cost.hpp)
    std::string error;                  // the last refused command's message
    std::uint64_t errorSerial = 0;      // increases with every new error
    std::string notice;                 // the last saved or loaded state's message
    std::uint64_t noticeSerial = 0;     // increases with every save or load
    // The timeline: the steps and flow times it can show, its keyframes and their memory.
    // While an earlier step is shown (past), particles, velocities and current are that
    // step's; history and the rest are the run's, which stays at liveStep.
    bool past = false;
    std::int64_t liveStep = 0;
    double liveTime = 0.0;
    std::int64_t timelineFirstStep = 0, timelineLastStep = 0;
    double timelineFirstTime = 0.0, timelineLastTime = 0.0;
    std::size_t keyframes = 0, keyframeBytes = 0;
};

struct EngineOptions {
    std::chrono::microseconds publishInterval{8000};
    std::size_t historyCapacity = 4096;
    bool startPlaying = false;
    // Keeps a timeline of the run with keyframes under this budget (shared by the runs
    // given the same one); none: no timeline.
    std::shared_ptr<KeyframeBudget> keyframes = nullptr;
    // Steps in lockstep on flow time with the other engines of this gate.
    std::shared_ptr<FlowGate> gate = nullptr;
    // Called on the worker after each publication, e.g. to wake a window that waits for
    // events while idle (it must be quick and thread-safe: glfwPostEmptyEvent).
    std::function<void()> published = nullptr;
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
    void playFor(std::int64_t count);        // plays (at the pace) `count` more steps, then stops at that budget
    void reset();                            // same seeds (Simulation::reset: the step size after a divergence)
    void reseed(std::uint64_t seed);         // init.seed = seed: new initial particles, same truth
    void newTeacher(std::uint64_t seed);     // truth.seed = seed: new truth and data, same start
    // A new truth (given units, or drawn) under the particles as they are (Simulation::setTruth).
    void setTruth(const TruthSettings& truth);
    void setStepSize(double eta);
    void setParticleCount(int count);
    void setValue(const std::string& key, const std::string& valueText);  // any scenario key
    void loadScenario(const Scenario& scenario);  // always afresh (Simulation::load)
    void setParticles(const ParticleSet& particles);
    void restoreLastFinite();                // back to before the blow-up, at the suggested step size
    void setStepsPerSecondLimit(double limit);  // Pace StepsPerSecond (Fastest for 0)
    void setPace(const Pace& pace);
    // While playing, take no step past `step` (-1: no limit), whatever the pace: a clip's
    // clock grants the steps of each video frame as it is captured (app/gui/rendering/video_clock.hpp).
    // Not a command: it never abandons the step in flight, and takes effect at once.
    void setStepLimit(std::int64_t step);
    // The whole run to a checkpoint file (checkpoint.hpp), and back: a loaded run is
    // paused, and a file that cannot be read leaves the run as it was (its message
    // appears as a refused command's). With a timeline, its keyframes go beside it
    // (PATH.timeline, timeline_file.hpp) and come back with it.
    void saveState(const std::string& path);
    void loadState(const std::string& path);
    // The timeline (with a keyframe budget; otherwise refused as a bad command): shows the
    // state at a step, or at a flow time (the last step at or before it), pausing the run;
    // a step at or past the run's own goes back to it, as play and step do.
    void seekStep(std::int64_t step);
    void seekTime(double time);
    // Continues the run from the step shown (the later steps and history are dropped).
    void fork();
    // Steps for `flowTime` more (at least one step), then pauses.
    void stepFor(double flowTime);

    // Swaps in the newest snapshot if it is newer than `out` (true), else leaves out alone.
    bool latest(Snapshot& out);
    // Blocks until every command posted before is applied, its evaluations done, and
    // published (for tests and scripted runs; the GUI never calls it).
    void sync();
    // Like sync(), then also waits until the single steps asked for are taken (scripted
    // runs that step a fixed number per frame). Returns at once while playing.
    void waitForSteps();

    // Counters for tests: commands applied, and publications.
    std::uint64_t commandsApplied() const { return commandsApplied_.load(); }
    // Commands posted so far: a command has taken effect in every snapshot whose
    // commandsApplied reaches the count read just after posting it.
    std::uint64_t commandsPosted() {
        std::lock_guard<std::mutex> lock(queueMutex_);
        return posted_;
    }
    // Callable at any moment from any thread.
    StepProgress progress() const;
    // The particles' positions at log-spaced flow times since the last call (path_sampler.hpp),
    // for trails that hold the first steps however fast they went. Any thread.
    void takePathFrames(std::vector<PathFrame>& out) { paths_.take(out); }
    // Seconds one step of `scenario` would take here, from the steps timed so far.
    double estimateStepSeconds(const Scenario& scenario) const;

private:
    struct Command;
    void post(Command command);
    void loop();
    void apply(const Command& command);
    void publish(std::uint64_t applied = 0);
    void publishNow(std::uint64_t applied);
    // Runs a step or a pending evaluation under the control, showing its progress; false
    // when a command asked for it to be abandoned (nothing changed then).
    template <class Work>
    bool compute(bool starting, Work&& work);
    bool stepDue();
    void updateBudget();
    void seek(std::int64_t step);
    void reportToGate(bool queueLocked);
    void saveTimelineBeside(const std::string& path);
    std::string loadTimelineBeside(const std::string& path);
    bool wantsToStep() const;

    std::unique_ptr<Simulation> simulation_;  // owned by the worker once it runs
    EngineOptions options_;

    std::mutex queueMutex_;
    std::condition_variable queueChanged_;
    std::deque<Command> queue_;
    bool quit_ = false;
    std::uint64_t posted_ = 0;      // commands posted (under queueMutex_)
    std::uint64_t published_ = 0;   // commands applied before the last publication (under queueMutex_)
    std::atomic<bool> taken_{true};  // the reader has taken the last publication (latest())
    std::atomic<int> waiting_{0};    // callers of sync() and waitForSteps() waiting for one
    bool stepsPublished_ = true;    // the last publication had no single steps pending (under queueMutex_)
    bool publishedEvaluated_ = false;  // ... and its particles evaluated (under queueMutex_)
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
    double stepsPerSecond_ = 0.0;
    Pace pace_;
    std::chrono::steady_clock::time_point nextStepAt_{};
    std::int64_t stepBudget_ = 0;
    int budgetUnit_ = 0;               // run.steps the budget was made of
    std::uint64_t budgetGeneration_ = ~std::uint64_t(0);
    bool budgetReached_ = false;
    double lastStepSeconds_ = 0.0;     // the last step's compute time (the timeline's keyframe rule)
    double lastOperations_ = 0.0;      // stepOperations of the scenario the expected work was measured on
    std::atomic<std::uint64_t> commandsApplied_{0};
    std::atomic<std::int64_t> stepLimit_{-1};

    // Abandons the step in flight when a command is posted (set under queueMutex_ with the
    // command, cleared with the queue, so it is never set with the queue empty).
    StepControl control_;
    PathSampler paths_;
    StepCostModel cost_;                             // worker's
    std::atomic<double> secondsPerOperation_{StepCostModel::kDefaultSecondsPerOperation};
    std::atomic<std::int64_t> computingSince_{0};    // steady-clock ns; 0 when not computing
    std::atomic<std::int64_t> computingStep_{0};
    std::atomic<bool> computingStart_{false};
    std::atomic<std::uint64_t> workAtStart_{0};      // control_.workDone() when it began
    std::atomic<std::uint64_t> expectedWork_{0};     // work of the last complete step; 0 unknown

    // Timeline (worker's): the run's past, and the replay of the step shown while past_.
    std::unique_ptr<Timeline> timeline_;
    std::unique_ptr<Simulation> replay_;
    bool past_ = false;
    std::uint64_t pastSerial_ = 0;     // increases with every replay shown
    std::shared_ptr<FlowGate> gate_;
    int gateSlot_ = -1;

    std::thread worker_;
};

}  // namespace flowscope
