// The hot kernels of every instruction set this processor runs (cpu_kernels.hpp): each
// against an independent computation, and whole network evaluations of each set against
// the AVX2 set's to 1e-12 relative. FLOWSCOPE_KERNELS forces a set (CTest runs this suite
// once per set, see tests/CMakeLists.txt).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "cpu_kernels.hpp"
#include "problem_factory.hpp"
#include "rng.hpp"
#include "test_support.hpp"

using namespace flowscope;
using namespace flowscope::testing;

namespace {

// What the processor runs, asked without the dispatcher's code.
bool processorRuns(const std::string& set) {
    if (set == "avx2") return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (set == "avx512")
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl");
    return false;
}

// The first aligned number of a buffer with room to spare (kCpuKernelAlignment bytes more).
template <class S>
S* align(std::vector<S>& v) {
    S* p = v.data();
    while (reinterpret_cast<std::uintptr_t>(p) % kCpuKernelAlignment) ++p;
    return p;
}

template <class S>
double tolerance() {
    return sizeof(S) == 8 ? 1e-12 : 2e-5;
}

// Runs `check` once under every set the processor runs; the sets it cannot run are named.
template <class Check>
void forEachSet(Check&& check) {
    const std::string before = cpuKernels().name;
    for (const std::string set : {"avx2", "avx512"}) {
        if (!processorRuns(set)) {
            MESSAGE("kernel set " << set << " not checked: this processor does not run it");
            continue;
        }
        REQUIRE(useCpuKernels(set));
        REQUIRE(std::string(cpuKernels().name) == set);
        CAPTURE(set);
        check(set);
    }
    useCpuKernels(before);
}

template <class S>
void checkKernels() {
    const CpuKernelOps<S>& ops = cpuKernels().ops<S>();
    // Products: every transposition, a shape large enough for the blocked kernel, strided output.
    const long rows = 150, cols = 70, depth = 90, ldo = rows + 3;
    const std::vector<S> a = normalNumbers<S>(rows * depth, 1), b = normalNumbers<S>(depth * cols, 2);
    for (bool aT : {false, true})
        for (bool bT : {false, true})
            for (bool accumulate : {false, true}) {
                CAPTURE(aT);
                CAPTURE(bT);
                CAPTURE(accumulate);
                std::vector<S> out = normalNumbers<S>(ldo * cols, 3);
                const std::vector<S> before = out;
                std::size_t sizeA = 0, sizeB = 0;
                ops.packingSizes(rows, cols, depth, &sizeA, &sizeB);
                auto* packA = static_cast<S*>(std::aligned_alloc(kCpuKernelAlignment, (sizeA * sizeof(S) + 63) / 64 * 64));
                auto* packB = static_cast<S*>(std::aligned_alloc(kCpuKernelAlignment, (sizeB * sizeof(S) + 63) / 64 * 64));
                const long lda = aT ? depth : rows, ldb = bT ? cols : depth;
                ops.gemm(aT, bT, rows, cols, depth, S(0.5), a.data(), lda, b.data(), ldb, out.data(), ldo, accumulate,
                         packA, packB);
                std::free(packA);
                std::free(packB);
                double worst = 0;
                for (long j = 0; j < cols; ++j) {
                    for (long i = 0; i < rows; ++i) {
                        long double sum = 0, magnitude = 0;
                        for (long k = 0; k < depth; ++k) {
                            const long double term = (long double)(aT ? a[k + i * lda] : a[i + k * lda]) *
                                                     (bT ? b[j + k * ldb] : b[k + j * ldb]);
                            sum += term, magnitude += std::abs(term);
                        }
                        const long double want = 0.5L * sum + (accumulate ? before[i + j * ldo] : 0);
                        worst = std::max(worst, double(std::abs(out[i + j * ldo] - want) / (0.5L * magnitude)));
                    }
                    for (long i = rows; i < ldo; ++i) CHECK(out[i + j * ldo] == before[i + j * ldo]);  // untouched
                }
                CHECK(worst < tolerance<S>());
            }
    // The sigmoid and its derivative times r (the ReLU's units are never stored: below).
    const long n = 1001;
    const std::vector<S> z = normalNumbers<S>(n, 4), r = normalNumbers<S>(n, 5);
    {
        std::vector<S> values = z, out(n);
        ops.sigmoid(values.data(), n);
        const S dot = ops.sigmoidDerivativeTimes(values.data(), r.data(), out.data(), n);
        long double wantDot = 0, dotMagnitude = 0;
        for (long k = 0; k < n; ++k) {
            const double unit = 1.0 / (1.0 + std::exp(-double(z[k])));
            const double slope = unit * (1.0 - unit);
            CHECK(std::abs(values[k] - unit) <= tolerance<S>() * std::max(1.0, std::abs(unit)));
            CHECK(std::abs(out[k] - slope * r[k]) <= tolerance<S>() * std::abs(r[k]));
            wantDot += (long double)unit * r[k], dotMagnitude += std::abs((long double)unit * r[k]);
        }
        CHECK(std::abs(dot - wantDot) <= tolerance<S>() * dotMagnitude);
    }
    // The ReLU's output term with its signs kept as bits, and the derivative rebuilt from
    // them: lengths that end mid-packet and mid-word, zeros of both signs, a NaN (kept in
    // the output, no bit).
    for (const long length : {1L, 7L, 64L, 129L, 1001L}) {
        CAPTURE(length);
        std::vector<S> values(z.begin(), z.begin() + length), out(length, S(9));
        if (length > 3) values[1] = S(0), values[2] = S(-0.0), values[3] = std::numeric_limits<S>::quiet_NaN();
        const std::vector<S> before = normalNumbers<S>(length, 9);
        std::vector<S> share = before;
        std::vector<std::uint64_t> bits((length + 63) / 64 + 1, 0x5555u);  // the last word must stay
        const S weight = S(-1.75);
        ops.reluOutputAndSigns(values.data(), weight, share.data(), bits.data(), length);
        ops.signsTimes(bits.data(), r.data(), out.data(), length);
        CHECK(bits.back() == 0x5555u);
        for (long k = 0; k < length; ++k) {
            CAPTURE(k);
            const bool positive = values[k] > S(0);
            CHECK(((bits[k / 64] >> (k % 64)) & 1u) == (positive ? 1u : 0u));
            const double unit = positive ? double(values[k]) : 0.0, want = double(before[k]) + double(weight) * unit;
            if (std::isnan(values[k])) CHECK(std::isnan(share[k]));
            else CHECK(std::abs(share[k] - want) <= tolerance<S>() * (std::abs(double(before[k])) + std::abs(double(weight) * unit)));
            CHECK(out[k] == (positive ? r[k] : S(0)));
        }
    }
    // A pairwise column of the ReLU kernel: cosines -> sin phi + (pi - phi) cos phi, sin phi, c (pi - phi).
    const long count = 517;
    const std::vector<S> cosines = normalNumbers<S>(count, 6), inverse = normalNumbers<S>(count, 7),
                         c = normalNumbers<S>(count, 8);
    std::vector<S> cs = cosines, sn(count), angle(count);
    const S inverseA = S(0.8);
    ops.pairColumn(true, count, inverseA, inverse.data(), c.data(), cs.data(), sn.data(), angle.data());
    for (long l = 0; l < count; ++l) {
        const double x = std::clamp(double(cosines[l]) * inverseA * inverse[l], -1.0, 1.0);
        const double phi = std::acos(x), sine = std::sqrt(1.0 - x * x);
        CHECK(std::abs(cs[l] - (sine + (M_PI - phi) * x)) <= tolerance<S>() * 4);
        CHECK(std::abs(sn[l] - sine) <= tolerance<S>());
        CHECK(std::abs(angle[l] - c[l] * (M_PI - phi)) <= tolerance<S>() * 4 * std::max(1.0, std::abs(double(c[l]))));
    }
}

// The product with its left factor packed once equals the plain product with the same
// blocking (the same kernel, the same sums), for chunks of columns up to the hint and a
// narrower last one; shapes with several row and depth blocks, odd sizes, strided output
// (the rows between the product's and the stride keep their 7s), overwriting and adding.
template <class S>
void checkPackedLeft() {
    const CpuKernelOps<S>& ops = cpuKernels().ops<S>();
    struct Shape { long rows, depth, hint; };
    for (const Shape shape : {Shape{4099, 67, 64}, Shape{67, 4099, 64}, Shape{3, 513, 40}, Shape{1000, 900, 96}})
        for (bool aT : {false, true}) {
            const long rows = shape.rows, depth = shape.depth, hint = shape.hint, ldo = rows + 5;
            CAPTURE(rows);
            CAPTURE(depth);
            CAPTURE(aT);
            const long lda = aT ? depth : rows;
            const std::vector<S> a = normalNumbers<S>(rows * depth, 11), b = normalNumbers<S>(depth * hint, 12);
            std::vector<S> packed(ops.packedLeftSize(rows, depth, hint) + kCpuKernelAlignment);
            S* aligned = align(packed);
            ops.packLeft(aT, rows, depth, hint, a.data(), lda, aligned);
            for (long cols : {hint, hint / 2 + 1})
            for (bool accumulate : {false, true}) {  // onto the 7s already there, or over them
                CAPTURE(cols);
                CAPTURE(accumulate);
                std::size_t sizeA = 0, sizeB = 0, hintA = 0, hintB = 0;
                ops.packingSizes(rows, cols, depth, &sizeA, &sizeB);  // the plain product's own blocking
                ops.packingSizes(rows, hint, depth, &hintA, &hintB);  // the packed one's
                std::vector<S> packA(sizeA + kCpuKernelAlignment), packB(std::max(sizeB, hintB) + kCpuKernelAlignment);
                std::vector<S> once(ldo * cols, S(7)), plain(ldo * cols, S(7));
                ops.gemmPackedLeft(false, rows, cols, depth, hint, S(0.5), aligned, b.data(), depth, once.data(), ldo,
                                   accumulate, align(packB));
                ops.gemm(aT, false, rows, cols, depth, S(0.5), a.data(), lda, b.data(), depth, plain.data(), ldo,
                         accumulate, align(packA), align(packB));
                double worst = 0, scale = 0;
                for (long j = 0; j < cols; ++j)
                    for (long i = 0; i < ldo; ++i) {
                        worst = std::max(worst, double(std::abs(once[i + j * ldo] - plain[i + j * ldo])));
                        scale = std::max(scale, double(std::abs(plain[i + j * ldo])));
                    }
                CHECK(worst <= tolerance<S>() * scale);
                if (cols == hint) CHECK(once == plain);  // the same blocking: the same sums, bit for bit
            }
        }
}

// relu'(Z) r written in the kernel's packed layout and multiplied in place equals the
// plain derivative packed by the product (the same numbers, the same sums: bit for bit at
// the hint's width), for a depth that ends mid-word and mid-packet, with several depth
// blocks, and widths that end mid-panel; overwriting what the output held.
template <class S>
void checkPackedDerivative() {
    const CpuKernelOps<S>& ops = cpuKernels().ops<S>();
    const long rows = 67, depth = 4099, hint = 64, words = (depth + 63) / 64, ldo = rows + 2;
    const std::vector<S> x = normalNumbers<S>(rows * depth, 21), r = normalNumbers<S>(depth, 22);
    std::vector<S> z = normalNumbers<S>(depth * hint, 23);
    std::vector<std::uint64_t> signs(words * hint);
    std::vector<S> share(depth);
    for (long j = 0; j < hint; ++j) ops.reluOutputAndSigns(z.data() + j * depth, S(1), share.data(), signs.data() + j * words, depth);
    std::vector<S> packed(ops.packedLeftSize(rows, depth, hint) + kCpuKernelAlignment);
    S* left = align(packed);
    ops.packLeft(false, rows, depth, hint, x.data(), rows, left);
    for (const long cols : {hint, 37L, 3L}) {
        CAPTURE(cols);
        std::vector<S> plainD(depth * cols), packedD(depth * cols);
        for (long j = 0; j < cols; ++j) ops.signsTimes(signs.data() + j * words, r.data(), plainD.data() + j * depth, depth);
        ops.signsTimesPacked(signs.data(), words, r.data(), packedD.data(), depth, cols);
        std::size_t sizeA = 0, sizeB = 0;
        ops.packingSizes(rows, hint, depth, &sizeA, &sizeB);
        std::vector<S> packB(sizeB + kCpuKernelAlignment), viaPlain(ldo * cols, S(7)), inPlace(ldo * cols, S(7));
        ops.gemmPackedLeft(false, rows, cols, depth, hint, S(0.25), left, plainD.data(), depth, viaPlain.data(), ldo, false,
                           align(packB));
        ops.gemmBothPacked(rows, cols, depth, hint, S(0.25), left, packedD.data(), inPlace.data(), ldo, false);
        CHECK(inPlace == viaPlain);
        // and against the sums themselves, for what neither kernel would catch in the other
        double worst = 0;
        for (long j = 0; j < cols; ++j)
            for (long i = 0; i < rows; ++i) {
                long double sum = 0, magnitude = 0;
                for (long k = 0; k < depth; ++k) {
                    const long double term = (long double)x[i + k * rows] * (z[k + j * depth] > 0 ? r[k] : S(0));
                    sum += term, magnitude += std::abs(term);
                }
                worst = std::max(worst, double(std::abs(inPlace[i + j * ldo] - 0.25L * sum) / (0.25L * magnitude + 1e-300L)));
            }
        CHECK(worst < tolerance<S>() * 10);
    }
}

struct Result {
    double loss;
    Eigen::VectorXd field;
    Eigen::MatrixXd fieldGrad;
};

// A network large enough for the blocked products and the symmetric pairwise path.
Result evaluateNetwork(Scenario s, const std::string& precision) {
    s.run.precision = named<Precision>(precision);
    s.run.threads = 1;
    const auto problem = makeProblem(s);
    const ParticleSet p = randomParticles(300, problem->positionDim(), false, 11);
    Evaluation out;
    problem->evaluate(p, 1.0, out);
    return {out.loss, out.field, out.fieldGrad};
}

double relative(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    return (a - b).cwiseAbs().maxCoeff() / std::max(1e-300, b.cwiseAbs().maxCoeff());
}

}  // namespace

