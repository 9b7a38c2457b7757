#include "deconvolution.hpp"

#include <algorithm>
#include <cmath>

#include "ground_truth.hpp"
#include "input_error.hpp"
#include "parallel.hpp"
#include "rng.hpp"

namespace flowscope {

namespace {
std::complex<double> unitPhase(double turns) {  // e^{-2 pi i turns}
    return std::polar(1.0, -2.0 * M_PI * turns);
}

using Lanes = Eigen::Array<double, 8, 1>;  // kLanes particles: Eigen runs each operation on two AVX2 registers

// cos(2 pi t) and sin(2 pi t) of kLanes positions at once, with Eigen's vectorized
// operations only (std::polar is one scalar library call per particle). Reduction to the
// nearest quarter turn q, then Cephes' polynomials on [-pi/4, pi/4] (about one ulp), then
// a rotation by q quarter turns chosen arithmetically, without branches.
inline void cosSinTurns(const Lanes& t, Lanes& c, Lanes& s) {
    const Lanes q = (4.0 * t).round();
    const Lanes x = (2.0 * M_PI) * (t - 0.25 * q);  // |x| <= pi/4
    const Lanes z = x * x;
    const Lanes sine = x + x * z * (((((1.58962301576546568060e-10 * z - 2.50507477628578072866e-8) * z +
                                        2.75573136213857245213e-6) * z - 1.98412698295895385996e-4) * z +
                                      8.33333333332211858878e-3) * z - 1.66666666666666307295e-1);
    const Lanes cosine = 1.0 - 0.5 * z + z * z * (((((-1.13585365213876817300e-11 * z + 2.08757008419747316778e-9) *
                                                         z - 2.75573141792967388112e-7) * z +
                                                        2.48015872888517045348e-5) * z - 1.38888888888730564116e-3) *
                                                      z + 4.16666666666665929218e-2);
    // Quarter 0..3 maps (cos, sin) to (c, s), (-s, c), (-c, -s), (s, -c).
    const Lanes quarter = q - 4.0 * (0.25 * q).floor();
    const Lanes odd = quarter - 2.0 * (0.5 * quarter).floor();           // quarters 1, 3
    const Lanes half = (0.5 * (quarter + 1.0)).floor();
    const Lanes cosFlip = half - 2.0 * (0.5 * half).floor();             // quarters 1, 2
    const Lanes sinFlip = (0.5 * quarter).floor();                       // quarters 2, 3
    c = (1.0 - 2.0 * cosFlip) * (odd * sine + (1.0 - odd) * cosine);
    s = (1.0 - 2.0 * sinFlip) * (odd * cosine + (1.0 - odd) * sine);
}
}  // namespace

// kLanes particles stepping through the powers w z^k, z = e^{-2 pi i theta}, together.
struct Deconvolution::Block {
    Lanes re, im, zRe, zIm;

