#include "density_worker.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "thread_name.hpp"
#include "view_worker.hpp"

namespace flowscope::gui {

DensityResult computeDensity(const ParticleSet& particles, const DensityRequest& r, DensityScratch& s) {
    const auto start = std::chrono::steady_clock::now();
    DensityResult result;
    result.request = r;
    const int m = particles.count();
    r.embedding.placeAll(particles, s.places);
    // The screen plane's coordinates: the first two rows of the turned places.
    s.x.noalias() = (r.rotation.row(0) * s.places).transpose();
    s.y.noalias() = (r.rotation.row(1) * s.places).transpose();
    if (r.signedWeights) s.mass = r.massScale * particles.w;
    else s.mass = r.massScale * particles.w.cwiseAbs();
    result.grid = densityOf(s.x.data(), s.y.data(), s.mass.data(), static_cast<std::size_t>(m), r.box, r.sigmaX, r.sigmaY);
    result.range = densityRange(result.grid.values);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

DensityResult computeDensity(const ParticleSet& particles, const DensityRequest& request) {
    DensityScratch scratch;
    return computeDensity(particles, request, scratch);
}

double densityRange(const std::vector<double>& values) {
    std::vector<double> filled;
    filled.reserve(values.size());
    double top = 0.0;
    for (double v : values)
        if (std::isfinite(v) && v != 0.0) filled.push_back(std::abs(v)), top = std::max(top, std::abs(v));
    if (filled.empty()) return 0.0;
    const auto at = filled.begin() + static_cast<std::ptrdiff_t>(0.995 * double(filled.size() - 1));
    std::nth_element(filled.begin(), at, filled.end());
    return std::max(*at, top / 30.0);
}

void lowerThreadPriority() {
#ifdef __linux__
    // Linux gives each thread its own nice value; raising one's own needs no privilege.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
#endif
}

DensityWorker::DensityWorker() : thread_([this] { loop(); }) {}

DensityWorker::~DensityWorker() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

bool DensityWorker::busy() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return busy_;
}

bool DensityWorker::holdsParticles() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return holds_;
}

void DensityWorker::post(const ParticleSet* particles, const DensityRequest& request, int stride) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (busy_) return;
        // The worker is waiting: copying under the lock races nothing, and keeps the
        // buffers' capacity from one snapshot to the next of the same size.
        if (particles && stride <= 1) {
            particles_.w = particles->w, particles_.theta = particles->theta, holds_ = true;
        } else if (particles) {
            const int kept = (particles->count() + stride - 1) / stride;
            particles_.w.resize(kept), particles_.theta.resize(particles->dim(), kept);
            for (int k = 0; k < kept; ++k)
                particles_.w[k] = particles->w[k * stride], particles_.theta.col(k) = particles->theta.col(k * stride);
            holds_ = true;
        }
        if (!holds_) return;
        request_ = request;
        busy_ = pending_ = true;
    }
    wake_.notify_one();
}

bool DensityWorker::take(DensityResult& out) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!fresh_) return false;
    out = std::move(result_);
    fresh_ = false;
    return true;
}

void DensityWorker::waitUntilIdle() {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [&] { return !busy_; });
}

void DensityWorker::loop() {
    lowerThreadPriority();  // as a ViewWorker's (view_worker.hpp)
    nameThisThread("density");
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return pending_ || quit_; });
        if (quit_) return;
        pending_ = false;
        const DensityRequest request = request_;
        lock.unlock();
        DensityResult result = computeDensity(particles_, request, scratch_);  // particles_ is ours while busy_
        lock.lock();
        result_ = std::move(result);
        fresh_ = true;
        busy_ = false;
        idle_.notify_all();
    }
}

}  // namespace flowscope::gui
