#include "relu_kernel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <vector>

#include "cpu_kernels.hpp"
#include "kept_product.hpp"
#include "parallel.hpp"
#include "step_control.hpp"

namespace flowscope {

double reluKernel(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const double na = a.norm(), nb = b.norm();
    if (na == 0.0 || nb == 0.0) return 0.0;
    const double c = std::clamp(a.dot(b) / (na * nb), -1.0, 1.0), phi = std::acos(c);
    return na * nb * (std::sin(phi) + (M_PI - phi) * c) / (2.0 * M_PI);
}

Eigen::VectorXd reluKernelGradient(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const double na = a.norm(), nb = b.norm();
    if (na == 0.0) return b / 4.0;
    if (nb == 0.0) return Eigen::VectorXd::Zero(a.size());
    const double c = std::clamp(a.dot(b) / (na * nb), -1.0, 1.0), phi = std::acos(c);
    return ((M_PI - phi) * b + nb * std::sin(phi) * a / na) / (2.0 * M_PI);
}

namespace {

// Scratch memory kept between calls that grows without being initialized: its pages are
// first touched by the computation that uses them, which can be abandoned, instead of all
// at once by the growth (zeroing hundreds of MB took a second that no command could cut).
// Nothing reads it before writing it.
template <class S>
class Scratch {
public:
    S* atLeast(std::size_t count) {
        if (count > size_) {
            data_.reset();  // free first: old and new need not coexist
            data_.reset(new S[count]);
            size_ = count;
        }
        return data_.get();
    }

private:
    std::unique_ptr<S[]> data_;
    std::size_t size_ = 0;
};

// Columns of B met at once by a block of A. Beyond this the block meets B in tiles, so
// the pairwise scratch stays bounded (three tile x block matrices per thread, 25 MB in
// double) however many particles there are, and an evaluation can be abandoned between
// tiles, a few milliseconds apart (step_control.hpp).
constexpr Eigen::Index kTileColumns = 8192;

// How the kernels lay out their kept scratch, in numbers: what every call shares, and what
// each worker thread adds. One place, read by the kernels and by the memory estimate.
struct ScratchLayout {
    std::size_t shared = 0, perThread = 0;
    std::size_t total(int threads) const { return shared + perThread * std::size_t(threads); }
};

// The general path, A (d x p) against B (d x q) in blocks of `width` columns of A: shared
// norms, then per worker thread three tile x block matrices and two sums.
ScratchLayout generalLayout(Eigen::Index p, Eigen::Index q, Eigen::Index width) {
    const Eigen::Index tile = std::min(q, kTileColumns);
    return {std::size_t(p + 3 * q), std::size_t(3 * tile * width + 2 * width)};
}

// The symmetric path's shares of a block of the row side: d x width for every pair of blocks.
std::size_t symmetricShareCount(Eigen::Index p, Eigen::Index d, Eigen::Index width) {
    const Eigen::Index blocks = width > 0 ? (p + width - 1) / width : 0;
    return blocks < 2 ? 0 : std::size_t(d) * std::size_t(width) * std::size_t(blocks) * (blocks - 1) / 2;
}

// The symmetric path applies above one block while its shares stay within this budget.
constexpr double kShareBudgetBytes = 64.0 * 1024 * 1024;
bool symmetricApplies(Eigen::Index p, Eigen::Index d, Eigen::Index width, std::size_t numberBytes) {
    return p > width && double(symmetricShareCount(p, d, width)) * double(numberBytes) <= kShareBudgetBytes;
}

// The symmetric path: norms, weights, A diag(c), the row shares of both sums, the gradient
// shares, then per thread three p x block matrices.
ScratchLayout symmetricLayout(Eigen::Index p, Eigen::Index d, Eigen::Index width) {
    const Eigen::Index blocks = width > 0 ? (p + width - 1) / width : 0;
    return {std::size_t(3 * p + d * p + 2 * p * blocks) + symmetricShareCount(p, d, width), std::size_t(3 * p * width)};
}

template <class S>
void kernelSums(const Eigen::Matrix<S, -1, -1>& A, const Eigen::Matrix<S, -1, -1>& B, const Eigen::Matrix<S, -1, 1>& c,
                Eigen::Matrix<S, -1, 1>& value, Eigen::Matrix<S, -1, -1>& grad, int block) {
    using Matrix = Eigen::Matrix<S, -1, -1>;
    using Vector = Eigen::Matrix<S, -1, 1>;
    const Eigen::Index p = A.cols(), q = B.cols(), d = A.rows(), width = std::min<Eigen::Index>(block, p);
    const Eigen::Index blocks = width > 0 ? (p + width - 1) / width : 0, tile = std::min(q, kTileColumns);
    value.resize(p);
    grad.resize(d, p);
    // Scratch reused across calls on the same thread and never shrunk, so that stepping
    // allocates nothing even though the student and the teacher calls differ in size.
    const ScratchLayout layout = generalLayout(p, q, width);
    const std::size_t shared = layout.shared, perThread = layout.perThread;
    thread_local Scratch<S> scratch;
    // One set of products per worker, owned by the calling thread (a thread_local named
    // inside the loop would be the worker's own, never constructed nor freed there).
    thread_local std::vector<std::array<KeptProduct<S>, 2>> productsOf;
    if (productsOf.size() < std::size_t(maxThreads())) productsOf.resize(maxThreads());
    auto* const productsBase = productsOf.data();
    S* const base = scratch.atLeast(layout.total(maxThreads()));
    Eigen::Map<Vector> normA(base, p), normB(normA.data() + p, q), invB(normB.data() + q, q),
        weightB(invB.data() + q, q);
    normA = A.colwise().norm().transpose();
    normB = B.colwise().norm().transpose();
    invB = normB.unaryExpr([](S x) { return x > S(0) ? S(1) / x : S(0); });
    weightB = c.cwiseProduct(normB);
    const S twoPi = S(2 * M_PI);
    const auto pairColumn = cpuKernels().ops<S>().pairColumn;  // relu_pair_column.hpp, for this processor
    S* const perThreadBase = base + shared;  // the caller's: inside the loop `scratch` names the worker's
    const StepControl* const control = currentStepControl();  // the workers' own is not set
    // Blocks of columns of A are independent: each worker thread takes whole blocks, with
    // single-threaded products on its own scratch.
    const double workPerBlock = double(q) * double(width) * (4.0 * double(d) + 40.0);
    parallelFor(blocks, workPerBlock, [&](Eigen::Index blockIndex) {
        S* mine = perThreadBase + perThread * std::size_t(threadIndex());
        Eigen::Map<Vector> kernelSum(mine + 3 * tile * width, width), sineSum(mine + 3 * tile * width + width, width);
        const Eigen::Index start = blockIndex * width, rows = std::min<Eigen::Index>(width, p - start);
        auto& products = productsBase[threadIndex()];
        kernelSum.setZero();
        sineSum.setZero();
        auto gradBlock = grad.middleCols(start, rows);
        gradBlock.setZero();
        for (Eigen::Index from = 0; from < q; from += tile) {
            if (from > 0 && control && control->abandonRequested()) return;  // the loop throws after it
            const Eigen::Index cols = std::min(tile, q - from);
            const auto b = B.middleCols(from, cols);
            Eigen::Map<Matrix> cosine(mine, cols, width), sine(mine + cols * width, cols, width),
                weightedAngle(mine + 2 * cols * width, cols, width);  // one column per a_i: inner loops run down a column
            products[0].transposeTimes(S(1), b, A.middleCols(start, rows), cosine.leftCols(rows));
            // The pairwise matrices (see pairColumn); the sums over l are matrix-vector products below.
            for (Eigen::Index i = 0; i < rows; ++i) {
                if (control && control->abandonRequested()) return;
                const S na = normA[start + i], inva = na > S(0) ? S(1) / na : S(0);
                pairColumn(true, cols, inva, invB.data() + from, c.data() + from, cosine.col(i).data(),
                           sine.col(i).data(), weightedAngle.col(i).data());
            }
            kernelSum.head(rows).noalias() += cosine.leftCols(rows).transpose() * weightB.segment(from, cols);
            sineSum.head(rows).noalias() += sine.leftCols(rows).transpose() * weightB.segment(from, cols);
            products[1].times(S(1) / twoPi, b, weightedAngle.leftCols(rows), gradBlock, true);
        }
        value.segment(start, rows) = normA.segment(start, rows).cwiseProduct(kernelSum.head(rows)) / twoPi;
        for (Eigen::Index i = 0; i < rows; ++i) {
            const S na = normA[start + i];
            grad.col(start + i) += (na > S(0) ? sineSum[i] / (na * twoPi) : S(0)) * A.col(start + i);
        }
    });
}

// The same sums with B = A, where the p x p pairwise matrices are symmetric: each block of
// columns b computes only the rows of blocks <= b (half the cosine product and half the
// pairwise loop) and hands the rows above it, transposed, to the blocks they belong to:
//   column side, i in b, l < end_b:  sums_i    += sum_l M_li weight_l,  grad_b += A_l c_l (pi - phi_li)
//   row side,    l < start_b:        shares_lb  = sum_{i in b} M_li weight_i,
//                                    gradShares_b(:, l) = sum_{i in b} a_i c_i (pi - phi_li).
// A second pass adds every block's shares in block order, so the result does not depend on
// the thread count. The shares take d p^2 / (2 block) numbers: beyond a budget, the general
// path runs instead.
template <class S>
bool symmetricKernelSums(const Eigen::Matrix<S, -1, -1>& A, const Eigen::Matrix<S, -1, 1>& c,
                         Eigen::Matrix<S, -1, 1>& value, Eigen::Matrix<S, -1, -1>& grad, int block) {
    using Matrix = Eigen::Matrix<S, -1, -1>;
    using Vector = Eigen::Matrix<S, -1, 1>;
    const Eigen::Index p = A.cols(), d = A.rows(), width = std::min<Eigen::Index>(block, p);
    const Eigen::Index blocks = width > 0 ? (p + width - 1) / width : 0;
    if (!symmetricApplies(p, d, width, sizeof(S))) return false;
    const std::size_t shareCount = symmetricShareCount(p, d, width);
    value.resize(p);
    grad.resize(d, p);
    // Kept between calls like the general path's scratch (symmetricLayout).
    const ScratchLayout layout = symmetricLayout(p, d, width);
    const std::size_t perThread = layout.perThread;
    thread_local Scratch<S> scratch;
    thread_local std::vector<std::array<KeptProduct<S>, 3>> productsOf;  // per worker, as in kernelSums
    if (productsOf.size() < std::size_t(maxThreads())) productsOf.resize(maxThreads());
    auto* const productsBase = productsOf.data();
    S* next = scratch.atLeast(layout.total(maxThreads()));
    auto take = [&](std::size_t count) { S* at = next; next += count; return at; };
    Eigen::Map<Vector> norm(take(p), p), inverse(take(p), p), weight(take(p), p);
    Eigen::Map<Matrix> weighted(take(d * p), d, p), kernelShares(take(p * blocks), p, blocks),
        sineShares(take(p * blocks), p, blocks);
    S* const gradShares = take(shareCount);
    S* const perThreadBase = next;
    norm = A.colwise().norm().transpose();
    inverse = norm.unaryExpr([](S x) { return x > S(0) ? S(1) / x : S(0); });
    weight = c.cwiseProduct(norm);
    weighted = A * c.asDiagonal();
    const S twoPi = S(2 * M_PI);
    const auto pairColumn = cpuKernels().ops<S>().pairColumn;  // relu_pair_column.hpp, for this processor
    const StepControl* const control = currentStepControl();  // the workers' own is not set
    auto startOf = [&](Eigen::Index b) { return b * width; };
    auto widthOf = [&](Eigen::Index b) { return std::min<Eigen::Index>(width, p - b * width); };
    // Block b's gradient shares: d x start_b, after those of the blocks before it.
    auto sharesOf = [&](Eigen::Index b) {
        return Eigen::Map<Matrix>(gradShares + std::size_t(d) * std::size_t(width) * (b * (b - 1) / 2), d, startOf(b));
    };
    // Block b's work grows with b: pair the first with the last so both threads get as much.
    auto blockAt = [&](Eigen::Index k) { return k % 2 == 0 ? k / 2 : blocks - 1 - k / 2; };
    const double workPerBlock = double(p) / 2 * double(width) * (6.0 * double(d) + 40.0);
    parallelFor(blocks, workPerBlock, [&](Eigen::Index k) {
        const Eigen::Index b = blockAt(k), start = startOf(b), cols = widthOf(b), end = start + cols;
        S* mine = perThreadBase + perThread * std::size_t(threadIndex());
        Eigen::Map<Matrix> cosine(mine, end, cols), sine(mine + p * width, end, cols),
            angle(mine + 2 * p * width, end, cols);
        auto& products = productsBase[threadIndex()];
        products[0].transposeTimes(S(1), A.leftCols(end), A.middleCols(start, cols), cosine);
        for (Eigen::Index i = 0; i < cols; ++i) {
            if (control && control->abandonRequested()) return;  // the loop throws after it
            pairColumn(false, end, inverse[start + i], inverse.data(), nullptr, cosine.col(i).data(),
                       sine.col(i).data(), angle.col(i).data());
        }
        // The column side; the shares and |a_i| / 2 pi come in the second pass. The sine sums
        // of the block's own columns wait in its own rows of sineShares.
        value.segment(start, cols).noalias() = cosine.transpose() * weight.head(end);
        sineShares.col(b).segment(start, cols).noalias() = sine.transpose() * weight.head(end);
        products[1].times(S(1) / twoPi, weighted.leftCols(end), angle, grad.middleCols(start, cols));
        if (start > 0) {
            kernelShares.col(b).head(start).noalias() = cosine.topRows(start) * weight.segment(start, cols);
            sineShares.col(b).head(start).noalias() = sine.topRows(start) * weight.segment(start, cols);
            products[2].timesTranspose(S(1) / twoPi, weighted.middleCols(start, cols), angle.topRows(start),
                                       sharesOf(b));
        }
    });
    // Second pass: block a adds the shares of the blocks after it, in block order.
    parallelFor(blocks, double(p) * double(d + 2), [&](Eigen::Index a) {
        const Eigen::Index start = startOf(a), cols = widthOf(a);
        auto kernelSum = value.segment(start, cols);
        for (Eigen::Index b = a + 1; b < blocks; ++b) {
            kernelSum += kernelShares.col(b).segment(start, cols);
            sineShares.col(a).segment(start, cols) += sineShares.col(b).segment(start, cols);
            grad.middleCols(start, cols) += sharesOf(b).middleCols(start, cols);
        }
        for (Eigen::Index i = start; i < start + cols; ++i) {
            const S na = norm[i];
            value[i] = na * value[i] / twoPi;
            grad.col(i) += (na > S(0) ? sineShares(i, a) / (na * twoPi) : S(0)) * A.col(i);
        }
    });
    return true;
}

}  // namespace

void reluKernelSums(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::VectorXd& c,
                    Eigen::VectorXd& value, Eigen::MatrixXd& grad, int block) {
    kernelSums(A, B, c, value, grad, block);
}

void reluKernelSums(const Eigen::MatrixXf& A, const Eigen::MatrixXf& B, const Eigen::VectorXf& c,
                    Eigen::VectorXf& value, Eigen::MatrixXf& grad, int block) {
    kernelSums(A, B, c, value, grad, block);
}

void reluKernelSelfSums(const Eigen::MatrixXd& A, const Eigen::VectorXd& c, Eigen::VectorXd& value,
                        Eigen::MatrixXd& grad, int block) {
    if (!symmetricKernelSums(A, c, value, grad, block)) kernelSums(A, A, c, value, grad, block);
}

void reluKernelSelfSums(const Eigen::MatrixXf& A, const Eigen::VectorXf& c, Eigen::VectorXf& value,
                        Eigen::MatrixXf& grad, int block) {
    if (!symmetricKernelSums(A, c, value, grad, block)) kernelSums(A, A, c, value, grad, block);
}

double reluNetworkScratchBytes(long students, long teachers, long dim, int threads, int numberBytes, int block) {
    const Eigen::Index width = std::min<Eigen::Index>(block, students);
    // The general path's scratch serves the student-teacher sums, and the student-student
    // ones where the symmetric path does not apply; it keeps the larger of the two sizes.
    const bool symmetric = symmetricApplies(students, dim, width, std::size_t(numberBytes));
    std::size_t general = generalLayout(students, teachers, width).total(threads);
    if (!symmetric) general = std::max(general, generalLayout(students, students, width).total(threads));
    const std::size_t numbers = general + (symmetric ? symmetricLayout(students, dim, width).total(threads) : 0);
    return double(numbers) * double(numberBytes);
}

}  // namespace flowscope
