#pragma once
// How many threads a problem's evaluation uses. OpenMP runs the particle loops and the
// column blocks of the matrix products. The count is set per calling thread (OpenMP's
// nthreads ICV), so the engine's solver thread can use several threads while the GUI
// thread keeps its own setting. Sums keep one order whatever the count, so results do
// not depend on it.
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>

#include "step_control.hpp"
#ifdef _OPENMP
#include <omp.h>
#endif

namespace flowscope {

// run.threads = 0 picks automatically: all cores but one (left to the GUI thread and the
// system), at least one. OMP_NUM_THREADS, when set, overrides the automatic choice.
inline int resolveThreadCount(int requested) {
    if (requested > 0) return requested;
#ifdef _OPENMP
    if (std::getenv("OMP_NUM_THREADS")) return omp_get_max_threads();
#endif
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    return cores > 1 ? cores - 1 : 1;
}

// Applies to the calling thread's later parallel loops. Cheap: call it at the start of
// every evaluation, since the engine may move a problem between threads.
//
// Eigen's own threaded matrix product is switched off: its threads wait for each other in
// busy loops, and on a machine shared with other programs a descheduled thread stalls the
// whole product (measured: 2 threads 4x slower than 1 under load). The problems instead
// split their products by column blocks with parallelFor, one single-threaded product per
// block, and meet once at the end.
inline void useThreads([[maybe_unused]] int count) {
#ifdef _OPENMP
    static std::once_flag eigenSerial;
    std::call_once(eigenSerial, [] { Eigen::setNbThreads(1); });
    if (omp_get_max_threads() != count) omp_set_num_threads(count);
#endif
}

// Which of the current parallel loop's threads this is (0 outside a loop), to pick its
// own scratch space.
inline int threadIndex() {
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

// The most threads a parallelFor of the calling thread can use (to size scratch space).
inline int maxThreads() {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

// for (i = 0; i < count; ++i) body(i), statically split over the calling thread's threads,
// but only over as many as have at least kMinWorkPerThread of `work` (a rough count of
// operations per item) each: waking a thread costs microseconds, and a small problem
// (the 100 particles of a preset) runs faster alone. With one thread no parallel region
// is opened at all (libgomp allocates a team for each, and stepping allocates nothing).
//
// The loop obeys the calling thread's StepControl (step_control.hpp): once it asks to
// stop, the remaining items are skipped and StepAbandoned is thrown after the loop (never
// from inside a parallel region). The work done is counted per item when items are large
// enough for a progress display to see them, else once per loop (cheaper).
//
// An exception from the body (std::bad_alloc when scratch cannot grow) must not leave a
// parallel region, where it would end the process: the first one is kept, the remaining
// items are skipped, and it is thrown again after the loop, on the calling thread.
constexpr double kMinWorkPerThread = 2e5;
constexpr double kCountedItemWork = 1e6;

template <class Body>
void parallelFor(long count, double work, Body&& body) {
    StepControl* const control = currentStepControl();
    const bool perItem = control && work >= kCountedItemWork;
    auto item = [&](long i) {
        if (control && control->abandonRequested()) return;
        body(i);
        if (perItem) control->addWork(work);
    };
#ifdef _OPENMP
    const double total = double(count) * work;
    const int threads = static_cast<int>(std::min<double>({double(omp_get_max_threads()), double(count),
                                                            total / kMinWorkPerThread}));
    if (threads > 1) {
        std::exception_ptr failure;
        std::atomic<bool> failed{false};
#pragma omp parallel for num_threads(threads) schedule(static)
        for (long i = 0; i < count; ++i) {
            if (failed.load(std::memory_order_relaxed)) continue;
            try {
                item(i);
            } catch (...) {
#pragma omp critical(flowscope_parallel_failure)
                if (!failure) failure = std::current_exception();
                failed.store(true, std::memory_order_relaxed);
            }
        }
        if (failure) std::rethrow_exception(failure);
    } else
#endif
    {
        for (long i = 0; i < count; ++i) item(i);
    }
    if (!control) return;
    if (control->abandonRequested()) throw StepAbandoned();
    if (!perItem) control->addWork(double(count) * work);
}

// Particle passes split into a fixed number of pieces, whatever the thread count, so that
// sums over pieces are added in one order and results do not depend on the threads.
constexpr int kPieces = 64;

// body(begin, end) on each non-empty piece of [0, count); workPerItem as in parallelFor.
template <class Body>
void forEachPiece(long count, double workPerItem, Body&& body) {
    const long size = (count + kPieces - 1) / kPieces;
    parallelFor(kPieces, double(size) * workPerItem, [&](long k) {
        const long begin = std::min(count, k * size), end = std::min(count, begin + size);
        if (begin < end) body(begin, end);
    });
}

// The N sums over pieces of body(begin, end) (an std::array<double, N>), each added in
// piece order. No allocation.
template <std::size_t N, class Body>
std::array<double, N> sumsOverPieces(long count, double workPerItem, Body&& body) {
    std::array<std::array<double, N>, kPieces> partial{};
    const long size = (count + kPieces - 1) / kPieces;
    forEachPiece(count, workPerItem, [&](long begin, long end) { partial[begin / size] = body(begin, end); });
    std::array<double, N> sums{};
    for (const auto& piece : partial)
        for (std::size_t k = 0; k < N; ++k) sums[k] += piece[k];
    return sums;
}

template <class Body>
double sumOverPieces(long count, double workPerItem, Body&& body) {
    return sumsOverPieces<1>(count, workPerItem, [&](long begin, long end) {
        return std::array<double, 1>{body(begin, end)};
    })[0];
}

}  // namespace flowscope
