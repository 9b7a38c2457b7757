#include "two_layer_network.hpp"

#include "ground_truth.hpp"
#include "relu_kernel.hpp"

namespace flowscope {

TwoLayerNetwork::TwoLayerNetwork(const Scenario& s)
    : activation_(activationNamed(s.network.activation)),
      risk_(s.network.risk == "population" ? Risk::Population
            : s.network.risk == "empirical" ? Risk::Empirical
                                            : Risk::MiniBatch),
      inputDim_(s.network.inputDim),
      dim_(s.positionDim()),
      bias_(s.network.bias),
      batchSize_(s.network.batchSize),
      // A teacher is realizable by a wide enough student, so without penalty the optimum is 0.
      optimum_(s.regularizer.kind == "none" || s.regularizer.lambda == 0.0 ? 0.0
                                                                           : std::numeric_limits<double>::quiet_NaN()) {
    Rng truthRng = streamRng(s.run.seed, Stream::Truth);
    teacher_.w = drawAmplitudes(s.truth, truthRng);
    teacher_.theta = drawUnitDirections(s.truth.count, dim_, s.truth.minSeparation, truthRng);
    if (risk_ == Risk::Population) {
        Eigen::MatrixXd unusedGrad;
        reluKernelSums(teacher_.theta, teacher_.theta, teacher_.w, teacherKernel_, unusedGrad);
        teacherEnergy_ = teacher_.w.dot(teacherKernel_);
    } else {
        Rng dataRng = streamRng(s.run.seed, Stream::Data);
        drawSamples(risk_ == Risk::Empirical ? s.network.samples : batchSize_, dataRng);
    }
}

void TwoLayerNetwork::drawSamples(int count, Rng& rng) {
    Eigen::MatrixXd x(inputDim_, count);
    for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = rng.normal();
    inputs_ = withBias(x);
    labels_ = predict(teacher_, teacher_.count(), x);
}

Eigen::MatrixXd TwoLayerNetwork::withBias(const Eigen::MatrixXd& points) const {
    if (!bias_) return points;
    Eigen::MatrixXd out(dim_, points.cols());
    out.topRows(inputDim_) = points;
    out.row(inputDim_).setOnes();
    return out;
}

void TwoLayerNetwork::beginStep(Rng& rng) {
    if (risk_ == Risk::MiniBatch) drawSamples(batchSize_, rng);
}

void TwoLayerNetwork::evaluate(const ParticleSet& p, double scale, Evaluation& out) {
    if (risk_ == Risk::Population) evaluatePopulation(p, scale, out);
    else evaluateSamples(p, scale, out);
}

void TwoLayerNetwork::evaluatePopulation(const ParticleSet& p, double scale, Evaluation& out) {
    const double m = p.count();
    // u_i = sum_l w_l k(theta_i, theta_l), v_i = sum_j a_j k(theta_i, theta*_j), and gradients.
    reluKernelSums(p.theta, p.theta, p.w, studentKernel_, studentKernelGrad_);
    reluKernelSums(p.theta, teacher_.theta, teacher_.w, teacherKernel_, teacherKernelGrad_);
    const double c = scale / m;
    out.loss = 0.5 * (c * c * p.w.dot(studentKernel_) - 2.0 * c * p.w.dot(teacherKernel_) + teacherEnergy_);
    out.field = scale * (c * studentKernel_ - teacherKernel_);
    out.fieldGrad = scale * (c * studentKernelGrad_ - teacherKernelGrad_);
}

void TwoLayerNetwork::evaluateSamples(const ParticleSet& p, double scale, Evaluation& out) {
    const double n = inputs_.cols(), m = p.count();
    preActivation_.noalias() = inputs_.transpose() * p.theta;  // n x m
    activate(activation_, preActivation_, activationValues_);
    residual_.noalias() = (scale / m) * activationValues_ * p.w;
    residual_ -= labels_;
    out.loss = 0.5 * residual_.squaredNorm() / n;
    out.field.noalias() = (scale / n) * activationValues_.transpose() * residual_;
    derivativeTimesRows(activation_, preActivation_, activationValues_, residual_);
    out.fieldGrad.noalias() = (scale / n) * inputs_ * preActivation_;
}

Eigen::VectorXd TwoLayerNetwork::predict(const ParticleSet& p, double scale, const Eigen::MatrixXd& points) const {
    const Eigen::MatrixXd z = withBias(points).transpose() * p.theta;
    Eigen::MatrixXd values;
    activate(activation_, z, values);
    return (p.count() > 0 ? scale / p.count() : 0.0) * (values * p.w);
}

Eigen::VectorXd TwoLayerNetwork::predictTruth(const Eigen::MatrixXd& points) const {
    return predict(teacher_, teacher_.count(), points);
}

}  // namespace flowscope
