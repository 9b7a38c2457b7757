#pragma once
// The scenario's choice-valued keys as enums, with one table of names per enum. A name is
// turned into its enum once, when the scenario is read (scenario.cpp); everything past the
// scenario sees only enums, so no code compares names or falls back to a default.
#include <optional>
#include <string>
#include <vector>

namespace flowscope {

enum class ProblemKind { Deconvolution, Network };                              // problem.kind
enum class FilterKind { Dirichlet, Gaussian };                                  // deconvolution.kernel
enum class SignPattern { Random, Positive, Alternating };                       // truth.signs
enum class Activation { Relu, Sigmoid };                                        // network.activation
enum class RiskKind { Population, Empirical, MiniBatch };                       // network.risk
enum class PopulationKernel { Auto, Pairwise };                                 // network.population_kernel
enum class LossKind { Quadratic, Logistic };                                    // network.loss
enum class DataKind { Teacher, Circles, Xor, Gaussians, Spirals };              // data.kind (data.file overrides it)
enum class RegularizerKind { None, L1, WeightDecay };                           // regularizer.kind
enum class InitKind { Grid, Uniform, Subinterval, Sphere, HalfSphere, Point };  // init.kind
enum class InitWeights { Zero, Alternating, RandomSign };                       // init.weights
enum class DynamicsKind { Euler, ForwardBackward, Conic };                      // dynamics.kind
enum class Precision { Double, Float };                                         // run.precision

template <class E>
struct NamedChoice {
    E value;
    const char* name;  // as written in scenario files
};

// Every value of E with its name, in the order the documentation lists them.
template <class E>
const std::vector<NamedChoice<E>>& choiceTable();
template <> const std::vector<NamedChoice<ProblemKind>>& choiceTable<ProblemKind>();
template <> const std::vector<NamedChoice<FilterKind>>& choiceTable<FilterKind>();
template <> const std::vector<NamedChoice<SignPattern>>& choiceTable<SignPattern>();
template <> const std::vector<NamedChoice<Activation>>& choiceTable<Activation>();
template <> const std::vector<NamedChoice<RiskKind>>& choiceTable<RiskKind>();
template <> const std::vector<NamedChoice<PopulationKernel>>& choiceTable<PopulationKernel>();
template <> const std::vector<NamedChoice<LossKind>>& choiceTable<LossKind>();
template <> const std::vector<NamedChoice<DataKind>>& choiceTable<DataKind>();
template <> const std::vector<NamedChoice<RegularizerKind>>& choiceTable<RegularizerKind>();
template <> const std::vector<NamedChoice<InitKind>>& choiceTable<InitKind>();
template <> const std::vector<NamedChoice<InitWeights>>& choiceTable<InitWeights>();
template <> const std::vector<NamedChoice<DynamicsKind>>& choiceTable<DynamicsKind>();
template <> const std::vector<NamedChoice<Precision>>& choiceTable<Precision>();

template <class E>
std::string choiceName(E value) {
    for (const auto& c : choiceTable<E>())
        if (c.value == value) return c.name;
    return "?";  // unreachable: every enumerator has a row (scenario_test checks the round trip)
}

// The value named `name`, or nothing: the scenario reader turns nothing into an error naming its key.
template <class E>
std::optional<E> choiceNamed(const std::string& name) {
    for (const auto& c : choiceTable<E>())
        if (name == c.name) return c.value;
    return std::nullopt;
}

template <class E>
std::vector<std::string> choiceNames() {
    std::vector<std::string> names;
    for (const auto& c : choiceTable<E>()) names.push_back(c.name);
    return names;
}

}  // namespace flowscope
