#pragma once
// A scenario describes a whole experiment: problem, data, ground truth, particle count,
// initial measure, dynamics, step size, steps and seed. It is read from JSON through
// one table of keys (scenario.cpp) that also validates values and documents them; each
// choice-valued key is held as its enum (scenario_choices.hpp), named only in files.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario_choices.hpp"

namespace flowscope {

struct DeconvolutionSettings {
    int dimension = 1;                // 1: the circle [0,1), 2: the torus [0,1)^2
    FilterKind kernel = FilterKind::Dirichlet;
    int order = 7;                    // K, the Dirichlet kernel's highest frequency
    double width = 0.05;              // standard deviation of the periodized Gaussian
    int samples = 100;                // n regular samples (per axis in 2-D)
    double noise = 0.0;               // standard deviation of Gaussian noise on samples
};

struct TruthSettings {
    int count = 5;                    // m0 spikes or teacher units
    double amplitudeMin = 0.5;
    double amplitudeMax = 1.5;
    SignPattern signs = SignPattern::Random;
    double minSeparation = 0.1;       // torus distance between spikes / angle between teacher units
    std::optional<std::uint64_t> seed; // teacher, spikes, data, noise; none: follows run.seed
    // truth.given: the truth unit by unit (amplitude, then the spike's position or the
    // teacher unit's direction) instead of drawn from the seed; empty: drawn. The data
    // (noise, samples) still come from the seed.
    std::vector<std::vector<double>> given;
};

struct NetworkSettings {
    Activation activation = Activation::Relu;
    int inputDim = 2;                 // d
    bool bias = false;                // append a constant coordinate 1 to every input
    RiskKind risk = RiskKind::Population;
    int samples = 1000;               // n fixed samples of the empirical risk
    int batchSize = 256;              // fresh samples per step of the mini-batch risk
    PopulationKernel populationKernel = PopulationKernel::Auto;  // how the population risk is summed
    LossKind loss = LossKind::Quadratic;  // l(f, y) of the risks over samples (sample_loss.hpp)
};

// Where a network's samples come from: the teacher (x ~ N(0, I_d), y = f*(x), or its sign
// for the logistic loss), a data set of the plane drawn from the truth seed, or a CSV file,
// which when given replaces whatever `kind` says (one key loads a file).
struct DataSettings {
    DataKind kind = DataKind::Teacher;
    std::string file;                 // "" or a CSV: columns x0..x{d-1}, y (data_csv.hpp)
    int samples = 1000;               // points of a built-in data set, before the split
    double noise = 0.1;               // standard deviation of the noise on a built-in set's points
    double testFraction = 0.0;        // share of the samples held out as the test set
};

struct RegularizerSettings {
    RegularizerKind kind = RegularizerKind::None;
    double lambda = 0.0;
};

struct InitSettings {
    InitKind kind = InitKind::Sphere;
    double radius = 1.0;              // weight magnitude (torus) or sphere radius (networks)
    InitWeights weights = InitWeights::Zero;  // torus positions
    double intervalLo = 0.0;          // subinterval of the torus for kind = subinterval
    double intervalHi = 0.25;
    std::optional<std::uint64_t> seed; // initial particles, mini-batches, resizes; none: follows run.seed
};

struct DynamicsSettings {
    DynamicsKind kind = DynamicsKind::Euler;
    double stepSize = 0.1;            // eta: flow time advances by eta per step
    double positionScale = 0.01;      // conic: position step / mass step (beta / alpha)
    double outputScale = 1.0;         // f = scale/m sum w phi; the step is divided by scale^2
};

struct ConvergenceSettings {
    double tolerance = 0.0;           // 0 disables early stopping
    int window = 200;                 // steps over which the relative changes are measured
};

struct RunSettings {
    int steps = 1000;
    std::uint64_t seed = 1;
    int recordEvery = 1;              // history keeps one row every this many steps
    int threads = 0;                  // threads of one evaluation; 0: automatic (parallel.hpp)
    Precision precision = Precision::Double;  // the evaluation's arithmetic (2-D deconvolution: double)
};

struct Scenario {
    std::string name = "untitled";
    std::string description;
    ProblemKind problem = ProblemKind::Network;
    DeconvolutionSettings deconvolution;
    TruthSettings truth;
    NetworkSettings network;
    DataSettings data;
    RegularizerSettings regularizer;
    int particleCount = 100;
    InitSettings init;
    DynamicsSettings dynamics;
    ConvergenceSettings convergence;
    RunSettings run;

