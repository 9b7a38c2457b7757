#pragma once
// The units sigma of a two-layer network and their derivatives, applied elementwise.
// Templated on the scalar so the same code serves double and float (run.precision).
#include <Eigen/Core>
#include <type_traits>

#include "scenario_choices.hpp"  // Activation, read from network.activation
#include "vector_math.hpp"

namespace flowscope {


// z <- sigma(z) in place, on a contiguous block (a column, a matrix), e.g. while it is in
// cache. The values then serve both the predictor and the derivative, so no second n x m
// buffer is needed. The one sigmoid of the project: evaluation, labels and predictions.
template <class Block>
void activateInPlace(Activation a, Block&& z) {
    using S = typename std::decay_t<Block>::Scalar;
    if (a == Activation::Relu) {
        z.array() = z.array().max(S(0));
        return;
    }
    S* v = z.data();
    for (Eigen::Index k = 0, n = z.size(); k < n; ++k) v[k] = S(1) / (S(1) + vectorExp(-v[k]));  // vector_math.hpp: no division in the exp
}

// out <- sigma'(z) * r elementwise, given values = sigma(z): for ReLU the indicator
// value > 0 (the same as z > 0), for the sigmoid value (1 - value).
template <class Values, class Vector, class Out>
void derivativeTimes(Activation a, const Values& values, const Vector& r, Out&& out) {
    using S = typename std::decay_t<Out>::Scalar;
    const S* v = values.data();
    const S* rk = r.data();
    S* o = out.data();
    const Eigen::Index n = values.size();
    if (a == Activation::Relu)
        for (Eigen::Index k = 0; k < n; ++k) o[k] = v[k] > S(0) ? rk[k] : S(0);  // a vectorized blend
    else
        for (Eigen::Index k = 0; k < n; ++k) o[k] = v[k] * (S(1) - v[k]) * rk[k];
}

}  // namespace flowscope
