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

template <class S, int L>
using LanesOf = Eigen::Array<S, L, 1>;  // L particles: Eigen runs each operation on two AVX2 registers

// Cephes' polynomials for sin and cos on [-pi/4, pi/4] (about one ulp), highest degree
// first: sin x = x + x z P(z), cos x = 1 - z/2 + z^2 Q(z) with z = x^2.
template <class S>
struct SinCosPolynomials;
template <>
struct SinCosPolynomials<double> {
    static constexpr int terms = 6;
    static constexpr double sine[terms] = {1.58962301576546568060e-10, -2.50507477628578072866e-8,
                                           2.75573136213857245213e-6,  -1.98412698295895385996e-4,
                                           8.33333333332211858878e-3,  -1.66666666666666307295e-1};
    static constexpr double cosine[terms] = {-1.13585365213876817300e-11, 2.08757008419747316778e-9,
                                             -2.75573141792967388112e-7,  2.48015872888517045348e-5,
                                             -1.38888888888730564116e-3,  4.16666666666665929218e-2};
};
template <>
struct SinCosPolynomials<float> {  // sinf, cosf
    static constexpr int terms = 3;
    static constexpr float sine[terms] = {-1.9515295891e-4f, 8.3321608736e-3f, -1.6666654611e-1f};
    static constexpr float cosine[terms] = {2.443315711809948e-5f, -1.388731625493765e-3f, 4.166664568298827e-2f};
};

template <class S, int L>
inline LanesOf<S, L> horner(const S* c, int terms, const LanesOf<S, L>& z) {
    LanesOf<S, L> p = LanesOf<S, L>::Constant(c[0]);
    for (int k = 1; k < terms; ++k) p = p * z + c[k];
    return p;
}

// cos(2 pi t) and sin(2 pi t) of L positions at once, with Eigen's vectorized operations
// only (std::polar is one scalar library call per particle). Reduction to the nearest
// quarter turn q, then the polynomials on [-pi/4, pi/4], then a rotation by q quarter
// turns chosen arithmetically, without branches. The reduction takes the positions in
// double whatever S is: t - q/4 is exact, so in float only the reduced angle |x| <= pi/4
// is rounded (below 3e-8 radians), not the position (theta in float would be off by up to
// 3e-8 turns, 2e-7 radians). It costs about 3% of a float evaluation and divides the
// float field's error by about three.
template <class S, int L>
inline void cosSinTurns(const LanesOf<double, L>& t, LanesOf<S, L>& c, LanesOf<S, L>& s) {
    using Lanes = LanesOf<S, L>;
    using P = SinCosPolynomials<S>;
    const S one(1), two(2), half(0.5), quarterTurn(0.25), four(4);
    const LanesOf<double, L> qd = (4.0 * t).round();
    const Lanes x = ((2.0 * M_PI) * (t - 0.25 * qd)).template cast<S>();  // |x| <= pi/4
    const Lanes q = qd.template cast<S>();
    const Lanes z = x * x;
    const Lanes sine = x + x * z * horner<S, L>(P::sine, P::terms, z);
    const Lanes cosine = one - half * z + z * z * horner<S, L>(P::cosine, P::terms, z);
    // Quarter 0..3 maps (cos, sin) to (c, s), (-s, c), (-c, -s), (s, -c).
    const Lanes quarter = q - four * (quarterTurn * q).floor();
    const Lanes odd = quarter - two * (half * quarter).floor();           // quarters 1, 3
    const Lanes halves = (half * (quarter + one)).floor();
    const Lanes cosFlip = halves - two * (half * halves).floor();         // quarters 1, 2
    const Lanes sinFlip = (half * quarter).floor();                       // quarters 2, 3
    c = (one - two * cosFlip) * (odd * sine + (one - odd) * cosine);
    s = (one - two * sinFlip) * (odd * cosine + (one - odd) * sine);
}
}  // namespace

// kLanes<S> particles stepping through the powers w z^k, z = e^{-2 pi i theta}, together,
// in the scalar S of the evaluation.
template <class S>
struct Deconvolution::Block {
    static constexpr int L = kLanes<S>;
    using Lanes = LanesOf<S, L>;
    using Doubles = LanesOf<double, L>;
    Lanes re, im, zRe, zIm;

