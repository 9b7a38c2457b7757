#include "cpu_kernels.hpp"

#include <atomic>
#include <cstdlib>
#include <iostream>

namespace flowscope {

namespace {

// What this processor runs: AVX-512 needs F (the 512-bit registers), DQ and VL (Eigen's
// double and float packets use them) and the operating system's saving of the registers,
// which __builtin_cpu_supports checks with the feature bits.
bool runs(const std::string& name) {
#if defined(__x86_64__)
    if (name == "avx2") return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#if defined(FLOWSCOPE_AVX512_KERNELS)
    if (name == "avx512")
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl");
#endif
#endif
    return false;
}

// A set's table, built at its first use: building it runs code of that instruction set,
// so only a set the processor runs is ever asked for.
const CpuKernels* tableFor(const std::string& name) {
#if defined(FLOWSCOPE_AVX512_KERNELS)
    if (name == "avx512") {
        static const CpuKernels avx512 = flowscope_isa::avx512Kernels();
        return &avx512;
    }
#endif
    (void)name;
    static const CpuKernels avx2 = flowscope_isa::avx2Kernels();
    return &avx2;
}

std::string widest() {
    const std::vector<std::string> names = supportedCpuKernels();
    return names.empty() ? "avx2" : names.back();
}

// From FLOWSCOPE_KERNELS, else the widest. A name this build or processor cannot run is
// reported once and the widest runs instead: the choice changes speed, never results
// beyond rounding.
const CpuKernels* chooseAtStart() {
    const char* forced = std::getenv("FLOWSCOPE_KERNELS");
    if (!forced || std::string(forced).empty() || std::string(forced) == "auto") return tableFor(widest());
    if (runs(forced)) return tableFor(forced);
    std::cerr << "flowscope: FLOWSCOPE_KERNELS=" << forced << " is not one of this processor's "
              << "(avx2, avx512 where supported, auto): using " << widest() << "\n";
    return tableFor(widest());
}

std::atomic<const CpuKernels*>& current() {
    static std::atomic<const CpuKernels*> chosen{chooseAtStart()};
    return chosen;
}

}  // namespace

const CpuKernels& cpuKernels() { return *current().load(std::memory_order_relaxed); }

std::vector<std::string> supportedCpuKernels() {
    std::vector<std::string> names;
    for (const char* name : {"avx2", "avx512"})
        if (runs(name)) names.push_back(name);
    return names;
}

bool useCpuKernels(const std::string& name) {
    const std::string chosen = name == "auto" ? widest() : name;
    if (!runs(chosen)) return false;
    current().store(tableFor(chosen), std::memory_order_relaxed);
    return true;
}

}  // namespace flowscope
