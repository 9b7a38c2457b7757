// parallelFor's contract: every item runs once, and an exception thrown by the body in a
// worker thread reaches the caller (a throw out of an OpenMP region ends the process).
#include <doctest/doctest.h>

#include <atomic>
#include <new>
#include <stdexcept>
#include <vector>

#include "parallel.hpp"

using namespace flowscope;

namespace {
constexpr double kEnoughWorkForTwoThreads = 1e7;  // per item, far above kMinWorkPerThread
}

TEST_CASE("parallelFor runs every item exactly once on two threads") {
    useThreads(2);
    std::vector<std::atomic<int>> runs(1000);
    parallelFor(1000, kEnoughWorkForTwoThreads, [&](long i) { runs[i].fetch_add(1); });
    for (const auto& r : runs) CHECK(r.load() == 1);
    useThreads(1);
}

TEST_CASE("an allocation failure in a worker reaches the caller as std::bad_alloc") {
    useThreads(2);
    std::atomic<int> started{0};
    // The item thrown on is in the second half, which the second thread runs under the
    // static schedule: the throw happens off the calling thread.
    CHECK_THROWS_AS(parallelFor(64, kEnoughWorkForTwoThreads,
                                [&](long i) {
                                    started.fetch_add(1);
                                    if (i == 40) throw std::bad_alloc();
                                }),
                    std::bad_alloc);
    CHECK(started.load() >= 1);
    // The pool is usable afterwards.
    std::atomic<long> sum{0};
    parallelFor(64, kEnoughWorkForTwoThreads, [&](long i) { sum.fetch_add(i); });
    CHECK(sum.load() == 64 * 63 / 2);
    useThreads(1);
}

TEST_CASE("when several items throw, the caller gets one of their exceptions") {
    useThreads(2);
    CHECK_THROWS_AS(parallelFor(64, kEnoughWorkForTwoThreads,
                                [&](long i) { throw std::runtime_error("item " + std::to_string(i)); }),
                    std::runtime_error);
    useThreads(1);
}

TEST_CASE("on one thread the body's exception propagates unchanged") {
    useThreads(1);
    CHECK_THROWS_WITH_AS(parallelFor(3, 1.0, [&](long i) {
                             if (i == 1) throw std::invalid_argument("one");
                         }),
                         "one", std::invalid_argument);
}
