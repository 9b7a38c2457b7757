#include <doctest/doctest.h>

#include <cmath>

#include "history.hpp"

using flowscope::HistoryPoint;
using flowscope::LossHistory;

namespace {
HistoryPoint at(std::int64_t step, double objective) {
    HistoryPoint p;
    p.step = step;
    p.time = 0.1 * step;
    p.objective = objective;
    return p;
}
}  // namespace

TEST_CASE("an unbounded history keeps every point") {
    LossHistory h;
    for (int k = 0; k < 10000; ++k) h.append(at(k, 1.0 / (k + 1)));
    CHECK(h.size() == 10000);
}

TEST_CASE("a bounded history stays bounded over a long run and keeps its shape, ends and minimum") {
    LossHistory h(512);
    const std::int64_t steps = 2000000;
    const std::int64_t dip = 777777;
    for (std::int64_t k = 0; k <= steps; ++k) h.append(at(k, k == dip ? 1e-9 : 2.0 + std::sin(k * 1e-5)));
    CHECK(h.size() <= 512);
    CHECK(h.size() >= 128);
    CHECK(h.points().front().step == 0);
    CHECK(h.back().step == steps);
    CHECK(h.minimum().step == dip);
    bool dipShown = false;
    for (const auto& p : h.points()) dipShown |= p.step == dip;
    CHECK(dipShown);
    // Points are in order and spread over the whole run, not bunched at one end.
    for (std::size_t i = 1; i < h.size(); ++i) CHECK(h.points()[i].step > h.points()[i - 1].step);
    CHECK(h.points()[h.size() / 2].step > steps / 4);
    CHECK(h.points()[h.size() / 2].step < 3 * steps / 4);
}

TEST_CASE("truncating forgets the later points and finds the minimum among the kept ones") {
    LossHistory h;
    for (int k = 0; k <= 20; ++k) h.append(at(k, k <= 10 ? 11.0 - k : 0.1 * (k - 10)));  // least at step 11 (0.1)
    CHECK(h.minimum().step == 11);
    h.truncateAfter(8);
    REQUIRE(h.size() == 9);
    CHECK(h.back().step == 8);
    CHECK(h.minimum().step == 8);
    CHECK(h.minimum().objective == 3.0);
    h.append(at(9, 5.0));
    CHECK(h.back().step == 9);
    CHECK(h.minimum().step == 8);
}
