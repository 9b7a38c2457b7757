#include "flow_gate.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope {

int FlowGate::join() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::size_t i = 0; i < members_.size(); ++i)
        if (!members_[i].present) {
            members_[i] = Member{true, false, 0.0};
            return int(i);
        }
    members_.push_back(Member{true, false, 0.0});
    return int(members_.size() - 1);
}

void FlowGate::leave(int slot) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        members_[slot] = Member{};
        ++version_;
    }
    changed_.notify_all();
}

void FlowGate::report(int slot, double nextTime, bool wants) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        Member& m = members_[slot];
        if (m.wants == wants && m.nextTime == nextTime) return;  // nothing new: no one woken
        m.wants = wants;
        m.nextTime = nextTime;
        ++version_;
    }
    changed_.notify_all();
}

void FlowGate::hold(int slot) {
    std::lock_guard<std::mutex> lock(mutex_);
    members_[slot].wants = true;  // holding others back needs no one woken
    ++version_;
}

bool FlowGate::mayStep(int slot) const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (blocked_ > 0) return false;
    if (free_) return true;
    const double mine = members_[slot].nextTime;
    for (std::size_t j = 0; j < members_.size(); ++j)
        if (int(j) != slot && members_[j].present && members_[j].wants && !stepsInTurn(mine, members_[j].nextTime))
            return false;
    return true;
}

void FlowGate::waitForChange(std::chrono::microseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    const std::uint64_t seen = version_;
    changed_.wait_for(lock, timeout, [&] { return version_ != seen; });
}

void FlowGate::block() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++blocked_;
}

void FlowGate::unblock() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        --blocked_;
        ++version_;
    }
    changed_.notify_all();
}

void FlowGate::setFree(bool free) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        free_ = free;
        ++version_;
    }
    changed_.notify_all();
}

bool FlowGate::free() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return free_;
}

double FlowGate::spread() const {
    std::lock_guard<std::mutex> lock(mutex_);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const Member& m : members_)
        if (m.present && m.wants && std::isfinite(m.nextTime)) lo = std::min(lo, m.nextTime), hi = std::max(hi, m.nextTime);
    return hi >= lo ? hi - lo : 0.0;
}

}  // namespace flowscope
