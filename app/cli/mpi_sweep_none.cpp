// The build without MPI (FLOWSCOPE_MPI=OFF): a sweep is one process. Started as one of
// several ranks, each would run the whole sweep into the same folder: refused instead.
#include <cstdlib>

#include "input_error.hpp"
#include "mpi_sweep.hpp"

namespace flowscope::cli {

std::unique_ptr<MpiSweep> MpiSweep::join() {
    const int ranks = launchedRanks();
    if (ranks > 1)
        throw EnvironmentError("started as one of " + std::to_string(ranks) +
                               " MPI ranks, but this flowscope-cli was built without MPI (FLOWSCOPE_MPI=OFF); "
                               "rebuild it with MPI (libopenmpi-dev), or run the parts of the sweep with --shard I/N");
    return nullptr;
}

// Never called: join() makes no MpiSweep.
MpiSweep::~MpiSweep() = default;
bool MpiSweep::allSucceeded(bool mine, bool& rank0Succeeded) { return rank0Succeeded = mine; }
void MpiSweep::release(int) {}
void MpiSweep::abortJob(const std::exception_ptr&) { std::abort(); }
void MpiSweep::coordinate(const SweepPlan&, const std::vector<SweepCell>&,
                          const std::function<void(const SweepResult&)>&, const std::atomic<bool>&) {}
int MpiSweep::work(const SweepPlan&, const std::atomic<bool>&) { return 0; }

}  // namespace flowscope::cli