TEST_CASE("every kernel set this processor runs computes the products, units and pairwise columns") {
    forEachSet([](const std::string&) {
        checkKernels<double>();
        checkKernels<float>();
    });
}

TEST_CASE("a left factor packed once gives the products of the plain kernel, in every kernel set") {
    forEachSet([](const std::string&) {
        checkPackedLeft<double>();
        checkPackedLeft<float>();
    });
}

TEST_CASE("relu'(Z) r written in the product kernel's layout gives the product of the plain one, in every kernel set") {
    forEachSet([](const std::string&) {
        checkPackedDerivative<double>();
        checkPackedDerivative<float>();
    });
}

TEST_CASE("network evaluations agree across kernel sets to 1e-12 relative (float: 2e-5)") {
    const std::string before = cpuKernels().name;
    for (auto& [name, scenario] : networkVariants()) {
        CAPTURE(name);
        for (const std::string precision : {"double", "float"}) {
            CAPTURE(precision);
            REQUIRE(useCpuKernels("avx2"));
            const Result reference = evaluateNetwork(scenario, precision);
            forEachSet([&](const std::string& set) {
                const Result r = evaluateNetwork(scenario, precision);
                const double tol = precision == "double" ? 1e-12 : 2e-5;
                CHECK(std::abs(r.loss - reference.loss) <= tol * std::abs(reference.loss));
                CHECK(relative(r.field, reference.field) <= tol);
                CHECK(relative(r.fieldGrad, reference.fieldGrad) <= tol);
                if (set == "avx2") CHECK(r.field == reference.field);  // the same code: the same bits
            });
        }
    }
    useCpuKernels(before);
}

