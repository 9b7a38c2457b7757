#include "step_cost.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace flowscope {

double stepOperations(const Scenario& s) {
    const double m = s.particleCount, dim = s.positionDim();
    const double dynamics = m * (dim + 1.0) * 20.0;  // the particle passes of the step
    if (s.isDeconvolution()) {
        const double terms = std::pow(double(s.deconvolution.order) + 1.0, s.deconvolution.dimension);
        return dynamics + m * (40.0 + 18.0 * terms);
    }
    const double d = dim, m0 = s.truth.count;
    const double activation = s.network.activation == Activation::Relu ? 1.0 : 20.0;  // a max, or an exp
    // In the plane: the angles, a kept sort repaired by insertion, prefix sums and two windows per unit.
    if (s.usesPlaneKernel()) return dynamics + m * (200.0 + 40.0 * m0);
    if (s.network.risk == RiskKind::Population) return dynamics + m * (m + m0) * (4.0 * d + 40.0);
    const double n = s.network.risk == RiskKind::Empirical ? s.network.samples : s.network.batchSize;
    return dynamics + 2.0 * m * n * (2.0 * d + activation + 2.0);
}

void StepCostModel::observe(const Scenario& scenario, double seconds) {
    const double operations = stepOperations(scenario);
    if (!(seconds > 0.0) || !(operations > 0.0)) return;
    const double rate = seconds / operations;
    // A moving average: one slow step (a page fault, another program) moves it a little;
    // the first measurement replaces the default at once.
    secondsPerOperation_ = measured_ ? 0.8 * secondsPerOperation_ + 0.2 * rate : rate;
    measured_ = true;
}

double StepCostModel::estimateSeconds(const Scenario& scenario) const {
    return stepOperations(scenario) * secondsPerOperation_;
}

std::string describeDuration(double seconds) {
    char text[64];
    if (!std::isfinite(seconds)) return "an unknown time";
    if (seconds < 1e-3) std::snprintf(text, sizeof text, "%.2g ms", seconds * 1e3);
    else if (seconds < 1.0) std::snprintf(text, sizeof text, "%.0f ms", seconds * 1e3);
    else if (seconds < 90.0) std::snprintf(text, sizeof text, "%.2g s", seconds);
    else if (seconds < 5400.0) std::snprintf(text, sizeof text, "%.0f min", seconds / 60.0);
    else if (seconds < 2 * 86400.0) std::snprintf(text, sizeof text, "%.1f h", seconds / 3600.0);
    else std::snprintf(text, sizeof text, "%.0f days", seconds / 86400.0);
    return text;
}

}  // namespace flowscope