    // Starts at w z^0 = w. Lanes past `live` get weight 0 (no contribution) and position 0.
    void load(const double* theta, const double* weight, int live) {
        Lanes t = Lanes::Zero(), w = Lanes::Zero();
        if (live == kLanes) {
            t = Eigen::Map<const Lanes>(theta);
            w = Eigen::Map<const Lanes>(weight);
        } else {
            t.head(live) = Eigen::Map<const Eigen::ArrayXd>(theta, live);
            w.head(live) = Eigen::Map<const Eigen::ArrayXd>(weight, live);
        }
        Lanes c, s;
        cosSinTurns(t, c, s);
        zRe = c;
        zIm = -s;
        re = w;
        im.setZero();
    }
    // The phases z of a block as store() left them, starting at z^0 = 1.
    void loadPhases(const double* saved) {
        zRe = Eigen::Map<const Lanes>(saved);
        zIm = Eigen::Map<const Lanes>(saved + kLanes);
        re.setOnes();
        im.setZero();
    }
    void storePhases(double* saved) const {
        Eigen::Map<Lanes> savedRe(saved), savedIm(saved + kLanes);
        savedRe = zRe;
        savedIm = zIm;
    }
    void advance() {  // (re, im) *= z
        const Lanes r = re * zRe - im * zIm;
        im = re * zIm + im * zRe;
        re = r;
    }
};

Deconvolution::Deconvolution(const Scenario& scenario)
    : dim_(scenario.deconvolution.dimension),
      kernel_(scenario.deconvolution.kernel == "gaussian" ? TorusKernel::gaussian(scenario.deconvolution.width)
                                                           : TorusKernel::dirichlet(scenario.deconvolution.order)),
      n_(scenario.deconvolution.samples),
      threads_(resolveThreadCount(scenario.run.threads)) {
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
    useThreads(threads_);
    out.field.resize(particles.count());
    out.fieldGrad.resize(dim_, particles.count());
    if (dim_ == 1) evaluate1d(particles, scale, out);
    else evaluate2d(particles, scale, out);
}

// 1-D: frequencies k >= 0 suffice, since F_-k = conj(F_k) for a real predictor.
// Two passes over the particles, each vectorized across kLanes particles at a time (the
// powers z^k of every lane advance together) and threaded over fixed chunks: the chunks'
// partial spectra are added in chunk order, so the result does not depend on the thread count.
void Deconvolution::evaluate1d(const ParticleSet& p, double scale, Evaluation& out) {
    const int K = kernel_.order(), m = p.count(), terms = K + 1;
    const int chunks = (m + kChunk - 1) / kChunk, laneStride = terms * kLanes;
    laneSums_.resize(std::size_t(chunks) * 2 * laneStride);  // per chunk: real parts, then imaginary parts
    // The phases z of pass 1, kept for pass 2 (16 bytes a particle, cheaper than a second sin/cos).
    phases_.resize(std::size_t((m + kLanes - 1) / kLanes) * 2 * kLanes);
    const double* theta = p.theta.data();
    const double* weight = p.w.data();
    parallelFor(chunks, 8.0 * kChunk * terms, [&](long chunk) {
        double* sumRe = &laneSums_[std::size_t(chunk) * 2 * laneStride];
        double* sumIm = sumRe + laneStride;
        std::fill(sumRe, sumRe + 2 * laneStride, 0.0);
        const int end = std::min(m, int(chunk + 1) * kChunk);
        for (int i = int(chunk) * kChunk; i < end; i += kLanes) {
            Block b;
            b.load(theta + i, weight + i, std::min(kLanes, end - i));
            b.storePhases(&phases_[std::size_t(i) * 2]);
            for (int k = 0; k < terms; ++k) {
                Eigen::Map<Lanes>(sumRe + k * kLanes) += b.re;
                Eigen::Map<Lanes>(sumIm + k * kLanes) += b.im;
                b.advance();
            }
        }
    });
    spectrum_.assign(terms, 0.0);
    for (int chunk = 0; chunk < chunks; ++chunk) {
        const double* sumRe = &laneSums_[std::size_t(chunk) * 2 * laneStride];
        const double* sumIm = sumRe + laneStride;
        for (int k = 0; k < terms; ++k)
            for (int j = 0; j < kLanes; ++j) spectrum_[k] += Complex(sumRe[k * kLanes + j], sumIm[k * kLanes + j]);
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
    // With a_k = c_k D_k: Re(z^k conj a_k) = Re(z^k) Re(a_k) + Im(z^k) Im(a_k), and
    // Im(z^k conj a_k) = Im(z^k) Re(a_k) - Re(z^k) Im(a_k).
    coefficients_.resize(4 * std::size_t(terms));
    double* valueRe = coefficients_.data();
    double* valueIm = valueRe + terms;
    double* slopeRe = valueIm + terms;
    double* slopeIm = slopeRe + terms;
    for (int k = 0; k < terms; ++k) {
        const Complex a = filter(k) * spectrum_[k];
        valueRe[k] = scale * (k == 0 ? 1.0 : 2.0) * a.real();
        valueIm[k] = scale * (k == 0 ? 0.0 : 2.0) * a.imag();
        slopeRe[k] = scale * 4.0 * M_PI * k * a.real();
        slopeIm[k] = scale * 4.0 * M_PI * k * a.imag();
    }
    double* field = out.field.data();
    double* slope = out.fieldGrad.data();
    parallelFor((m + kLanes - 1) / kLanes, kLanes * (40.0 + 10.0 * terms), [&](long block) {
        const int i = int(block) * kLanes;
        const int live = std::min(kLanes, m - i);
        Block b;
        b.loadPhases(&phases_[std::size_t(i) * 2]);
        Lanes value = Lanes::Zero(), rate = Lanes::Zero();
        for (int k = 0; k < terms; ++k) {
            value += b.re * valueRe[k] + b.im * valueIm[k];
            rate += b.im * slopeRe[k] - b.re * slopeIm[k];
            b.advance();
        }
        for (int j = 0; j < live; ++j) {
            field[i + j] = value[j];
            slope[i + j] = rate[j];
        }
    });
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
