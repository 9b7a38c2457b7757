#pragma once
// The units sigma of a two-layer network and their derivatives, applied elementwise.
#include <Eigen/Core>
#include <cmath>

namespace flowscope {

enum class Activation { Relu, Sigmoid };

inline Activation activationNamed(const std::string& name) {
    return name == "sigmoid" ? Activation::Sigmoid : Activation::Relu;
}

// out = sigma(z)
template <class In, class Out>
void activate(Activation a, const In& z, Out& out) {
    if (a == Activation::Relu) out = z.array().max(0.0).matrix();
    else out = (1.0 / (1.0 + (-z.array()).exp())).matrix();
}

// z <- sigma'(z) * rowScale (row k multiplied by rowScale_k), given values = sigma(z).
// In place, so one n x m buffer serves the pre-activations and the back-propagated signal.
template <class Z, class Values, class Scale>
void derivativeTimesRows(Activation a, Z& z, const Values& values, const Scale& rowScale) {
    if (a == Activation::Relu)
        z = ((z.array() > 0.0).template cast<double>().colwise() * rowScale.array()).matrix();
    else
        z = ((values.array() * (1.0 - values.array())).colwise() * rowScale.array()).matrix();
}

}  // namespace flowscope
