#pragma once
// Problem B: a two-layer network in a teacher-student setting.
//   inputs  x ~ N(0, I_d), with a constant coordinate 1 appended when bias is on;
//   teacher f*(x) = sum_j a_j sigma(theta*_j . x), unit-norm theta*_j;
//   student f(x)  = (scale/m) sum_i w_i sigma(theta_i . x);
//   loss    R = 1/2 E[(f(x) - f*(x))^2],
// with the expectation taken exactly (ReLU without bias: a quadratic form in the
// weights over the ReLU kernel), over n fixed samples, or over a fresh mini-batch drawn
// at every step. For samples, with Z = X^T Theta (n x m) and residual r = f - y:
//   field = scale sigma(Z)^T r / n,   fieldGrad = scale X (sigma'(Z) . r) / n.
#include "activation.hpp"
#include "problem.hpp"
#include "rng.hpp"
#include "scenario.hpp"

namespace flowscope {

class TwoLayerNetwork : public Problem {
public:
    enum class Risk { Population, Empirical, MiniBatch };

    explicit TwoLayerNetwork(const Scenario& scenario);

    int positionDim() const override { return dim_; }
    bool periodic() const override { return false; }
    void evaluate(const ParticleSet& particles, double scale, Evaluation& out) override;
    void beginStep(Rng& rng) override;
    const ParticleSet& truth() const override { return teacher_; }
    double optimalObjective() const override { return optimum_; }
    Eigen::VectorXd predict(const ParticleSet& particles, double scale, const Eigen::MatrixXd& points) const override;
    Eigen::VectorXd predictTruth(const Eigen::MatrixXd& points) const override;

    Risk risk() const { return risk_; }
    int inputDim() const { return inputDim_; }
    // The current samples (dim x n, bias row included) and the teacher's labels.
    const Eigen::MatrixXd& inputs() const { return inputs_; }

private:
    void evaluatePopulation(const ParticleSet& particles, double scale, Evaluation& out);
    void evaluateSamples(const ParticleSet& particles, double scale, Evaluation& out);
    void drawSamples(int count, Rng& rng);
    Eigen::MatrixXd withBias(const Eigen::MatrixXd& points) const;

    Activation activation_;
    Risk risk_;
    int inputDim_, dim_;
    bool bias_;
    int batchSize_;
    double optimum_;
    ParticleSet teacher_;
    double teacherEnergy_ = 0.0;  // sum_{j,j'} a_j a_j' k(theta*_j, theta*_j')
    Eigen::MatrixXd inputs_;      // dim x n
    Eigen::VectorXd labels_;      // f*(x) on the samples
    // Work buffers, kept between steps so the hot loop does not allocate.
    Eigen::MatrixXd preActivation_, activationValues_;
    Eigen::VectorXd residual_, studentKernel_, teacherKernel_;
    Eigen::MatrixXd studentKernelGrad_, teacherKernelGrad_;
};

}  // namespace flowscope
