#include "regularizer.hpp"

namespace flowscope {

Regularizer Regularizer::from(const RegularizerSettings& settings) {
    Regularizer r;
    r.kind = settings.kind == "l1" ? Kind::L1 : settings.kind == "weight_decay" ? Kind::WeightDecay : Kind::None;
    r.lambda = settings.lambda;
    return r;
}

double Regularizer::value(const ParticleSet& p) const {
    if (p.count() == 0 || kind == Kind::None) return 0.0;
    const double sum = kind == Kind::L1 ? p.w.cwiseAbs().sum() : p.w.squaredNorm() + p.theta.squaredNorm();
    return lambda * sum / p.count();
}

}  // namespace flowscope
