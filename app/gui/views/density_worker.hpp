#pragma once
// The density of the particles as the particle view shows them (density_grid.hpp), computed
// on a thread of its own so that a million particles never hold up a frame: the GUI thread
// hands it a copy of the particles (only when a new snapshot came and the worker is free)
// and a request (the embedding, the plane of the screen, the box and its cells), and takes
// the finished grid at a later frame. A request for a new view of the same particles
// reuses the copy.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include <Eigen/Core>

#include "density_grid.hpp"
#include "embedding.hpp"
#include "particles.hpp"

namespace flowscope::gui {

struct DensityRequest {
    Embedding embedding;
    Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();  // view coordinates -> screen plane (3-D views)
    GridBox box;                  // in the screen plane's coordinates
    double sigmaX = 1.5, sigmaY = 1.5;  // smoothing, in cells
    bool signedWeights = false;   // weigh by w (else |w|)
    double massScale = 1.0;       // a particle's mass is massScale * w: the measure (alpha/m) sum_i w_i delta
    int stride = 1;               // the particles are every stride-th of the run's (massScale counts it)
    std::uint64_t serial = 0;     // the snapshot the particles came from
    std::int64_t step = 0;
};

struct DensityResult {
    DensityGrid grid;
    DensityRequest request;
    double range = 0.0;    // the value the colour map saturates at (densityRange)
    double seconds = 0.0;  // time to compute it
};

// Room for the particles' places and masses, kept from one grid to the next (a million
// particles' worth is tens of megabytes: allocating it afresh each time costs page faults).
struct DensityScratch {
    Eigen::Matrix3Xd places;
    Eigen::VectorXd x, y, mass;
};

// The density of `particles` as `request` asks (on the calling thread).
DensityResult computeDensity(const ParticleSet& particles, const DensityRequest& request, DensityScratch& scratch);
DensityResult computeDensity(const ParticleSet& particles, const DensityRequest& request);
// Where the colours of a grid saturate: the 99.5th percentile of its non-empty cells'
// |values|, and at least a thirtieth of the largest (a few dense cells are the bright
// ones; faint mass elsewhere stays visible).
double densityRange(const std::vector<double>& values);

class DensityWorker {
public:
    DensityWorker();
    ~DensityWorker();
    DensityWorker(const DensityWorker&) = delete;
    DensityWorker& operator=(const DensityWorker&) = delete;

    bool busy() const;
    bool holdsParticles() const;  // a copy was handed over before
    // Starts a computation (the worker must not be busy): with a copy of `particles` (every
    // stride-th of them), or of the particles handed over last when nullptr.
    void post(const ParticleSet* particles, const DensityRequest& request, int stride = 1);
    // The newest finished result, once (false when none since the last take).
    bool take(DensityResult& out);
    void waitUntilIdle();

private:
    void loop();

    mutable std::mutex mutex_;
    std::condition_variable wake_, idle_;
    bool busy_ = false, pending_ = false, quit_ = false, fresh_ = false, holds_ = false;
    ParticleSet particles_;  // written by post() only while the worker is not busy
    DensityRequest request_;
    DensityResult result_;
    DensityScratch scratch_;  // the worker's
    std::thread thread_;
};

}  // namespace flowscope::gui
