// Which launcher started this process, read from the variables each sets for its ranks;
// shared by the builds with and without MPI.
#include <cstdlib>
#include <string>

#include "mpi_sweep.hpp"

namespace flowscope::cli {

int launchedRanks() {
    const auto count = [](const char* name) -> long {
        const char* value = std::getenv(name);
        if (!value || !*value) return -1;
        char* end = nullptr;
        const long n = std::strtol(value, &end, 10);
        return *end == '\0' && n >= 1 && n < (1L << 30) ? n : -1;
    };
    // Open MPI's mpirun; MPICH's and Intel's mpiexec and srun --mpi=pmi2 (PMI); srun --mpi=pmix.
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
        if (const long n = count(name); n >= 1) return static_cast<int>(n);
    if (std::getenv("PMIX_RANK")) {
        const long n = count("SLURM_STEP_NUM_TASKS");
        return n >= 1 ? static_cast<int>(n) : 0;
    }
    return 1;
}

}  // namespace flowscope::cli
