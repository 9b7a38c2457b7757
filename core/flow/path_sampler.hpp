#pragma once
// Where the particles were, at log-spaced flow times: the samples that trails and whole
// paths are drawn from. Taken by the solver at the steps themselves, so the first steps
// are in them however fast they went by (a window sampling its snapshots 30 times a
// second missed the whole descent of a fast run), and a path's start is as detailed as
// its end on the log time scale the dynamics live on.
//
// Every step is a sample for the first kEveryStepUntil steps, then one step per 1/perDecade
// of a decade of t / eta. Only every stride-th particle is kept (at most maxTracked), so a
// million particles cost no more than a few thousand.
#include <cstdint>
#include <mutex>
#include <vector>

#include "particles.hpp"

namespace flowscope {

struct PathFrame {
    std::uint64_t generation = 0;  // the run it belongs to (Snapshot::generation)
    std::int64_t step = 0;
    double time = 0.0;
    int count = 0;                 // particles in the run then
    int stride = 1;                // the frame holds particles 0, stride, 2 stride, ...
    ParticleSet tracked;
};

class PathSampler {
public:
    static constexpr std::int64_t kEveryStepUntil = 8;
    // Frames kept for a reader that has not taken them; beyond, every other one is dropped
    // (a reader that stops reading costs bounded memory).
    static constexpr std::size_t kMaxWaiting = 1024;

    explicit PathSampler(int maxTracked = 4000, int perDecade = 24) : maxTracked_(maxTracked), perDecade_(perDecade) {}

    // Called after every step (and at a run's start, step 0): keeps a frame when it is due.
    void observe(const ParticleSet& particles, std::int64_t step, double time, double eta, std::uint64_t generation);
    // Moves the frames taken since the last call to `out` (replacing its contents). Any thread.
    void take(std::vector<PathFrame>& out);

    // Which slot of the log scale a step falls in (the frame is due when it changes).
    static std::int64_t slotOf(std::int64_t step, double time, double eta, int perDecade);

private:
    int maxTracked_, perDecade_;
    std::uint64_t generation_ = ~std::uint64_t(0);
    std::int64_t lastSlot_ = -1, lastStep_ = -1;
    std::mutex mutex_;
    std::vector<PathFrame> waiting_;  // under mutex_
};

}  // namespace flowscope
