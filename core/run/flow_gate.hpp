#pragma once
// Runs side by side kept on the same flow time (t = steps x step size), each on its own
// worker: a run whose next step would take it past another run's next time waits for that
// one. So runs of different step sizes or costs compare at the same t, a slow run holds
// the others, and every two runs that want to step stay within one step of each other.
//
// Each worker reports, between its steps, the flow time its next step would reach and
// whether it wants to step at all (a paused, diverged or finished run holds no one back);
// it steps only when mayStep() says so, and otherwise waits briefly for a change. A run
// that wants to step always reports again, so no run waits for good: the least next time
// may always step.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <mutex>
#include <vector>

namespace flowscope {

// The lockstep rule: a step reaching `nextTime` may be taken when no other run wanting to
// step would reach an earlier time (ties, within round-off, step together).
inline bool stepsInTurn(double nextTime, double leastOtherNextTime) {
    return nextTime <= leastOtherNextTime + 1e-9 * std::max(1.0, std::abs(leastOtherNextTime));
}

class FlowGate {
public:
    int join();  // a new member, not wanting to step yet; returns its slot
    void leave(int slot);
    void report(int slot, double nextTime, bool wants);
    // The member counts as wanting to step (at the time it last reported) until it reports
    // again: an engine holds the others with each command posted to it, so no run goes
    // ahead of one that has not yet seen a group's play.
    void hold(int slot);
    bool mayStep(int slot) const;
    // No member steps between these: a group posts its commands in between, so that no run
    // goes ahead of one not yet held by its command (the posts are not one atomic act).
    void block();
    void unblock();
    // Returns when a member reported something new, or after `timeout`.
    void waitForChange(std::chrono::microseconds timeout);
    // Free runs step at their own pace, ignoring each other.
    void setFree(bool free);
    bool free() const;
    // The largest difference between the next times of the members wanting to step (for tests).
    double spread() const;

private:
    struct Member {
        bool present = false, wants = false;
        double nextTime = 0.0;
    };
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Member> members_;
    std::uint64_t version_ = 0;
    int blocked_ = 0;
    bool free_ = false;
};

}  // namespace flowscope
