#include "memory_estimate.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "input_error.hpp"
#include "parallel.hpp"
#include "relu_kernel.hpp"
#include "relu_plane_kernel.hpp"

namespace flowscope {

namespace {

// A worker thread's stack: glibc gives each new thread RLIMIT_STACK (8 MB by default;
// 32 MB when unlimited), plus its share of the evaluation's per-thread buffers (a chunk of
// samples, kept matrix products: about 2 MB at most).
double workerThreadBytes() {
    rlimit limit{};
    const double stack = getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
                             ? double(limit.rlim_cur)
                             : 32.0 * 1024 * 1024;
    return stack + 2.0 * 1024 * 1024;
}

std::string megabytes(double bytes) { return std::to_string(static_cast<long long>(std::ceil(bytes / (1024.0 * 1024.0)))) + " MB"; }

}  // namespace

double estimateMemoryBytes(const Scenario& s) {
    const double m = s.particleCount;
    const double dim = s.positionDim();
    const int threads = resolveThreadCount(s.run.threads);
    double bytes = kProgramBytes + (threads - 1) * workerThreadBytes();
    // Particles, their scratch copy, velocities, the evaluation's field (about 5 copies) and
    // the 2 recent states a divergence can go back to.
    bytes += 7.0 * m * (dim + 1.0) * 8.0;
    if (!s.isDeconvolution()) {
        // A data file's own count is checked when it is read (two_layer_network.cpp).
        const double n = s.usesGivenData() && !s.usesDataFile() ? s.data.samples : s.network.samples;
        if (s.network.risk == RiskKind::Empirical) bytes += 2.0 * m * n * 8.0 + dim * n * 8.0;
        if (s.network.risk == RiskKind::MiniBatch) bytes += 2.0 * m * s.network.batchSize * 8.0 + dim * s.network.batchSize * 8.0;
        if (s.usesPlaneKernel())  // two kept kernels: students among themselves, and against the teacher
            bytes += ReluPlaneKernel::scratchBytes(s.particleCount) + ReluPlaneKernel::scratchBytes(s.truth.count) +
                     2.0 * m * 8.0 * (s.run.precision == Precision::Float ? 3.0 : 0.0);
        else if (s.network.risk == RiskKind::Population)
            bytes += reluNetworkScratchBytes(s.particleCount, s.truth.count, s.positionDim(), threads,
                                             s.run.precision == Precision::Float ? 4 : 8);
    } else {
        const double n = s.deconvolution.samples;
        bytes += (s.deconvolution.dimension == 2 ? n * n : n) * 8.0 * 4.0;
    }
    return bytes;
}

double addressSpaceLimitBytes() {
    rlimit limit{};
    if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return std::numeric_limits<double>::infinity();
    return double(limit.rlim_cur);
}

void requireAddressSpace(double needed, const std::string& what) {
    const double limit = addressSpaceLimitBytes();
    if (needed > limit)
        throw EnvironmentError(what + " needs about " + megabytes(needed) + " of address space, more than the " +
                               megabytes(limit) + " `ulimit -v` allows; raise the limit, or use fewer threads (run.threads)");
}

}  // namespace flowscope
