#include "problem_factory.hpp"

#include "deconvolution.hpp"
#include "two_layer_network.hpp"

namespace flowscope {

std::shared_ptr<Problem> makeProblem(const Scenario& scenario) {
    if (scenario.isDeconvolution()) return std::make_shared<Deconvolution>(scenario);
    return std::make_shared<TwoLayerNetwork>(scenario);
}

}  // namespace flowscope
