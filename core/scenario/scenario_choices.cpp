#include "scenario_choices.hpp"

namespace flowscope {

template <>
const std::vector<NamedChoice<ProblemKind>>& choiceTable<ProblemKind>() {
    static const std::vector<NamedChoice<ProblemKind>> t{{ProblemKind::Deconvolution, "deconvolution"},
                                                         {ProblemKind::Network, "network"}};
    return t;
}

template <>
const std::vector<NamedChoice<FilterKind>>& choiceTable<FilterKind>() {
    static const std::vector<NamedChoice<FilterKind>> t{{FilterKind::Dirichlet, "dirichlet"},
                                                        {FilterKind::Gaussian, "gaussian"}};
    return t;
}

template <>
const std::vector<NamedChoice<SignPattern>>& choiceTable<SignPattern>() {
    static const std::vector<NamedChoice<SignPattern>> t{
        {SignPattern::Random, "random"}, {SignPattern::Positive, "positive"}, {SignPattern::Alternating, "alternating"}};
    return t;
}

template <>
const std::vector<NamedChoice<Activation>>& choiceTable<Activation>() {
    static const std::vector<NamedChoice<Activation>> t{{Activation::Relu, "relu"}, {Activation::Sigmoid, "sigmoid"}};
    return t;
}

template <>
const std::vector<NamedChoice<RiskKind>>& choiceTable<RiskKind>() {
    static const std::vector<NamedChoice<RiskKind>> t{
        {RiskKind::Population, "population"}, {RiskKind::Empirical, "empirical"}, {RiskKind::MiniBatch, "minibatch"}};
    return t;
}

template <>
const std::vector<NamedChoice<PopulationKernel>>& choiceTable<PopulationKernel>() {
    static const std::vector<NamedChoice<PopulationKernel>> t{{PopulationKernel::Auto, "auto"},
                                                              {PopulationKernel::Pairwise, "pairwise"}};
    return t;
}

template <>
const std::vector<NamedChoice<LossKind>>& choiceTable<LossKind>() {
    static const std::vector<NamedChoice<LossKind>> t{{LossKind::Quadratic, "quadratic"}, {LossKind::Logistic, "logistic"}};
    return t;
}

template <>
const std::vector<NamedChoice<DataKind>>& choiceTable<DataKind>() {
    static const std::vector<NamedChoice<DataKind>> t{{DataKind::Teacher, "teacher"},     {DataKind::Circles, "circles"},
                                                      {DataKind::Xor, "xor"},             {DataKind::Gaussians, "gaussians"},
                                                      {DataKind::Spirals, "spirals"}};
    return t;
}

template <>
const std::vector<NamedChoice<RegularizerKind>>& choiceTable<RegularizerKind>() {
    static const std::vector<NamedChoice<RegularizerKind>> t{
        {RegularizerKind::None, "none"}, {RegularizerKind::L1, "l1"}, {RegularizerKind::WeightDecay, "weight_decay"}};
    return t;
}

template <>
const std::vector<NamedChoice<InitKind>>& choiceTable<InitKind>() {
    static const std::vector<NamedChoice<InitKind>> t{{InitKind::Grid, "grid"},
                                                      {InitKind::Uniform, "uniform"},
                                                      {InitKind::Subinterval, "subinterval"},
                                                      {InitKind::Sphere, "sphere"},
                                                      {InitKind::HalfSphere, "half_sphere"},
                                                      {InitKind::Point, "point"}};
    return t;
}

template <>
const std::vector<NamedChoice<InitWeights>>& choiceTable<InitWeights>() {
    static const std::vector<NamedChoice<InitWeights>> t{
        {InitWeights::Zero, "zero"}, {InitWeights::Alternating, "alternating"}, {InitWeights::RandomSign, "random_sign"}};
    return t;
}

template <>
const std::vector<NamedChoice<DynamicsKind>>& choiceTable<DynamicsKind>() {
    static const std::vector<NamedChoice<DynamicsKind>> t{{DynamicsKind::Euler, "euler"},
                                                          {DynamicsKind::ForwardBackward, "forward_backward"},
                                                          {DynamicsKind::Conic, "conic"}};
    return t;
}

template <>
const std::vector<NamedChoice<Precision>>& choiceTable<Precision>() {
    static const std::vector<NamedChoice<Precision>> t{{Precision::Double, "double"}, {Precision::Float, "float"}};
    return t;
}

}  // namespace flowscope
