#pragma once
// Problem A: sparse spikes deconvolution on the torus [0,1)^dim (dim = 1 or 2).
// Observations y(x_k) = sum_j a_j psi(x_k - theta*_j) + noise at n regular points,
// loss R(f) = (1/2N) sum_k (f(x_k) - y_k)^2 over the N = n^dim samples, with
// f = (scale/m) sum_i w_i psi(x - theta_i).
//
// Everything is computed on the filter's Fourier coefficients: with n > 2K the samples
// see each frequency |k| <= K exactly once (discrete orthogonality), so
//   R = 1/2 sum_{|k|<=K} |F_k - Y_k|^2 + 1/2 (out-of-band energy of y),
//   F_k = c_k (scale/m) sum_i w_i e^{-2 pi i k.theta_i},  Y_k = (1/N) sum_x y(x) e^{-2 pi i k.x},
// and one evaluation costs O(m K^dim + K^dim) instead of O(m N).
#include <complex>
#include <vector>

#include "problem.hpp"
#include "scenario.hpp"
#include "torus_kernel.hpp"

namespace flowscope {

class Deconvolution : public Problem {
public:
    // The truth as the scenario gives or draws it (groundTruth); the noise from its truth seed.
    explicit Deconvolution(const Scenario& scenario);

    int positionDim() const override { return dim_; }
    bool periodic() const override { return true; }
    void evaluate(const ParticleSet& particles, double scale, Evaluation& out) override;
    const ParticleSet& truth() const override { return truth_; }
    Eigen::VectorXd predict(const ParticleSet& particles, double scale, const Eigen::MatrixXd& points) const override;
    Eigen::VectorXd predictTruth(const Eigen::MatrixXd& points) const override;

    const TorusKernel& kernel() const { return kernel_; }
    int samplesPerAxis() const { return n_; }
    // The observation points (dim x N) and values y (N).
    Eigen::MatrixXd samplePoints() const;
    const Eigen::VectorXd& observations() const { return observations_; }

private:
    using Complex = std::complex<double>;
    // Particles per vectorized block: two AVX2 registers, 8 doubles or 16 floats.
    template <class S>
    static constexpr int kLanes = 64 / int(sizeof(S));
    static constexpr int kChunk = 8192;  // particles per partial spectrum (a unit of thread work)
    template <class S>
    struct Block;
    // The 1-D work buffers of one precision, kept between steps so a step allocates nothing.
    template <class S>
    struct Work1d {
        std::vector<S> laneSums;      // per chunk and lane, partial sums of w z^k
        std::vector<S> coefficients;  // c_k D_k folded with the field's constants
        std::vector<S> phases;        // e^{-2 pi i theta} of every particle, by blocks
    };
    // 1-D evaluates its particles in S (run.precision); 2-D always in double.
    template <class S>
    void evaluate1d(const ParticleSet& particles, double scale, Evaluation& out, Work1d<S>& work);
    void evaluate2d(const ParticleSet& particles, double scale, Evaluation& out);
    double filter(int k) const { return kernel_.coefficients()[std::abs(k)]; }

    int dim_;
    TorusKernel kernel_;
    int n_;
    int threads_;
    bool single_;                            // run.precision = float (1-D only, see evaluate1d)
    ParticleSet truth_;
    Eigen::VectorXd observations_;
    std::vector<Complex> observedSpectrum_;  // Y_k: k = 0..K in 1-D; all (2K+1)^2 in 2-D
    double outOfBandEnergy_ = 0.0;
    std::vector<Complex> spectrum_;          // work buffer for F_k - Y_k (double in both precisions)
    std::vector<Complex> powers_;            // 2-D work buffer for e^{-2 pi i k theta}
    Work1d<double> work_;
    Work1d<float> workFloat_;
};

}  // namespace flowscope
