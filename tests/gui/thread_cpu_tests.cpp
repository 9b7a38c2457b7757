// Where a window's cores go (thread_cpu.hpp): the processor time of named threads that spin,
// read from /proc, and the shares printed from two readings.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>

#include "thread_cpu.hpp"
#include "thread_name.hpp"

using namespace flowscope::gui;

TEST_CASE("a named thread's processor time is found under its name, numbered threads under one") {
    const auto before = threadCpuByName();
    // Three threads spin 0.3 s of CPU time each: one named, and two numbered ones that count
    // as one name ("spinner-0", "spinner-1" -> "spinner"). They stay alive until read: an
    // ended thread's time leaves /proc/self/task with it.
    std::atomic<int> spun{0};
    std::atomic<bool> read{false};
    auto spin = [&](const char* name) {
        flowscope::nameThisThread(name);
        timespec t{};
        do clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        while (double(t.tv_sec) + 1e-9 * double(t.tv_nsec) < 0.3);
        ++spun;
        while (!read) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    };
    std::thread a(spin, "busy one"), b(spin, "spinner-0"), c(spin, "spinner-1");
    while (spun < 3) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto now = threadCpuByName();
    read = true;
    a.join(), b.join(), c.join();
    // /proc counts in clock ticks (10 ms), charged to whichever thread runs at each tick: a
    // thread's sum is near its CPU clock, not to the millisecond.
    CHECK(now["busy one"] == doctest::Approx(0.3).epsilon(0.25));
    CHECK(now["spinner"] == doctest::Approx(0.6).epsilon(0.25));
    CHECK(now.count("spinner-0") == 0);
    CHECK(before.count("busy one") == 0);
}

TEST_CASE("the shares between two readings: cores per name, the busiest first, names that used nothing left out") {
    const std::map<std::string, double> before{{"solver", 1.0}, {"llvmpipe", 0.5}, {"idle", 2.0}};
    const std::map<std::string, double> after{{"solver", 3.0}, {"llvmpipe", 1.0}, {"idle", 2.0}, {"density", 0.2}};
    CHECK(threadCpuShares(before, after, 2.0) == "solver 1.00, llvmpipe 0.25, density 0.10");
    CHECK(threadCpuShares(before, before, 2.0) == "-");
    CHECK(threadCpuShares(before, after, 0.0) == "-");
}
