// The solver's large products at the benchmark cases' shapes, through Eigen's kernel as the
// solver runs it (KeptProduct, the kernel set of cpu_kernels.hpp) and through the BLAS
// libraries installed here (OpenBLAS and BLIS, loaded at run time: flowscope does not link
// them), single-threaded as the solver runs each product (threads take whole chunks).
//
//   flowscope-product-bench [--seconds S] [--rounds R]
//
// Each round times every library on every shape in turn (paired, alternating); the median
// round is printed, in GFLOP/s, with the kernel each library chose for this processor.
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "cpu_kernels.hpp"
#include "kept_product.hpp"
#include "rng.hpp"

using namespace flowscope;

namespace {

// CBLAS's column-major gemm: the interface both libraries export.
enum { kColMajor = 102, kNoTrans = 111, kTrans = 112 };
using Dgemm = void (*)(int, int, int, int, int, int, double, const double*, int, const double*, int, double, double*,
                       int);
using Sgemm = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);

struct Blas {
    std::string name, kernel;
    Dgemm dgemm = nullptr;
    Sgemm sgemm = nullptr;
};

std::vector<Blas> loadBlas() {
    std::vector<Blas> found;
    if (void* h = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL)) {
        Blas b{"OpenBLAS", "?", Dgemm(dlsym(h, "cblas_dgemm")), Sgemm(dlsym(h, "cblas_sgemm"))};
        if (auto threads = reinterpret_cast<void (*)(int)>(dlsym(h, "openblas_set_num_threads"))) threads(1);
        if (auto core = reinterpret_cast<const char* (*)()>(dlsym(h, "openblas_get_corename"))) b.kernel = core();
        if (b.dgemm && b.sgemm) found.push_back(b);
    }
    for (const char* file : {"libblis.so.4", "libblis-openmp.so.4"}) {
        void* h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
        if (!h) continue;
        Blas b{"BLIS", "?", Dgemm(dlsym(h, "cblas_dgemm")), Sgemm(dlsym(h, "cblas_sgemm"))};
        if (auto threads = reinterpret_cast<void (*)(long)>(dlsym(h, "bli_thread_set_num_threads"))) threads(1);
        auto id = reinterpret_cast<int (*)()>(dlsym(h, "bli_arch_query_id"));
        auto name = reinterpret_cast<const char* (*)(int)>(dlsym(h, "bli_arch_string"));
        if (id && name) b.kernel = name(id());
        if (b.dgemm && b.sgemm) found.push_back(b);
        break;
    }
    return found;
}

// out (rows x cols) = op(a) op(b), op(a) rows x depth, as the solver's products.
struct Shape {
    const char* use;
    long rows, depth, cols;
    bool aTransposed, bTransposed;
    int count;  // products of this shape per step
};

// The cases of docs/performance.md (two_layer_network.cpp, relu_kernel.cpp).
std::vector<Shape> shapes() {
    return {
        {"relu-empirical Z = X^T Theta (chunk of 64)", 4096, 64, 64, true, false, 16},
        {"relu-empirical G = X D (chunk of 64)", 64, 4096, 64, false, false, 16},
        {"sigmoid-minibatch Z = X^T Theta (chunk of 256)", 256, 32, 256, true, false, 16},
        {"sigmoid-minibatch G = X D (chunk of 256)", 32, 256, 256, false, false, 16},
        {"relu-population cosines (block of 128, mean end 1000)", 1000, 100, 128, true, false, 16},
        {"relu-population angle product (block of 128)", 100, 1000, 128, false, false, 16},
    };
}

template <class S>
double rate(const std::function<void()>& product, double flops, double seconds) {
    using Clock = std::chrono::steady_clock;
    product();  // warm: buffers grown, caches filled
    long count = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    while (elapsed < seconds || count < 3) {
        product();
        ++count;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return flops * count / elapsed / 1e9;
}

template <class S>
void measure(const std::vector<Blas>& libraries, double seconds, int rounds) {
    const char* precision = sizeof(S) == 8 ? "double" : "float";
    for (const Shape& s : shapes()) {
        const long lda = s.aTransposed ? s.depth : s.rows, ldb = s.bTransposed ? s.cols : s.depth;
        const std::vector<S> a = normalNumbers<S>(s.rows * s.depth, 1), b = normalNumbers<S>(s.depth * s.cols, 2);
        std::vector<S> out(s.rows * s.cols);
        Eigen::Map<const Eigen::Matrix<S, -1, -1>> A(a.data(), s.aTransposed ? s.depth : s.rows, s.aTransposed ? s.rows : s.depth);
        Eigen::Map<const Eigen::Matrix<S, -1, -1>> B(b.data(), s.bTransposed ? s.cols : s.depth, s.bTransposed ? s.depth : s.cols);
        Eigen::Map<Eigen::Matrix<S, -1, -1>> C(out.data(), s.rows, s.cols);
        KeptProduct<S> kept;
        std::vector<std::function<void()>> runs{[&] {
            if (s.aTransposed) kept.transposeTimes(S(1), A, B, C);
            else kept.times(S(1), A, B, C);
        }};
        for (const Blas& blas : libraries)
            runs.push_back([&, blas] {
                const int ta = s.aTransposed ? kTrans : kNoTrans, tb = s.bTransposed ? kTrans : kNoTrans;
                if constexpr (sizeof(S) == 8)
                    blas.dgemm(kColMajor, ta, tb, s.rows, s.cols, s.depth, 1.0, a.data(), lda, b.data(), ldb, 0.0,
                               out.data(), s.rows);
                else
                    blas.sgemm(kColMajor, ta, tb, s.rows, s.cols, s.depth, 1.0f, a.data(), lda, b.data(), ldb, 0.0f,
                               out.data(), s.rows);
            });
        std::vector<std::vector<double>> rates(runs.size());
        const double flops = 2.0 * s.rows * s.depth * s.cols;
        for (int r = 0; r < rounds; ++r)
            for (std::size_t k = 0; k < runs.size(); ++k) rates[k].push_back(rate<S>(runs[k], flops, seconds));
        std::printf("| %s | %s | %ld x %ld x %ld |", s.use, precision, s.rows, s.depth, s.cols);
        for (auto& r : rates) {
            std::sort(r.begin(), r.end());
            std::printf(" %.1f |", r[(r.size() - 1) / 2]);
        }
        std::printf("\n");
    }
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 0.5;
    int rounds = 3;
    for (int k = 1; k + 1 < argc; k += 2) {
        if (!std::strcmp(argv[k], "--seconds")) seconds = std::atof(argv[k + 1]);
        else if (!std::strcmp(argv[k], "--rounds")) rounds = std::atoi(argv[k + 1]);
        else {
            std::fprintf(stderr, "flowscope-product-bench: unknown option %s\n", argv[k]);
            return 2;
        }
    }
    const std::vector<Blas> libraries = loadBlas();
    std::printf("GFLOP/s of one product on one thread, median of %d paired rounds of %.2g s each\n\n", rounds, seconds);
    std::printf("| product | precision | rows x depth x cols | Eigen (flowscope, %s kernels) |", cpuKernels().name);
    for (const Blas& b : libraries) std::printf(" %s (kernel %s) |", b.name.c_str(), b.kernel.c_str());
    std::printf("\n|---|---|---|---|");
    for (std::size_t k = 0; k < libraries.size(); ++k) std::printf("---|");
    std::printf("\n");
    measure<double>(libraries, seconds, rounds);
    measure<float>(libraries, seconds, rounds);
    return 0;
}
