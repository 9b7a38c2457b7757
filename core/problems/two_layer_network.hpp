#pragma once
// Problem B: a two-layer network in a teacher-student setting, or on given data.
//   inputs  x ~ N(0, I_d), with a constant coordinate 1 appended when bias is on;
//   teacher f*(x) = sum_j a_j sigma(theta*_j . x), unit-norm theta*_j;
//   student f(x)  = (scale/m) sum_i w_i sigma(theta_i . x);
//   loss    R = 1/2 E[(f(x) - f*(x))^2],
// with the expectation taken exactly (ReLU without bias: a quadratic form in the
// weights over the ReLU kernel), over n fixed samples, or over a fresh mini-batch drawn
// at every step. For samples, with Z = X^T Theta (n x m) and r = dl/df (sample_loss.hpp:
// the residual f - y for the quadratic loss, -y / (1 + exp(y f)) for the logistic one):
//   field = scale sigma(Z)^T r / n,   fieldGrad = scale X (sigma'(Z) . r) / n.
// Given data (data.kind: a CSV file or a built-in set of the plane) replaces the teacher's
// samples; a mini-batch then draws training samples with replacement. A share of the
// samples may be held out as a test set (data.test_fraction).
#include <array>
#include <cstdint>
#include <vector>

#include "activation.hpp"
#include "dataset.hpp"
#include "kept_product.hpp"
#include "problem.hpp"
#include "relu_plane_kernel.hpp"
#include "rng.hpp"
#include "sample_loss.hpp"
#include "scenario.hpp"

namespace flowscope {

class TwoLayerNetwork : public Problem {
public:
    using Risk = RiskKind;

    explicit TwoLayerNetwork(const Scenario& scenario);

    int positionDim() const override { return dim_; }
    bool periodic() const override { return false; }
    void evaluate(const ParticleSet& particles, double scale, Evaluation& out) override;
    void beginStep(Rng& rng) override;
    const ParticleSet& truth() const override { return teacher_; }
    double optimalObjective() const override { return optimum_; }
    Eigen::VectorXd predict(const ParticleSet& particles, double scale, const Eigen::MatrixXd& points) const override;
    Eigen::VectorXd predictTruth(const Eigen::MatrixXd& points) const override;
    HeldOutMetrics heldOut(const ParticleSet& particles, double scale) const override;

    Risk risk() const { return risk_; }
    int inputDim() const { return inputDim_; }
    // The current samples (dim x n, bias row included) and the teacher's labels.
    const Eigen::MatrixXd& inputs() const { return inputs_; }
    LossKind loss() const { return loss_; }
    // The fixed training samples (without the bias row; empty for the teacher's fresh
    // mini-batches) and the held-out test samples (empty without data.test_fraction).
    const Dataset& trainingSet() const { return train_; }
    const Dataset& testSet() const { return test_; }

private:
    // Work buffers of one precision, kept between steps so the hot loop does not allocate.
    template <class S>
    struct Work {
        using Matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
        using Vector = Eigen::Matrix<S, Eigen::Dynamic, 1>;
        // What each thread of a sweep over column chunks keeps for itself.
        struct PerThread {
            std::array<KeptProduct<S>, 2> products;  // the step's two products
            Matrix derivative;                       // n x chunk: sigma'(Z) r of the chunk at hand
            Matrix z;                                // n x chunk: the ReLU's Z of the chunk at hand
        };
        // The samples packed once per step as the left factor of both products (X^T Theta,
        // X D): every chunk of units meets them, so each chunk no longer packs them again.
        PackedLeft<S> samplesTransposed, samples;
        Matrix inputs, theta, teacherTheta;  // float: copies of the double state; double: unused
        Vector w, labels, teacherW;
        Matrix z;                            // n x m: the sigmoid's pre-activations, then sigma
        std::vector<std::uint64_t> positive;  // the ReLU's signs of Z, a bit each (cpu_kernels.hpp), column by column
        Matrix residualShares;               // n x chunks: each column chunk's share of sigma(Z) w
        std::vector<PerThread> perThread;
        Vector residual, field, kernel, teacherKernel;
        Matrix fieldGrad, kernelGrad, teacherKernelGrad;
    };
    // The population risk and its field from u_i = sum_l w_l k(theta_i, theta_l) and
    // v_i = sum_j a_j k(theta_i, theta*_j): pairwise (work.kernel and work.teacherKernel), or
    // by angle in the plane, where the field is written directly (ReluPlaneKernel::field).
    template <class S>
    double evaluatePopulation(const Eigen::Matrix<S, -1, -1>& theta, const Eigen::Matrix<S, -1, 1>& w,
                              const Eigen::Matrix<S, -1, -1>& teacherTheta, const Eigen::Matrix<S, -1, 1>& teacherW,
                              double scale, Work<S>& work, Eigen::Matrix<S, -1, 1>& field,
                              Eigen::Matrix<S, -1, -1>& fieldGrad);
    template <class S>
    LossSums evaluateSamples(const Eigen::Matrix<S, -1, -1>& inputs, const Eigen::Matrix<S, -1, 1>& labels,
                           const Eigen::Matrix<S, -1, -1>& theta, const Eigen::Matrix<S, -1, 1>& w, double scale,
                           Work<S>& work, Eigen::Matrix<S, -1, 1>& field, Eigen::Matrix<S, -1, -1>& fieldGrad);
    void evaluateInFloat(const ParticleSet& particles, double scale, Evaluation& out);
    void drawSamples(int count, Rng& rng);
    void useGivenData(const Scenario& s);
    void useSamples(const Dataset& samples);
    void drawBatch(Rng& rng);
    Eigen::MatrixXd withBias(const Eigen::MatrixXd& points) const;

    Activation activation_;
    Risk risk_;
    LossKind loss_;
    bool givenData_;
    int inputDim_, dim_;
    bool bias_;
    int batchSize_;
    double optimum_;
    int threads_;
    bool single_;                 // run.precision = float: evaluate in single precision
    bool plane_;                  // the population risk summed by angle (Scenario::usesPlaneKernel)
    ReluPlaneKernel planeStudents_, planeTeacher_;
    // A float run's plane sums are taken in double: its state and the field, rounded after.
    Eigen::MatrixXd planeTheta_, planeFieldGrad_;
    Eigen::VectorXd planeW_, planeField_;
    ParticleSet teacher_;
    double teacherEnergy_ = 0.0;  // sum_{j,j'} a_j a_j' k(theta*_j, theta*_j')
    Eigen::MatrixXd inputs_;      // dim x n
    Eigen::VectorXd labels_;      // f*(x) on the samples
    Eigen::MatrixXd teacherValues_;  // n x m0 buffer for the labels of a fresh mini-batch
    Dataset train_, test_;
    std::vector<Eigen::Index> batchIndices_;  // kept: a mini-batch of given data allocates nothing
    Work<double> work_;
    Work<float> workFloat_;
};

}  // namespace flowscope
