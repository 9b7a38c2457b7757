#include "regularizer.hpp"

#include "parallel.hpp"

namespace flowscope {

Regularizer Regularizer::from(const RegularizerSettings& settings) {
    Regularizer r;
    r.kind = settings.kind;
    r.lambda = settings.lambda;
    return r;
}

double Regularizer::value(const ParticleSet& p) const { return p.count() > 0 ? total(p) / p.count() : 0.0; }

double Regularizer::total(const ParticleSet& p) const {
    if (kind == Kind::None) return 0.0;
    return sumOverPieces(p.count(), workPerParticle(p), [&](long begin, long end) { return sum(p, begin, end); });
}

double Regularizer::sum(const ParticleSet& p, long begin, long end) const {
    if (kind == Kind::None) return 0.0;
    const auto w = p.w.segment(begin, end - begin);
    return lambda *
           (kind == Kind::L1 ? w.cwiseAbs().sum() : w.squaredNorm() + p.theta.middleCols(begin, end - begin).squaredNorm());
}

}  // namespace flowscope
