#pragma once
// The units sigma of a two-layer network, applied elementwise (their derivatives times a
// vector are kernels: cpu_kernels.hpp). Templated on the scalar so the same code serves
// double and float (run.precision).
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

}  // namespace flowscope
