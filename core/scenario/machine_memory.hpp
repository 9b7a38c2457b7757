#pragma once
// What this machine can give a run: inputs whose memory would exceed it are refused
// before anything is allocated (scenarios, particle files, checkpoints alike).
#include <unistd.h>

namespace flowscope {

inline double physicalMemoryBytes() {
    const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 8e9;
}

// A run may use three quarters of the memory; the rest is the system's and the window's.
inline double usableMemoryBytes() { return 0.75 * physicalMemoryBytes(); }

}  // namespace flowscope
