#include "deconvolution.hpp"

#include <cmath>

#include "ground_truth.hpp"
#include "input_error.hpp"
#include "rng.hpp"

namespace flowscope {

namespace {
std::complex<double> unitPhase(double turns) {  // e^{-2 pi i turns}
    return std::polar(1.0, -2.0 * M_PI * turns);
}
}  // namespace

Deconvolution::Deconvolution(const Scenario& scenario)
    : dim_(scenario.deconvolution.dimension),
      kernel_(scenario.deconvolution.kernel == "gaussian" ? TorusKernel::gaussian(scenario.deconvolution.width)
                                                           : TorusKernel::dirichlet(scenario.deconvolution.order)),
      n_(scenario.deconvolution.samples) {
    const int K = kernel_.order();
    if (n_ <= 2 * K)
        throw InputError("key 'deconvolution.samples' = " + std::to_string(n_) + " must exceed twice the filter's " +
                         "highest frequency (2K = " + std::to_string(2 * K) + ")");
    Rng truthRng = streamRng(scenario.run.seed, Stream::Truth);
    truth_.w = drawAmplitudes(scenario.truth, truthRng);
    truth_.theta = drawSpikePositions(scenario.truth.count, dim_, scenario.truth.minSeparation, truthRng);

    // Noise-free observations are the truth's predictor (with weights a_j and no 1/m).
    const Eigen::MatrixXd points = samplePoints();
    observations_ = predictTruth(points);
    Rng dataRng = streamRng(scenario.run.seed, Stream::Data);
    for (Eigen::Index k = 0; k < observations_.size(); ++k)
        observations_[k] += scenario.deconvolution.noise * dataRng.normal();

    // Y_k = (1/N) sum_x y(x) e^{-2 pi i k.x} for the band's frequencies.
    const int width = 2 * K + 1;
    const double N = static_cast<double>(observations_.size());
    double inBand = 0.0;
    if (dim_ == 1) {
        observedSpectrum_.assign(K + 1, 0.0);
        for (int k = 0; k <= K; ++k) {
            for (int s = 0; s < n_; ++s) observedSpectrum_[k] += observations_[s] * unitPhase(double(k) * s / n_);
            observedSpectrum_[k] /= N;
            inBand += (k == 0 ? 1.0 : 2.0) * std::norm(observedSpectrum_[k]);
        }
    } else {
        observedSpectrum_.assign(width * width, 0.0);
        for (int k1 = -K; k1 <= K; ++k1)
            for (int k2 = -K; k2 <= K; ++k2) {
                Complex sum = 0.0;
                for (int s = 0; s < observations_.size(); ++s)
                    sum += observations_[s] * unitPhase(k1 * points(0, s) + k2 * points(1, s));
                observedSpectrum_[(k1 + K) * width + (k2 + K)] = sum / N;
                inBand += std::norm(sum / N);
            }
    }
    // Parseval: (1/N) sum y^2 = sum over all frequencies |Y_k|^2.
    outOfBandEnergy_ = std::max(0.0, observations_.squaredNorm() / N - inBand);
}

Eigen::MatrixXd Deconvolution::samplePoints() const {
    if (dim_ == 1) return Eigen::RowVectorXd::LinSpaced(n_, 0.0, double(n_ - 1) / n_);
    Eigen::MatrixXd points(2, n_ * n_);
    for (int a = 0; a < n_; ++a)
        for (int b = 0; b < n_; ++b) points.col(a * n_ + b) << double(a) / n_, double(b) / n_;
    return points;
}

void Deconvolution::evaluate(const ParticleSet& particles, double scale, Evaluation& out) {
    out.field.resize(particles.count());
    out.fieldGrad.resize(dim_, particles.count());
    if (dim_ == 1) evaluate1d(particles, scale, out);
    else evaluate2d(particles, scale, out);
}

// 1-D: frequencies k >= 0 suffice, since F_-k = conj(F_k) for a real predictor.
void Deconvolution::evaluate1d(const ParticleSet& p, double scale, Evaluation& out) {
    const int K = kernel_.order(), m = p.count();
    spectrum_.assign(K + 1, 0.0);
    for (int i = 0; i < m; ++i) {
        const Complex z = unitPhase(p.theta(0, i));
        Complex power = p.w[i];
        for (int k = 0; k <= K; ++k) {
            spectrum_[k] += power;
            power *= z;
        }
    }
    double loss = outOfBandEnergy_;
    for (int k = 0; k <= K; ++k) {
        spectrum_[k] = filter(k) * (scale / m) * spectrum_[k] - observedSpectrum_[k];  // D_k = F_k - Y_k
        loss += (k == 0 ? 1.0 : 2.0) * std::norm(spectrum_[k]);
    }
    out.loss = 0.5 * loss;
    // field(theta) = scale sum_k c_k e^{-2 pi i k theta} conj(D_k); pairing k with -k:
    //   = scale [c_0 D_0 + 2 sum_{k>=1} c_k Re(z^k conj(D_k))],  z = e^{-2 pi i theta}
    // and its derivative is scale sum_{k>=1} 4 pi k c_k Im(z^k conj(D_k)).
    for (int i = 0; i < m; ++i) {
        const Complex z = unitPhase(p.theta(0, i));
        Complex power = z;
        double value = filter(0) * spectrum_[0].real(), slope = 0.0;
        for (int k = 1; k <= K; ++k) {
            const Complex term = filter(k) * power * std::conj(spectrum_[k]);
            value += 2.0 * term.real();
            slope += 4.0 * M_PI * k * term.imag();
            power *= z;
        }
        out.field[i] = scale * value;
        out.fieldGrad(0, i) = scale * slope;
    }
}

// 2-D: all (2K+1)^2 frequencies, sums taken over the full square (their imaginary
// parts cancel).
void Deconvolution::evaluate2d(const ParticleSet& p, double scale, Evaluation& out) {
    const int K = kernel_.order(), width = 2 * K + 1, m = p.count();
    spectrum_.assign(width * width, 0.0);
    powers_.resize(2 * width);
    auto fillPowers = [&](int i) {  // powers_[axis * width + k + K] = e^{-2 pi i k theta_axis}
        for (int axis = 0; axis < 2; ++axis) {
            const Complex z = unitPhase(p.theta(axis, i));
            Complex* row = &powers_[axis * width + K];
            row[0] = 1.0;
            for (int k = 1; k <= K; ++k) {
                row[k] = row[k - 1] * z;
                row[-k] = std::conj(row[k]);
            }
        }
    };
    for (int i = 0; i < m; ++i) {
        fillPowers(i);
        for (int a = 0; a < width; ++a) {
            const Complex left = p.w[i] * powers_[a];
            for (int b = 0; b < width; ++b) spectrum_[a * width + b] += left * powers_[width + b];
        }
    }
    double loss = outOfBandEnergy_;
    for (int a = 0; a < width; ++a)
        for (int b = 0; b < width; ++b) {
            Complex& d = spectrum_[a * width + b];
            d = filter(a - K) * filter(b - K) * (scale / m) * d - observedSpectrum_[a * width + b];
            loss += std::norm(d);
        }
    out.loss = 0.5 * loss;
    for (int i = 0; i < m; ++i) {
        fillPowers(i);
        double value = 0.0, slope0 = 0.0, slope1 = 0.0;
        for (int a = 0; a < width; ++a)
            for (int b = 0; b < width; ++b) {
                const Complex term = filter(a - K) * filter(b - K) * powers_[a] * powers_[width + b] *
                                     std::conj(spectrum_[a * width + b]);
                value += term.real();
                // d/dtheta of e^{-2 pi i k theta} is -2 pi i k e^{...}: Re(-2 pi i k t) = 2 pi k Im t.
                slope0 += 2.0 * M_PI * (a - K) * term.imag();
                slope1 += 2.0 * M_PI * (b - K) * term.imag();
            }
        out.field[i] = scale * value;
        out.fieldGrad(0, i) = scale * slope0;
        out.fieldGrad(1, i) = scale * slope1;
    }
}

// Through the Fourier series, so that drawing the reconstruction of 10^6 particles
// costs O(m K^dim + points K^dim), not O(m points).
Eigen::VectorXd Deconvolution::predict(const ParticleSet& p, double scale, const Eigen::MatrixXd& points) const {
    const int K = kernel_.order(), width = 2 * K + 1, m = p.count();
    const int size = dim_ == 1 ? width : width * width;
    std::vector<Complex> spectrum(size, 0.0), phase(2 * width);
    auto fillPhase = [&](const auto& x, double sign) {  // phase[axis * width + k + K] = e^{-2 pi i sign k x_axis}
        for (int axis = 0; axis < dim_; ++axis)
            for (int k = -K; k <= K; ++k) phase[axis * width + k + K] = unitPhase(sign * k * x[axis]);
    };
    auto index = [&](int a, int b) { return dim_ == 1 ? a : a * width + b; };
    for (int i = 0; i < m; ++i) {
        fillPhase(p.theta.col(i), 1.0);
        for (int a = 0; a < width; ++a)
            for (int b = 0; b < (dim_ == 1 ? 1 : width); ++b)
                spectrum[index(a, b)] += p.w[i] * phase[a] * (dim_ == 1 ? 1.0 : phase[width + b]);
    }
    Eigen::VectorXd f(points.cols());
    for (Eigen::Index s = 0; s < points.cols(); ++s) {
        fillPhase(points.col(s), -1.0);
        Complex sum = 0.0;
        for (int a = 0; a < width; ++a)
            for (int b = 0; b < (dim_ == 1 ? 1 : width); ++b)
                sum += filter(a - K) * (dim_ == 1 ? 1.0 : filter(b - K)) * spectrum[index(a, b)] * phase[a] *
                       (dim_ == 1 ? 1.0 : phase[width + b]);
        f[s] = sum.real();
    }
    return f * (m > 0 ? scale / m : 0.0);
}

// Directly from the kernel's closed form (a reference independent of the Fourier path).
Eigen::VectorXd Deconvolution::predictTruth(const Eigen::MatrixXd& points) const {
    Eigen::VectorXd y = Eigen::VectorXd::Zero(points.cols());
    for (Eigen::Index s = 0; s < points.cols(); ++s)
        for (int j = 0; j < truth_.count(); ++j) {
            double psi = truth_.w[j];
            for (int axis = 0; axis < dim_; ++axis) psi *= kernel_.value(points(axis, s) - truth_.theta(axis, j));
            y[s] += psi;
        }
    return y;
}

}  // namespace flowscope
