#pragma once
// Builds the problem a scenario describes (deconvolution or two-layer network).
#include <memory>

#include "problem.hpp"
#include "scenario.hpp"

namespace flowscope {

std::shared_ptr<Problem> makeProblem(const Scenario& scenario);

}  // namespace flowscope
