// The hand-off between the GUI thread and a view's worker (view_worker.hpp): posting,
// taking and asking whether it is busy never wait for the job, so a frame never waits for
// the predictor's evaluation (a second at a million units). The job below is held by a gate
// the test opens: were any of these calls to wait for it, the test would hang (and fail on
// its time limit) instead of passing.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <limits>
#include <stdexcept>

#include "frame_pacer.hpp"
#include "view_worker.hpp"

using namespace flowscope::gui;

TEST_CASE("a view worker: the GUI thread posts, asks and takes without ever waiting for the job") {
    ViewWorker<int> worker;
    std::promise<void> gate;
    std::shared_future<void> open = gate.get_future().share();
    std::promise<void> started;
    auto running = started.get_future();
    CHECK(worker.post([open, &started] {
        started.set_value();
        open.wait();  // a long evaluation
        return 42;
    }));
    running.wait();  // the worker has the job and is inside it
    int value = -1;
    const auto before = std::chrono::steady_clock::now();
    for (int frame = 0; frame < 100; ++frame) {  // a hundred frames while it computes
        CHECK(worker.busy());
        CHECK_FALSE(worker.take(value));
        CHECK_FALSE(worker.post([] { return 7; }));  // nothing queued behind a running job
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
    CHECK(seconds < 1.0);  // (they return at once; the gate is still shut)
    CHECK(value == -1);
    gate.set_value();
    worker.waitUntilIdle();
    CHECK_FALSE(worker.busy());
    REQUIRE(worker.take(value));
    CHECK(value == 42);
    CHECK_FALSE(worker.take(value));  // each result once
    // Free again: the next job runs, and its result is the newest.
    CHECK(worker.post([] { return 43; }));
    worker.waitUntilIdle();
    REQUIRE(worker.take(value));
    CHECK(value == 43);
}

TEST_CASE("a view worker: a job that throws leaves no result and the worker free for the next") {
    ViewWorker<int> worker;
    CHECK(worker.post([]() -> int { throw std::runtime_error("out of memory"); }));
    worker.waitUntilIdle();
    int value = -1;
    CHECK_FALSE(worker.take(value));
    CHECK(worker.post([] { return 5; }));
    worker.waitUntilIdle();
    REQUIRE(worker.take(value));
    CHECK(value == 5);
}

TEST_CASE("frame pacing: at most 30 frames a second, the GUI thread resting twice a frame's time, never over a second") {
    CHECK(FramePacer::interval(0.0) == doctest::Approx(1.0 / 30.0));
    CHECK(FramePacer::interval(0.005) == doctest::Approx(1.0 / 30.0));  // a quick frame: the rate's cap
    CHECK(FramePacer::interval(0.05) == doctest::Approx(0.15));          // a software renderer's frame
    CHECK(FramePacer::interval(0.05) * (1.0 / (1.0 + FramePacer::kRestPerDrawn)) == doctest::Approx(0.05));
    CHECK(FramePacer::interval(2.0) == doctest::Approx(1.0));            // a stall does not stop the next frame for long
    CHECK(FramePacer::interval(-1.0) == doctest::Approx(1.0 / 30.0));
    CHECK(FramePacer::interval(std::numeric_limits<double>::quiet_NaN()) == doctest::Approx(1.0 / 30.0));
}