    // Starts at w z^0 = w. Lanes past `live` get weight 0 (no contribution) and position 0.
    void load(const double* theta, const double* weight, int live) {
        Doubles t = Doubles::Zero(), w = Doubles::Zero();
        if (live == L) {
            t = Eigen::Map<const Doubles>(theta);
            w = Eigen::Map<const Doubles>(weight);
        } else {
            t.head(live) = Eigen::Map<const Eigen::ArrayXd>(theta, live);
            w.head(live) = Eigen::Map<const Eigen::ArrayXd>(weight, live);
        }
        Lanes c, s;
        cosSinTurns<S, L>(t, c, s);
        zRe = c;
        zIm = -s;
        re = w.template cast<S>();
        im.setZero();
    }
    // The phases z of a block as storePhases() left them, starting at z^0 = 1.
    void loadPhases(const S* saved) {
        zRe = Eigen::Map<const Lanes>(saved);
        zIm = Eigen::Map<const Lanes>(saved + L);
        re.setOnes();
        im.setZero();
    }
    void storePhases(S* saved) const {
        Eigen::Map<Lanes> savedRe(saved), savedIm(saved + L);
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
      kernel_(scenario.deconvolution.kernel == FilterKind::Gaussian ? TorusKernel::gaussian(scenario.deconvolution.width)
                                                           : TorusKernel::dirichlet(scenario.deconvolution.order)),
      n_(scenario.deconvolution.samples),
      threads_(resolveThreadCount(scenario.run.threads)),
      single_(scenario.run.precision == Precision::Float) {
    const int K = kernel_.order();
    if (n_ <= 2 * K)
        throw InputError("key 'deconvolution.samples' = " + std::to_string(n_) + " must exceed twice the filter's " +
                         "highest frequency (2K = " + std::to_string(2 * K) + ")");
    truth_ = groundTruth(scenario);

    // Noise-free observations are the truth's predictor (with weights a_j and no 1/m).
    const Eigen::MatrixXd points = samplePoints();
    observations_ = predictTruth(points);
    Rng dataRng = streamRng(scenario.truthSeed(), Stream::Data);
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
    if (dim_ == 2) evaluate2d(particles, scale, out);
    else if (single_) evaluate1d(particles, scale, out, workFloat_);
    else evaluate1d(particles, scale, out, work_);
}

// 1-D: frequencies k >= 0 suffice, since F_-k = conj(F_k) for a real predictor.
// Two passes over the particles, each vectorized across kLanes<S> particles at a time (the
// powers z^k of every lane advance together) and threaded over fixed chunks: the chunks'
// partial spectra are added in chunk order, so the result does not depend on the thread count.
// In float (run.precision) the per-particle work runs in float: phases, powers, the lane
// sums of a chunk (at most kChunk / kLanes = 512 terms each), the field pass. The sum of
// the chunks' spectra, the residual spectrum D_k and the loss stay double.
template <class S>
void Deconvolution::evaluate1d(const ParticleSet& p, double scale, Evaluation& out, Work1d<S>& work) {
    constexpr int L = kLanes<S>;
    static_assert(kChunk % L == 0, "a chunk holds whole blocks");
    using Lanes = typename Block<S>::Lanes;
    const int K = kernel_.order(), m = p.count(), terms = K + 1;
    const int chunks = (m + kChunk - 1) / kChunk, laneStride = terms * L;
    work.laneSums.resize(std::size_t(chunks) * 2 * laneStride);  // per chunk: real parts, then imaginary parts
    // The phases z of pass 1, kept for pass 2 (2 sizeof(S) bytes a particle, cheaper than a second sin/cos).
    work.phases.resize(std::size_t((m + L - 1) / L) * 2 * L);
    const double* theta = p.theta.data();
    const double* weight = p.w.data();
    parallelFor(chunks, 8.0 * kChunk * terms, [&](long chunk) {
        S* sumRe = &work.laneSums[std::size_t(chunk) * 2 * laneStride];
        S* sumIm = sumRe + laneStride;
        std::fill(sumRe, sumRe + 2 * laneStride, S(0));
        const int end = std::min(m, int(chunk + 1) * kChunk);
        for (int i = int(chunk) * kChunk; i < end; i += L) {
            Block<S> b;
            b.load(theta + i, weight + i, std::min(L, end - i));
            b.storePhases(&work.phases[std::size_t(i) * 2]);
            for (int k = 0; k < terms; ++k) {
                Eigen::Map<Lanes>(sumRe + k * L) += b.re;
                Eigen::Map<Lanes>(sumIm + k * L) += b.im;
                b.advance();
            }
        }
    });
    spectrum_.assign(terms, 0.0);
    for (int chunk = 0; chunk < chunks; ++chunk) {
        const S* sumRe = &work.laneSums[std::size_t(chunk) * 2 * laneStride];
        const S* sumIm = sumRe + laneStride;
        for (int k = 0; k < terms; ++k)
            for (int j = 0; j < L; ++j) spectrum_[k] += Complex(sumRe[k * L + j], sumIm[k * L + j]);
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
    work.coefficients.resize(4 * std::size_t(terms));
    S* valueRe = work.coefficients.data();
    S* valueIm = valueRe + terms;
    S* slopeRe = valueIm + terms;
    S* slopeIm = slopeRe + terms;
    for (int k = 0; k < terms; ++k) {
        const Complex a = filter(k) * spectrum_[k];
        valueRe[k] = S(scale * (k == 0 ? 1.0 : 2.0) * a.real());
        valueIm[k] = S(scale * (k == 0 ? 0.0 : 2.0) * a.imag());
        slopeRe[k] = S(scale * 4.0 * M_PI * k * a.real());
        slopeIm[k] = S(scale * 4.0 * M_PI * k * a.imag());
    }
    double* field = out.field.data();
    double* slope = out.fieldGrad.data();
    parallelFor((m + L - 1) / L, L * (40.0 + 10.0 * terms), [&](long block) {
        const int i = int(block) * L;
        const int live = std::min(L, m - i);
        Block<S> b;
        b.loadPhases(&work.phases[std::size_t(i) * 2]);
        Lanes value = Lanes::Zero(), rate = Lanes::Zero();
        for (int k = 0; k < terms; ++k) {
            value += b.re * valueRe[k] + b.im * valueIm[k];
            rate += b.im * slopeRe[k] - b.re * slopeIm[k];
            b.advance();
        }
        if (live == L) {
            Eigen::Map<typename Block<S>::Doubles>(field + i) = value.template cast<double>();
            Eigen::Map<typename Block<S>::Doubles>(slope + i) = rate.template cast<double>();
        } else {
            for (int j = 0; j < live; ++j) {
                field[i + j] = double(value[j]);
                slope[i + j] = double(rate[j]);
            }
        }
    });
}

// 2-D: all (2K+1)^2 frequencies, sums taken over the full square (their imaginary
// parts cancel). Always in double, whatever run.precision says: these loops are scalar
// complex arithmetic per frequency pair, where float would cost accuracy and gain no speed.
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