TEST_CASE("a kernel set is used only where the processor runs it") {
    const std::string before = cpuKernels().name;
    for (const std::string set : {"avx2", "avx512"}) {
        CAPTURE(set);
        CHECK(useCpuKernels(set) == processorRuns(set));
    }
    CHECK_FALSE(useCpuKernels("sse9"));
    CHECK(useCpuKernels("auto"));
    const std::vector<std::string> supported = supportedCpuKernels();
    REQUIRE(!supported.empty());
    CHECK(cpuKernels().name == supported.back());  // auto: the widest
    CHECK(processorRuns("avx512") == (supported.back() == "avx512"));
    useCpuKernels(before);
}

// Run by CTest with FLOWSCOPE_KERNELS set (cpu_kernels_avx2, cpu_kernels_avx512): the set named
// is the one in use from the start where the processor runs it, else the widest it runs.
TEST_CASE("the kernel set named by FLOWSCOPE_KERNELS is the one in use") {
    const char* forced = std::getenv("FLOWSCOPE_KERNELS");
    if (!forced) return;
    const std::vector<std::string> supported = supportedCpuKernels();
    if (processorRuns(forced)) CHECK(std::string(cpuKernels().name) == forced);
    else CHECK(std::string(cpuKernels().name) == supported.back());
}
