#include "dynamics.hpp"

#include <cmath>

#include "parallel.hpp"
#include "vector_math.hpp"

namespace flowscope {

namespace {
// Integer arithmetic rather than nested selects, so that the loops below vectorize.
double sign(double x) { return double((x > 0.0) - (x < 0.0)); }

// out = base + c grad diag(sign(w)): the conic flow moves a position against its
// field's gradient whatever its mass. A plain loop (Eigen's sign() is not vectorized); the
// 1-D flow has its own fused pass (conicStep1d, conicVelocity1d).
void addSignedGradient(const Eigen::MatrixXd* base, double c, const Eigen::MatrixXd& grad, const Eigen::VectorXd& w,
                       Eigen::MatrixXd& out) {
    out.resize(grad.rows(), grad.cols());
    const Eigen::Index dim = grad.rows(), m = grad.cols();
    const double* g = grad.data();
    double* o = out.data();
    for (Eigen::Index i = 0; i < m; ++i)
        for (Eigen::Index r = 0; r < dim; ++r)
            o[i * dim + r] = (base ? (*base)(r, i) : 0.0) + c * sign(w[i]) * g[i * dim + r];
}

// The 1-D conic flow's loops over particles [begin, end), as functions of plain pointers
// so that they vectorize (inside a lambda the captured pointers defeat the vectorizer).
void conicVelocity1d(long begin, long end, const double* __restrict w, const double* __restrict f,
                     const double* __restrict g, double lambda, double move, double* __restrict vw,
                     double* __restrict vt) {
    for (long i = begin; i < end; ++i) {
        vw[i] = -4.0 * (std::abs(w[i]) * f[i] + lambda * w[i]);
        vt[i] = move * sign(w[i]) * g[i];
    }
}

void conicStep1d(long begin, long end, const double* __restrict w, const double* __restrict theta,
                 const double* __restrict f, const double* __restrict g, double h, double lambda, double move,
                 double* __restrict nextW, double* __restrict nextTheta) {
    for (long i = begin; i < end; ++i) {
        const double s = sign(w[i]);
        nextW[i] = w[i] * vectorExp(-4.0 * h * (s * f[i] + lambda));
        nextTheta[i] = theta[i] + move * s * g[i];
    }
}
}  // namespace

Dynamics::Dynamics(const DynamicsSettings& s, const Regularizer& regularizer, bool periodic)
    : kind_(s.kind),
      regularizer_(regularizer),
      periodic_(periodic),
      positionScale_(s.positionScale),
      outputScale_(s.outputScale) {}

StateSums Dynamics::velocity(const ParticleSet& p, const Evaluation& e, ParticleSet& v) const {
    const double lambda = regularizer_.l1();
    if (kind_ == Kind::Conic && p.dim() == 1) {
        // One parallel pass over the particles (the 1-D deconvolution's millions), the sums
        // taken on each piece while it is in cache.
        v.w.resize(p.w.size());
        v.theta.resize(1, p.count());
        const double *w = p.w.data(), *f = e.field.data(), *g = e.fieldGrad.data();
        double *vw = v.w.data(), *vt = v.theta.data();
        const double move = -positionScale_;
        const auto sums = sumsOverPieces<2>(p.count(), 8.0 + regularizer_.workPerParticle(p), [&](long begin, long end) {
            conicVelocity1d(begin, end, w, f, g, lambda, move, vw, vt);
            const long n = end - begin;
            return std::array<double, 2>{v.w.segment(begin, n).squaredNorm() + v.theta.middleCols(begin, n).squaredNorm(),
                                         regularizer_.sum(p, begin, end)};
        });
        return {sums[0], sums[1]};
    }
    if (kind_ == Kind::Conic) {
        v.w = -4.0 * (p.w.cwiseAbs().cwiseProduct(e.field) + lambda * p.w);
        addSignedGradient(nullptr, -positionScale_, e.fieldGrad, p.w, v.theta);
    } else {
        // Minimal-norm element of the subdifferential: at w = 0 the l1 term absorbs up to lambda.
        v.w = -p.w.binaryExpr(e.field, [lambda](double w, double f) {
            return w != 0.0 ? f + lambda * sign(w) : softThreshold(f, lambda);
        });
        v.theta = -(e.fieldGrad * p.w.asDiagonal());
        if (const double c = regularizer_.smoothGradientFactor(); c != 0.0) {
            v.w -= c * p.w;
            v.theta -= c * p.theta;
        }
    }
    return {v.w.squaredNorm() + v.theta.squaredNorm(), regularizer_.total(p)};
}

bool Dynamics::step(const ParticleSet& p, const Evaluation& e, const ParticleSet& v, double eta,
                    ParticleSet& next) const {
    const double h = effectiveStep(eta), lambda = regularizer_.l1();
    switch (kind_) {
        case Kind::Conic: {
            // Vectorized passes (std::exp is a library call per particle).
            next.w.resize(p.w.size());
            const double *w = p.w.data(), *f = e.field.data(), *g = e.fieldGrad.data();
            double* out = next.w.data();
            if (p.dim() == 1) {
                // One parallel pass: the update, the wrap onto the circle and the finiteness
                // check of each piece while it is in cache.
                next.theta.resize(1, p.count());
                const double* theta = p.theta.data();
                double* nextTheta = next.theta.data();
                const double move = -h * positionScale_;
                const double nonFinite = sumOverPieces(p.count(), 30.0, [&](long begin, long end) {
                    conicStep1d(begin, end, w, theta, f, g, h, lambda, move, out, nextTheta);
                    if (periodic_) wrapToTorus(nextTheta + begin, end - begin);
                    const bool finite = next.w.segment(begin, end - begin).allFinite() &&
                                        next.theta.middleCols(begin, end - begin).allFinite();
                    return finite ? 0.0 : 1.0;
                });
                return nonFinite == 0.0;
            }
            for (Eigen::Index i = 0; i < p.w.size(); ++i) out[i] = w[i] * vectorExp(-4.0 * h * (sign(w[i]) * f[i] + lambda));
            addSignedGradient(&p.theta, -h * positionScale_, e.fieldGrad, p.w, next.theta);
            break;
        }
        case Kind::ForwardBackward: {
            // The smooth part of the velocity is v without the l1 term.
            const double c = regularizer_.smoothGradientFactor();
            next.w = (p.w - h * (e.field + c * p.w)).unaryExpr([&](double w) { return softThreshold(w, h * lambda); });
            next.theta = p.theta + h * v.theta;
            break;
        }
        case Kind::Euler:
            next.w = p.w + h * v.w;
            next.theta = p.theta + h * v.theta;
            break;
    }
    if (periodic_) wrapToTorus(next.theta);
    return next.allFinite();
}

}  // namespace flowscope
