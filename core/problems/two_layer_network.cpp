#include "two_layer_network.hpp"

#include <type_traits>

#include "cpu_kernels.hpp"
#include "data_csv.hpp"
#include "ground_truth.hpp"
#include "input_error.hpp"
#include "machine_memory.hpp"
#include "planar_datasets.hpp"
#include "parallel.hpp"
#include "relu_kernel.hpp"

namespace flowscope {

TwoLayerNetwork::TwoLayerNetwork(const Scenario& s)
    : activation_(s.network.activation),
      risk_(s.network.risk),
      loss_(s.network.loss),
      givenData_(s.usesGivenData()),
      inputDim_(s.network.inputDim),
      dim_(s.positionDim()),
      bias_(s.network.bias),
      batchSize_(s.network.batchSize),
      // A teacher is realizable by a wide enough student, so without penalty the optimum is 0.
      optimum_(s.regularizer.kind == RegularizerKind::None || s.regularizer.lambda == 0.0 ? 0.0
                                                                           : std::numeric_limits<double>::quiet_NaN()),
      threads_(resolveThreadCount(s.run.threads)),
      single_(s.run.precision == Precision::Float),
      plane_(s.usesPlaneKernel()) {
    if (givenData_) {
        useGivenData(s);
        return;
    }
    teacher_ = groundTruth(s);
    if (risk_ == Risk::Population) {
        Eigen::MatrixXd unusedGrad;
        Eigen::VectorXd teacherKernel;
        reluKernelSums(teacher_.theta, teacher_.theta, teacher_.w, teacherKernel, unusedGrad);
        teacherEnergy_ = teacher_.w.dot(teacherKernel);
        workFloat_.teacherTheta = teacher_.theta.cast<float>();
        workFloat_.teacherW = teacher_.w.cast<float>();
    } else {
        Rng dataRng = streamRng(s.truthSeed(), Stream::Data);
        drawSamples(risk_ == Risk::Empirical ? s.network.samples : batchSize_, dataRng);
        // The fixed samples, and a held-out share of them (mini-batches: as many fresh ones).
        Dataset drawn{inputs_.topRows(inputDim_), labels_};
        const Eigen::Index held = heldOutCount(s.network.samples, s.data.testFraction);
        if (risk_ == Risk::Empirical) {
            DataSplit split = splitData(drawn, s.data.testFraction, dataRng);
            train_ = std::move(split.train);
            test_ = std::move(split.test);
            if (held > 0) useSamples(train_);
        } else if (held > 0) {
            drawSamples(int(held), dataRng);
            test_ = Dataset{inputs_.topRows(inputDim_), labels_};
            useSamples(drawn);
        }
    }
}

// A CSV file or a built-in data set replaces the teacher (there is none to show), then is split.
void TwoLayerNetwork::useGivenData(const Scenario& s) {
    teacher_ = ParticleSet(0, dim_);
    optimum_ = std::numeric_limits<double>::quiet_NaN();
    Rng dataRng = streamRng(s.truthSeed(), Stream::Data);
    const Dataset all = s.usesDataFile() ? loadDataCsv(s.data.file, inputDim_, loss_)
                                                      : drawPlanarDataset(s.data.kind, s.data.samples, s.data.noise, dataRng);
    // The file's size was bounded before reading; the evaluation's n x m buffer is checked here.
    const double bytes = 2.0 * double(all.size()) * double(s.particleCount) * (single_ ? 4.0 : 8.0);
    if (risk_ == Risk::Empirical && bytes > usableMemoryBytes())
        throw InputError("key 'data.file' = \"" + s.data.file + "\": " + std::to_string(all.size()) + " samples and " +
                         std::to_string(s.particleCount) + " particles need about " + std::to_string(bytes / 1e9) +
                         " GB, more than this machine can give");
    DataSplit split = splitData(all, s.data.testFraction, dataRng);
    train_ = std::move(split.train);
    test_ = std::move(split.test);
    if (risk_ == Risk::Empirical) useSamples(train_);
    else drawBatch(dataRng);  // replaced at every step; the first batch makes the buffers
}

void TwoLayerNetwork::useSamples(const Dataset& samples) {
    inputs_ = withBias(samples.inputs);
    labels_ = samples.labels;
    if (single_) {
        workFloat_.inputs = inputs_.cast<float>();
        workFloat_.labels = labels_.cast<float>();
    }
}

// batchSize_ training samples drawn uniformly with replacement, into the kept buffers.
void TwoLayerNetwork::drawBatch(Rng& rng) {
    const Eigen::Index n = train_.size();
    batchIndices_.resize(batchSize_);
    for (auto& index : batchIndices_) index = std::min<Eigen::Index>(n - 1, Eigen::Index(rng.uniform() * double(n)));
    inputs_.resize(dim_, batchSize_);
    labels_.resize(batchSize_);
    for (int k = 0; k < batchSize_; ++k) {
        inputs_.col(k).head(inputDim_) = train_.inputs.col(batchIndices_[k]);
        labels_[k] = train_.labels[batchIndices_[k]];
    }
    if (bias_) inputs_.row(inputDim_).setOnes();
    if (single_) {
        workFloat_.inputs = inputs_.cast<float>();
        workFloat_.labels = labels_.cast<float>();
    }
}

// Draws into the kept buffers (same draw order as one dim x n matrix of normals), so a
// fresh mini-batch per step allocates nothing.
void TwoLayerNetwork::drawSamples(int count, Rng& rng) {
    inputs_.resize(dim_, count);
    for (int k = 0; k < count; ++k)
        for (int row = 0; row < inputDim_; ++row) inputs_(row, k) = rng.normal();
    if (bias_) inputs_.row(inputDim_).setOnes();
    // Labels f*(x) = sum_j a_j sigma(theta*_j . x), the teacher's predictor without 1/m0.
    teacherValues_.noalias() = inputs_.transpose() * teacher_.theta;
    activateInPlace(activation_, teacherValues_);
    labels_.noalias() = teacherValues_ * teacher_.w;
    if (loss_ == LossKind::Logistic)  // classification: the teacher's sign
        for (Eigen::Index k = 0; k < labels_.size(); ++k) labels_[k] = labels_[k] >= 0.0 ? 1.0 : -1.0;
    if (single_) {
        workFloat_.inputs = inputs_.cast<float>();
        workFloat_.labels = labels_.cast<float>();
    }
}

Eigen::MatrixXd TwoLayerNetwork::withBias(const Eigen::MatrixXd& points) const {
    if (!bias_) return points;
    Eigen::MatrixXd out(dim_, points.cols());
    out.topRows(inputDim_) = points;
    out.row(inputDim_).setOnes();
    return out;
}

void TwoLayerNetwork::beginStep(Rng& rng) {
    if (risk_ != Risk::MiniBatch) return;
    if (givenData_) drawBatch(rng);
    else drawSamples(batchSize_, rng);
}

void TwoLayerNetwork::evaluate(const ParticleSet& p, double scale, Evaluation& out) {
    useThreads(threads_);
    if (single_) return evaluateInFloat(p, scale, out);
    out.field.resize(p.count());
    out.fieldGrad.resize(dim_, p.count());
    if (risk_ == Risk::Population) {
        out.loss = evaluatePopulation(p.theta, p.w, teacher_.theta, teacher_.w, scale, work_, out.field, out.fieldGrad);
        return;
    }
    const LossSums sums = evaluateSamples(inputs_, labels_, p.theta, p.w, scale, work_, out.field, out.fieldGrad);
    out.loss = sums.loss;
    out.accuracy = sums.accuracy;
}

// The state stays double; positions and weights are cast in, the field cast back out.
void TwoLayerNetwork::evaluateInFloat(const ParticleSet& p, double scale, Evaluation& out) {
    Work<float>& f = workFloat_;
    f.theta = p.theta.cast<float>();
    f.w = p.w.cast<float>();
    if (risk_ == Risk::Population) {
        out.loss = evaluatePopulation(f.theta, f.w, f.teacherTheta, f.teacherW, scale, f, f.field, f.fieldGrad);
    } else {
        const LossSums sums = evaluateSamples(f.inputs, f.labels, f.theta, f.w, scale, f, f.field, f.fieldGrad);
        out.loss = sums.loss;
        out.accuracy = sums.accuracy;
    }
    out.field = f.field.cast<double>();
    out.fieldGrad = f.fieldGrad.cast<double>();
}

template <class S>
double TwoLayerNetwork::evaluatePopulation(const Eigen::Matrix<S, -1, -1>& theta, const Eigen::Matrix<S, -1, 1>& w,
                                           const Eigen::Matrix<S, -1, -1>& teacherTheta,
                                           const Eigen::Matrix<S, -1, 1>& teacherW, double scale, Work<S>& work,
                                           Eigen::Matrix<S, -1, 1>& field, Eigen::Matrix<S, -1, -1>& fieldGrad) {
    const double cd = scale / double(theta.cols());
    ReluPlaneKernel::FieldTotals totals{};
    if (!plane_) {
        reluKernelSelfSums(theta, w, work.kernel, work.kernelGrad);
        reluKernelSums(theta, teacherTheta, teacherW, work.teacherKernel, work.teacherKernelGrad);
        const S c = S(cd), sc = S(scale);
        field.noalias() = sc * (c * work.kernel - work.teacherKernel);
        fieldGrad.noalias() = sc * (c * work.kernelGrad - work.teacherKernelGrad);
        totals.self = w.template cast<double>().dot(work.kernel.template cast<double>());
        totals.truth = w.template cast<double>().dot(work.teacherKernel.template cast<double>());
    } else if constexpr (std::is_same_v<S, double>) {
        totals = planeStudents_.field(theta, w, planeTeacher_, teacherTheta, teacherW, scale * cd, scale, field, fieldGrad);
    } else {
        planeTheta_ = theta.template cast<double>();
        planeW_ = w.template cast<double>();
        totals = planeStudents_.field(planeTheta_, planeW_, planeTeacher_, teacher_.theta, teacher_.w, scale * cd, scale,
                                      planeField_, planeFieldGrad_);
        field = planeField_.cast<S>();
        fieldGrad = planeFieldGrad_.cast<S>();
    }
    return 0.5 * (cd * cd * totals.self - 2.0 * cd * totals.truth + teacherEnergy_);
}

// With Z = X^T Theta (n x m) and r = dl/df (f - y for the quadratic loss):
//   field = scale sigma(Z)^T r / n,   fieldGrad = scale X (sigma'(Z) . r) / n.
// Z is worked on in chunks of columns small enough to stay in the core's L2 cache between a
// chunk's product and its elementwise passes, in two sweeps:
//   sweep 1, per chunk: Z = X^T Theta, sigma (in place for the sigmoid), the chunk's share of sigma(Z) w;
//   then f = (scale/m) sum of the shares, added in chunk order, and r = dl/df from it;
//   sweep 2, per chunk: sigma'(Z) r into a chunk buffer, fieldGrad = X (that), and field.
// The sigmoid keeps sigma(Z) whole (n x m) for sweep 2, which reads it back from memory:
// field = sigma(Z)^T r, and sigma' = sigma (1 - sigma). The ReLU keeps only the signs of Z,
// a bit each: it is positively homogeneous, relu(z) = z relu'(z), and z_kj = x_k . theta_j,
// so field_j = (scale/n) sum_k z_kj [z_kj > 0] r_k = theta_j . fieldGrad_j. Its chunk of Z
// never leaves the cache (its output term is added as each unit's ReLU is taken), sweep 2
// reads a 32nd (float) or a 64th of Z's bytes, and writes relu'(Z) r straight in the layout
// the second product's kernel reads.
// Threads take whole chunks. The chunks do not depend on the thread count, and a column's
// products do not depend on its chunk, so neither do the results.
template <class S>
LossSums TwoLayerNetwork::evaluateSamples(const Eigen::Matrix<S, -1, -1>& X, const Eigen::Matrix<S, -1, 1>& labels,
                                        const Eigen::Matrix<S, -1, -1>& theta, const Eigen::Matrix<S, -1, 1>& w,
                                        double scale, Work<S>& work, Eigen::Matrix<S, -1, 1>& field,
                                        Eigen::Matrix<S, -1, -1>& fieldGrad) {
    const Eigen::Index n = X.cols(), m = theta.cols(), d = X.rows();
    constexpr double kChunkBytes = 512.0 * 1024.0;  // half of a 1 MiB L2: room for X and the packing buffers
    const auto fitting = static_cast<Eigen::Index>(kChunkBytes / (double(n) * sizeof(S)));
    const Eigen::Index width = std::min(m, std::max<Eigen::Index>(64, fitting / 8 * 8));
    const Eigen::Index chunks = (m + width - 1) / width;
    const bool sigmoid = activation_ == Activation::Sigmoid;
    auto& r = work.residual;
    auto& shares = work.residualShares;
    const std::size_t signWords = std::size_t(n + 63) / 64;  // per unit
    if (sigmoid) work.z.resize(n, m);
    else work.positive.resize(signWords * std::size_t(m));
    r.resize(n);
    shares.resize(n, chunks);
    field.resize(m);
    fieldGrad.resize(d, m);
    const S perUnit = S(scale / double(m)), perSample = S(scale / double(n));
    const double activationCost = sigmoid ? 20.0 : 1.0;  // an exp, or a max
    const double workPerChunk = double(n) * double(width) * (2.0 * double(d) + activationCost + 2.0);
    if (work.perThread.size() < std::size_t(maxThreads())) work.perThread.resize(maxThreads());
    // The elementwise passes with the processor's widest vectors (cpu_kernels.hpp); the
    // products too, through KeptProduct.
    const CpuKernelOps<S>& kernels = cpuKernels().ops<S>();
    const auto signs = [&](Eigen::Index unit) { return work.positive.data() + std::size_t(unit) * signWords; };
    parallelFor(2, double(n) * double(d), [&](Eigen::Index which) {
        if (which == 0) work.samplesTransposed.packTransposed(X, width);
        else work.samples.packPlain(X, width);
    });
    parallelFor(chunks, workPerChunk, [&](Eigen::Index c) {
        const Eigen::Index start = c * width, cols = std::min(width, m - start);
        auto& mine = work.perThread[threadIndex()];
        if (!sigmoid) mine.z.resize(n, width);  // the same size every time: allocates once
        auto chunk = sigmoid ? work.z.middleCols(start, cols) : mine.z.leftCols(cols);
        // the first product: 2 n d m flops in all
        mine.products[0].timesPacked(S(1), work.samplesTransposed, theta.middleCols(start, cols), chunk);
        if (sigmoid) {
            for (Eigen::Index i = 0; i < cols; ++i) kernels.sigmoid(chunk.col(i).data(), n);
            shares.col(c).noalias() = chunk * w.segment(start, cols);
        } else {
            shares.col(c).setZero();
            for (Eigen::Index i = 0; i < cols; ++i)
                kernels.reluOutputAndSigns(chunk.col(i).data(), w[start + i], shares.col(c).data(), signs(start + i), n);
        }
    });
    r.noalias() = perUnit * shares.rowwise().sum();  // f on the samples
    const LossSums sums = lossDerivativeInPlace(loss_, r, labels);  // now r = dl/df
    // sigma'(Z) r goes to a chunk-sized buffer of the thread rather than over Z: Z is then
    // only read in this sweep, and no dirty n x m buffer is written back to memory.
    parallelFor(chunks, workPerChunk, [&](Eigen::Index c) {
        const Eigen::Index start = c * width, cols = std::min(width, m - start);
        auto& mine = work.perThread[threadIndex()];
        auto& derivative = mine.derivative;
        derivative.resize(n, width);  // the same size every time: allocates once
        auto grads = fieldGrad.middleCols(start, cols);
        if (sigmoid) {
            for (Eigen::Index i = 0; i < cols; ++i)
                field[start + i] = perSample * kernels.sigmoidDerivativeTimes(work.z.col(start + i).data(), r.data(),
                                                                              derivative.col(i).data(), n);
            mine.products[1].timesPacked(perSample, work.samples, derivative.leftCols(cols), grads);  // the second
        } else {
            // relu'(Z) r straight into the product kernel's layout: nothing to pack.
            kernels.signsTimesPacked(signs(start), std::ptrdiff_t(signWords), r.data(), derivative.data(), n, cols);
            work.samples.timesPackedRight(perSample, derivative.data(), cols, grads);  // the second
            for (Eigen::Index i = 0; i < cols; ++i) field[start + i] = theta.col(start + i).dot(grads.col(i));
        }
    });
    return sums;
}

Eigen::VectorXd TwoLayerNetwork::predict(const ParticleSet& p, double scale, const Eigen::MatrixXd& points) const {
    // Block by block of units: every unit at every point at once would be points x m values,
    // 4.6 GB for the window's 576 points at a million units.
    constexpr Eigen::Index kBlock = 4096;
    const Eigen::MatrixXd inputs = withBias(points).transpose();
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(points.cols());
    Eigen::MatrixXd values;
    for (Eigen::Index start = 0; start < p.count(); start += kBlock) {
        const Eigen::Index cols = std::min<Eigen::Index>(kBlock, p.count() - start);
        values.noalias() = inputs * p.theta.middleCols(start, cols);
        activateInPlace(activation_, values);  // the same units as the evaluation's
        sum.noalias() += values * p.w.segment(start, cols);
    }
    return (p.count() > 0 ? scale / p.count() : 0.0) * sum;
}

HeldOutMetrics TwoLayerNetwork::heldOut(const ParticleSet& p, double scale) const {
    if (test_.size() == 0) return {};
    const LossSums sums = meanLoss(loss_, predict(p, scale, test_.inputs), test_.labels);
    return {sums.loss, sums.accuracy};
}

Eigen::VectorXd TwoLayerNetwork::predictTruth(const Eigen::MatrixXd& points) const {
    return predict(teacher_, teacher_.count(), points);
}

}  // namespace flowscope
