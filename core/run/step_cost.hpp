#pragma once
// How long a step takes: a rough operation count of one step of a scenario, and the rate
// at which this machine gets through it, measured on the steps actually taken. Before a
// large particle count or another scenario is applied, the window shows the estimate
// ("about 4 min per step") and asks when it is long.
//
// The count follows the leading terms of each evaluation (the pairwise kernel's m^2 d of
// the population risk, the m n d products of a risk on samples, the m K of the spectral
// deconvolution), with the same rough weights the parallel loops use to split work. Its
// unit means nothing alone; ratios between scenarios of one problem are good to a small
// factor, across problems to a larger one, which is enough to tell a second from an hour.
#include <string>

#include "scenario.hpp"

namespace flowscope {

double stepOperations(const Scenario& scenario);

class StepCostModel {
public:
    // A step of `scenario` took `seconds` (a whole step: dynamics and evaluation).
    void observe(const Scenario& scenario, double seconds);
    // Seconds one step of `scenario` will take here.
    double estimateSeconds(const Scenario& scenario) const;
    double secondsPerOperation() const { return secondsPerOperation_; }
    void setSecondsPerOperation(double value) { secondsPerOperation_ = value; }

    // Until a step has been timed: one operation per 0.5 ns, the order of this kind of
    // machine's single-core rate on these kernels (each weighted operation is a few flops).
    static constexpr double kDefaultSecondsPerOperation = 0.5e-9;

private:
    double secondsPerOperation_ = kDefaultSecondsPerOperation;
    bool measured_ = false;
};

// "0.3 ms", "2 s", "4 min", "3 h": a duration for a person.
std::string describeDuration(double seconds);

}  // namespace flowscope
