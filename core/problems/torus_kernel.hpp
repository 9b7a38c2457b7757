#pragma once
// The filter psi of sparse spikes deconvolution, a real even function on the circle
// [0,1) given by its Fourier series psi(x) = sum_{|k|<=K} c_k exp(2 pi i k x), c_k = c_-k.
//   Dirichlet kernel of order K: c_k = 1, psi(x) = sin((2K+1) pi x) / sin(pi x).
//   Periodized Gaussian of width s: c_k = exp(-2 pi^2 s^2 k^2), i.e.
//   psi(x) = sum_p exp(-(x-p)^2 / 2s^2) / (s sqrt(2 pi)), cut where c_k < 1e-14.
// On the 2-D torus the filter is the product psi(x1) psi(x2).
#include <string>
#include <vector>

namespace flowscope {

class TorusKernel {
public:
    static TorusKernel dirichlet(int order);
    static TorusKernel gaussian(double width);

    int order() const { return static_cast<int>(coefficients_.size()) - 1; }
    // c_0 .. c_K.
    const std::vector<double>& coefficients() const { return coefficients_; }

    // Direct evaluation (closed form or a periodized sum, not the Fourier series): used
    // for display and as the independent reference in tests.
    double value(double x) const;
    double derivative(double x) const;

private:
    std::string kind_;
    double width_ = 0.0;
    std::vector<double> coefficients_;
};

}  // namespace flowscope