    bool isDeconvolution() const { return problem == ProblemKind::Deconvolution; }
    // The seeds actually used: truth.seed and init.seed, or run.seed where they are absent.
    std::uint64_t truthSeed() const { return truth.seed.value_or(run.seed); }
    std::uint64_t initSeed() const { return init.seed.value_or(run.seed); }
    // Dimension of a particle's position theta.
    int positionDim() const;
    // Whether the population risk is summed by angle in the plane (relu_plane_kernel.hpp):
    // the exact risk of a network in 2 position dimensions, unless the pairwise sums are asked for.
    bool usesPlaneKernel() const;
    // Whether the samples are given (a file, a built-in data set) rather than drawn from the teacher.
    bool usesGivenData() const { return !isDeconvolution() && (data.kind != DataKind::Teacher || usesDataFile()); }
    bool usesDataFile() const { return !isDeconvolution() && !data.file.empty(); }
    // Whether the network classifies: the logistic loss, labels -1 and +1.
    bool classifies() const { return !isDeconvolution() && network.loss == LossKind::Logistic; }
};

// One documented key of the scenario format, with what a control for it needs to know
// (the window builds its controls from these facts, so the two never disagree).
struct ScenarioKey {
    std::string path;     // dotted, e.g. "dynamics.step_size"
    std::string type;     // number | integer | string | boolean | [number, number]
    std::string range;    // valid values, in words
    std::string meaning;
    nlohmann::json defaultValue;
    // Widget facts.
    std::vector<std::string> choices;  // a choice key's words, in order; empty otherwise
    bool bounded = false;              // number and integer keys: lo and hi below hold
    double lo = 0.0, hi = 0.0;         // the valid interval
    bool openLo = false;               // lo itself is refused (step sizes)
    bool logScale = false;             // a slider over it is logarithmic: hi / lo > 1e3 (hi > 1e3 when lo is 0)
    double step = 0.0;                 // 1 for integers; 0: continuous
    std::string unit;                  // "" when the value has none
    std::string label;                 // a control's short label ("order K"; default: the path's last part)
    std::string help;                  // one line for a tooltip (default: the meaning's first sentence)
};
const std::vector<ScenarioKey>& scenarioKeys();

// Reads a scenario; `origin` names the source in error messages (a file path).
// Unknown keys, wrong types, out-of-range values and inconsistent combinations throw
// InputError naming origin and key.
Scenario scenarioFromJson(const nlohmann::json& json, const std::string& origin);
Scenario parseScenario(const std::string& text, const std::string& origin);
Scenario loadScenario(const std::string& path);
// Every key with its value: running the result again reproduces the run bit for bit.
nlohmann::json scenarioToJson(const Scenario& scenario);
// Sets one dotted key from text (a JSON value, or a bare word taken as a string),
// validating the whole scenario afterwards. Used by --set and by the GUI. Setting truth.count
// or truth.seed drops a given truth (truth.given) for a drawn one.
void setScenarioValue(Scenario& scenario, const std::string& path, const std::string& valueText,
                      const std::string& origin);
// Cross-key consistency and memory checks; throws InputError naming the key.
void validateScenario(const Scenario& scenario, const std::string& origin);
// (estimateMemoryBytes, the memory check's estimate: memory_estimate.hpp)

}  // namespace flowscope
