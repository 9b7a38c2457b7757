#include "scenario.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "given_truth.hpp"
#include "input_error.hpp"
#include "machine_memory.hpp"
#include "memory_estimate.hpp"

namespace flowscope {

using nlohmann::json;

int Scenario::positionDim() const {
    if (isDeconvolution()) return deconvolution.dimension;
    return network.inputDim + (network.bias ? 1 : 0);
}

bool Scenario::usesPlaneKernel() const {
    return !isDeconvolution() && network.risk == RiskKind::Population && positionDim() == 2 &&
           network.populationKernel == PopulationKernel::Auto;
}

namespace {

// A key of the table: its documentation plus how to read and write it.
struct KeyBinding {
    ScenarioKey doc;
    std::function<void(Scenario&, const json&, const std::string& where)> read;
    std::function<json(const Scenario&)> write;
};

// Messages quote keys and values from the input: control characters (a key holding a line
// break, binary garbage) become '?', so every message stays one line.
std::string fail(const std::string& where, const std::string& what) {
    std::string message = where + ": " + what;
    for (char& c : message)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return message;
}

std::string show(double x) {
    std::ostringstream out;
    out << x;
    return out.str();
}

ScenarioKey documented(const std::string& path, const std::string& type, const std::string& range,
                       const std::string& meaning, const json& defaultValue) {
    ScenarioKey key;
    key.path = path;
    key.type = type;
    key.range = range;
    key.meaning = meaning;
    key.defaultValue = defaultValue;
    return key;
}

// A number's widget facts. A slider is logarithmic over more than three decades (above 1
// when lo is 0: a penalty from 1e-7 to 1e6 and a zero).
void bounds(ScenarioKey& doc, double lo, double hi, bool openLo, double step) {
    doc.bounded = true;
    doc.lo = lo;
    doc.hi = hi;
    doc.openLo = openLo;
    doc.step = step;
    doc.logScale = hi / (lo > 0.0 ? lo : 1.0) > 1e3;
}

// A control's label and unit (and a tooltip line, when the meaning's first sentence is not one).
KeyBinding shown(KeyBinding b, const std::string& label, const std::string& unit = "", const std::string& help = "") {
    b.doc.label = label;
    b.doc.unit = unit;
    if (!help.empty()) b.doc.help = help;
    return b;
}

// Numbers within [lo, hi]; openLo excludes lo (step sizes must be positive).
KeyBinding number(const std::string& path, std::function<double&(Scenario&)> field, double lo, double hi,
                  bool openLo, const std::string& meaning) {
    const std::string range = (openLo ? "(" : "[") + show(lo) + ", " + show(hi) + "]";
    KeyBinding b;
    Scenario defaults;
    b.doc = documented(path, "number", range, meaning, json(field(defaults)));
    bounds(b.doc, lo, hi, openLo, 0.0);
    b.read = [=](Scenario& s, const json& v, const std::string& where) {
        if (!v.is_number()) throw InputError(fail(where, "key '" + path + "' must be a number in " + range));
        const double x = v.get<double>();
        if (!std::isfinite(x) || x < lo || x > hi || (openLo && x == lo))
            throw InputError(fail(where, "key '" + path + "' = " + v.dump() + " is outside " + range));
        field(s) = x;
    };
    b.write = [=](const Scenario& s) { return json(field(const_cast<Scenario&>(s))); };
    return b;
}

// An integer within [lo, hi] (a float with no fraction counts), or InputError.
std::uint64_t wholeNumber(const std::string& path, const std::string& range, double lo, double hi, const json& v,
                          const std::string& where) {
    const bool whole = v.is_number_integer() || (v.is_number_float() && std::isfinite(v.get<double>()) &&
                                                 v.get<double>() == std::floor(v.get<double>()));
    if (!whole) throw InputError(fail(where, "key '" + path + "' must be an integer in " + range));
    const double x = v.get<double>();
    if (x < lo || x > hi) throw InputError(fail(where, "key '" + path + "' = " + v.dump() + " is outside " + range));
    return v.is_number_unsigned() ? v.get<std::uint64_t>() : static_cast<std::uint64_t>(static_cast<std::int64_t>(x));
}

template <class Int>
KeyBinding integer(const std::string& path, std::function<Int&(Scenario&)> field, double lo, double hi,
                   const std::string& meaning) {
    const std::string range = "[" + show(lo) + ", " + show(hi) + "]";
    KeyBinding b;
    Scenario defaults;
    b.doc = documented(path, "integer", range, meaning, json(field(defaults)));
    bounds(b.doc, lo, hi, false, 1.0);
    b.read = [=](Scenario& s, const json& v, const std::string& where) {
        field(s) = static_cast<Int>(wholeNumber(path, range, lo, hi, v, where));
    };
    b.write = [=](const Scenario& s) { return json(field(const_cast<Scenario&>(s))); };
    return b;
}

// A choice-valued key: the name in the file becomes its enum here, once; an unknown name is
// an input error naming the key (the only place one is reported).
template <class E>
KeyBinding choice(const std::string& path, std::function<E&(Scenario&)> field, const std::string& meaning) {
    std::string range = "one of:";
    for (const auto& c : choiceTable<E>()) range += std::string(" ") + c.name;
    KeyBinding b;
    Scenario defaults;
    b.doc = documented(path, "string", range, meaning, json(choiceName(field(defaults))));
    b.doc.choices = choiceNames<E>();
    b.read = [=](Scenario& s, const json& v, const std::string& where) {
        if (!v.is_string()) throw InputError(fail(where, "key '" + path + "' must be a string, " + range));
        const auto text = v.get<std::string>();
        const std::optional<E> value = choiceNamed<E>(text);
        if (!value) throw InputError(fail(where, "key '" + path + "' = \"" + text + "\" is not " + range));
        field(s) = *value;
    };
    b.write = [=](const Scenario& s) { return json(choiceName(field(const_cast<Scenario&>(s)))); };
    return b;
}

KeyBinding text(const std::string& path, std::function<std::string&(Scenario&)> field, const std::string& meaning) {
    KeyBinding b;
    Scenario defaults;
    b.doc = documented(path, "string", "any text", meaning, json(field(defaults)));
    b.read = [=](Scenario& s, const json& v, const std::string& where) {
        if (!v.is_string()) throw InputError(fail(where, "key '" + path + "' must be a string, any text"));
        field(s) = v.get<std::string>();
    };
    b.write = [=](const Scenario& s) { return json(field(const_cast<Scenario&>(s))); };
    return b;
}

KeyBinding boolean(const std::string& path, std::function<bool&(Scenario&)> field, const std::string& meaning) {
    KeyBinding b;
    Scenario defaults;
    b.doc = documented(path, "boolean", "true or false", meaning, json(field(defaults)));
    b.read = [=](Scenario& s, const json& v, const std::string& where) {
        if (!v.is_boolean()) throw InputError(fail(where, "key '" + path + "' must be true or false"));
        field(s) = v.get<bool>();
    };
    b.write = [=](const Scenario& s) { return json(field(const_cast<Scenario&>(s))); };
    return b;
}

// A seed of one part of the run: an integer, or null (the default) to follow run.seed, so
// a scenario that names only run.seed draws everything from it as before these keys.
KeyBinding optionalSeed(const std::string& path, std::function<std::optional<std::uint64_t>&(Scenario&)> field,
                        const std::string& meaning) {
    const std::string range = "[0, 9007199254740992] or null (follows run.seed)";
    KeyBinding b;
    b.doc = documented(path, "integer", range, meaning, json(nullptr));
    b.read = [=](Scenario& s, const json& v, const std::string& where) {
        if (v.is_null()) {
            field(s).reset();
            return;
        }
        field(s) = wholeNumber(path, range, 0.0, 9007199254740992.0, v, where);
    };
    b.write = [=](const Scenario& s) {
        const auto& seed = field(const_cast<Scenario&>(s));
        return seed ? json(*seed) : json(nullptr);
    };
    return b;
}

KeyBinding interval(const std::string& path, const std::string& meaning) {
    KeyBinding b;
    const Scenario defaults;
    b.doc = documented(path, "[number, number]", "0 <= lo < hi <= 1", meaning,
                       json::array({defaults.init.intervalLo, defaults.init.intervalHi}));
    b.read = [=](Scenario& s, const json& v, const std::string& where) {
        if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number())
            throw InputError(fail(where, "key '" + path + "' must be an array [lo, hi] of two numbers"));
        const double lo = v[0].get<double>(), hi = v[1].get<double>();
        if (!(lo >= 0.0 && lo < hi && hi <= 1.0))
            throw InputError(fail(where, "key '" + path + "' = " + v.dump() + " needs 0 <= lo < hi <= 1"));
        s.init.intervalLo = lo;
        s.init.intervalHi = hi;
    };
    b.write = [](const Scenario& s) { return json::array({s.init.intervalLo, s.init.intervalHi}); };
    return b;
}

// truth.given: null (drawn), the units as rows [amplitude, coordinates...], or the path of
// a CSV in truth.csv's format. A file is read here, once: the scenario then holds its
// numbers, so a checkpoint or a written scenario.json reproduces the truth without it.
// truth.count becomes the number of units (validateScenario holds the two together).
KeyBinding givenTruth(const std::string& path, const std::string& meaning) {
    const std::string range = "null (drawn from truth.seed); [[amplitude, coordinates...], ...], one row per unit (1 to " +
                              std::to_string(kMaxTruthUnits) + "); or a CSV file's path, header w,theta0,... as "
                              "truth.csv is written (relative to the scenario file)";
    KeyBinding b;
    b.doc = documented(path, "array or string", range, meaning, json(nullptr));
    b.read = [=](Scenario& s, const json& v, const std::string& where) {
        TruthRows rows;
        if (v.is_null()) {
            s.truth.given.clear();
            return;
        } else if (v.is_string()) {
            rows = loadTruthCsv(truthPathFrom(where, v.get<std::string>()));
        } else if (v.is_array() && !v.empty() && v.size() <= std::size_t(kMaxTruthUnits)) {
            for (std::size_t j = 0; j < v.size(); ++j) {
                const json& unit = v[j];
                auto bad = [&](const std::string& what) {
                    return InputError(fail(where, "key '" + path + "' unit " + std::to_string(j + 1) + ": " + what));
                };
                if (!unit.is_array() || unit.size() < 2) throw bad("expected [amplitude, coordinates...]");
                if (j > 0 && unit.size() != v[0].size())
                    throw bad("has " + std::to_string(unit.size()) + " numbers where unit 1 has " + std::to_string(v[0].size()));
                std::vector<double> row;
                for (std::size_t k = 0; k < unit.size(); ++k) {
                    if (!unit[k].is_number() || !std::isfinite(unit[k].get<double>()))
                        throw bad("number " + std::to_string(k + 1) + " = " + unit[k].dump() + " is not a finite number");
                    row.push_back(unit[k].get<double>());
                }
                rows.push_back(std::move(row));
            }
        } else {
            throw InputError(fail(where, "key '" + path + "' must be " + range));
        }
        s.truth.given = std::move(rows);
        s.truth.count = static_cast<int>(s.truth.given.size());
    };
    b.write = [](const Scenario& s) { return s.truth.given.empty() ? json(nullptr) : json(s.truth.given); };
    return b;
}

#define FIELD(T, expr) std::function<T&(Scenario&)>([](Scenario& s) -> T& { return s.expr; })

const std::vector<KeyBinding>& bindings() {
    static const std::vector<KeyBinding> table = {
        text("name", FIELD(std::string, name), "Short name shown in titles and file names."),
        text("description", FIELD(std::string, description), "What the scenario shows, in a sentence or two."),
        shown(choice("problem.kind", FIELD(ProblemKind, problem),
               "Sparse spikes deconvolution on the torus, or a two-layer network (teacher-student)."), "problem"),
        integer<int>("deconvolution.dimension", FIELD(int, deconvolution.dimension), 1, 2,
                     "1: spikes on the circle [0,1); 2: on the torus [0,1)^2."),
        shown(choice("deconvolution.kernel", FIELD(FilterKind, deconvolution.kernel),
               "Filter psi: the Dirichlet kernel of order K (ideal low-pass) or a periodized Gaussian."), "filter \xcf\x88"),
        shown(integer<int>("deconvolution.order", FIELD(int, deconvolution.order), 1, 256,
                     "K, the highest frequency of the Dirichlet kernel (2K+1 Fourier coefficients per axis)."), "order K"),
        shown(number("deconvolution.width", FIELD(double, deconvolution.width), 0.005, 0.5, false,
               "Standard deviation of the periodized Gaussian filter (its Fourier series is cut where "
               "coefficients fall below 1e-14)."), "filter width"),
        shown(integer<int>("deconvolution.samples", FIELD(int, deconvolution.samples), 3, 1000000,
                     "n regular observation points x_k = k/n (per axis in 2-D); must exceed twice the "
                     "kernel's highest frequency."), "samples n"),
        shown(number("deconvolution.noise", FIELD(double, deconvolution.noise), 0.0, 1e3, false,
               "Standard deviation of Gaussian noise added to each observation."), "noise"),
        shown(integer<int>("truth.count", FIELD(int, truth.count), 1, 10000,
                     "m0: the number of true spikes or teacher units."), "truth m\xe2\x82\x80"),
        number("truth.amplitude_min", FIELD(double, truth.amplitudeMin), 0.0, 1e6, false,
               "Smallest |amplitude| of a true spike or teacher unit."),
        number("truth.amplitude_max", FIELD(double, truth.amplitudeMax), 0.0, 1e6, false,
               "Largest |amplitude|; amplitudes are uniform in [min, max]."),
        choice("truth.signs", FIELD(SignPattern, truth.signs),
               "Signs of the amplitudes."),
        number("truth.min_separation", FIELD(double, truth.minSeparation), 0.0, 3.2, false,
               "Deconvolution: smallest torus distance between spikes. Networks: smallest angle "
               "(radians) between teacher directions."),
        optionalSeed("truth.seed", FIELD(std::optional<std::uint64_t>, truth.seed),
                     "Seed of the ground truth (spikes or teacher units) and of the data (observation noise, "
                     "fixed samples of the empirical risk); null follows run.seed."),
        givenTruth("truth.given",
                   "The truth unit by unit instead of drawn: each unit's amplitude, then its position on the "
                   "torus (deconvolution) or its direction (networks; used as given, unit length expected), as "
                   "the window's truth editing leaves it. truth.count, amplitude_*, signs and min_separation "
                   "then do not apply; truth.seed still draws the data (noise, samples). A run given its own "
                   "truth.csv back equals it bit for bit."),
        shown(choice("network.activation", FIELD(Activation, network.activation),
               "Unit sigma: ReLU (2-homogeneous) or the logistic sigmoid (partially 1-homogeneous)."), "unit \xcf\x83"),
        shown(integer<int>("network.input_dim", FIELD(int, network.inputDim), 1, 100000, "d, the input dimension."), "input dim d"),
        shown(boolean("network.bias", FIELD(bool, network.bias),
                "Append a constant coordinate 1 to every input (positions then have d+1 coordinates)."), "bias"),
        shown(choice("network.risk", FIELD(RiskKind, network.risk),
               "Expectation over x ~ N(0, I_d): exact closed form (ReLU without bias), mean over n fixed "
               "samples, or fresh mini-batches each step."), "risk"),
        integer<int>("network.samples", FIELD(int, network.samples), 1, 100000000,
                     "n, the fixed samples of the empirical risk."),
        integer<int>("network.batch_size", FIELD(int, network.batchSize), 1, 10000000,
                     "Samples drawn afresh at every step of the mini-batch risk."),
        shown(choice("network.loss", FIELD(LossKind, network.loss),
               "l(f, y) of the risks over samples: quadratic 1/2 (f - y)^2 (regression), or logistic "
               "log(1 + exp(-y f)) (classification, labels -1 and +1; a teacher's labels are then the "
               "signs of f*)."), "loss"),
        shown(choice("data.kind", FIELD(DataKind, data.kind),
               "The network's samples when data.file is empty: teacher (inputs x ~ N(0, I_d), labels from "
               "the teacher), or a data set of the plane drawn from truth.seed: circles (a disc inside a "
               "ring), xor (the quadrants' sign product), gaussians (two blobs), spirals (two "
               "interleaved arms). Built-in sets need network.input_dim = 2 and label -1 or +1."), "data"),
        text("data.file", FIELD(std::string, data.file),
             "A CSV file of samples that replaces data.kind when not empty: a header row naming the "
             "columns x0 .. x{d-1} and y (in any order), numbers only; labels -1/+1 or 0/1 for the "
             "logistic loss (0 is read as -1). A relative path is taken from the working folder."),
        shown(integer<int>("data.samples", FIELD(int, data.samples), 2, 10000000,
                     "Points of a built-in data set, training and test together."), "data points"),
        shown(number("data.noise", FIELD(double, data.noise), 0.0, 10.0, false,
               "Standard deviation of the Gaussian noise added to a built-in data set's points "
               "(the sets span about [-1, 1]^2)."), "data noise"),
        shown(number("data.test_fraction", FIELD(double, data.testFraction), 0.0, 0.9, false,
               "Share of the samples (file, built-in set or the teacher's fixed samples) held out as a "
               "test set, chosen by a shuffle from truth.seed; its loss and accuracy are history "
               "columns."), "test share"),
        choice("network.population_kernel", FIELD(PopulationKernel, network.populationKernel),
               "How the population risk's kernel sums are taken: auto sorts the units by angle in the plane "
               "(d = 2, O(m log m) per step) and sums all pairs elsewhere; pairwise always sums all pairs "
               "(O(m^2)), for comparison."),
        shown(choice("regularizer.kind", FIELD(RegularizerKind, regularizer.kind),
               "V(w, theta): none, lambda |w|, or lambda (w^2 + |theta|^2) (networks only)."), "penalty"),
        shown(number("regularizer.lambda", FIELD(double, regularizer.lambda), 0.0, 1e6, false, "lambda, the penalty's weight."), "penalty \xce\xbb"),
        shown(integer<int>("particles.count", FIELD(int, particleCount), 1, 100000000,
                     "m, the number of particles (refused beforehand if its memory exceeds the machine's)."), "particles m"),
        shown(choice("init.kind", FIELD(InitKind, init.kind),
               "Initial measure. Separating: grid or uniform positions (torus), sphere (networks). "
               "Non-separating: subinterval (torus), half_sphere (networks), point (all particles at one "
               "point)."), "initialization"),
        number("init.radius", FIELD(double, init.radius), 0.0, 1e6, false,
               "Torus: |w| of every initial particle. Networks: radius r0 of the sphere in R^(1+d) on which "
               "u = (w, theta) starts."),
        choice("init.weights", FIELD(InitWeights, init.weights),
               "Torus initializations: weights 0, or +-radius alternating along the particles, or with "
               "random signs."),
        optionalSeed("init.seed", FIELD(std::optional<std::uint64_t>, init.seed),
                     "Seed of the initial particles, of the mini-batches and of the particles a resize "
                     "adds; null follows run.seed."),
        interval("init.interval", "The sub-interval [lo, hi] of the circle (of each axis in 2-D) for kind = subinterval."),
        shown(choice("dynamics.kind", FIELD(DynamicsKind, dynamics.kind),
               "Forward Euler on u = (w, theta); forward-backward (gradient step, then soft-threshold "
               "for l1); or the conic (Wasserstein-Fisher-Rao) flow with multiplicative mass updates."), "flow"),
        shown(number("dynamics.step_size", FIELD(double, dynamics.stepSize), 0.0, 1e6, true,
               "eta (the mass step alpha for conic); the flow time advances by eta per step."), "step size \xce\xb7"),
        shown(number("dynamics.position_scale", FIELD(double, dynamics.positionScale), 0.0, 1e6, true,
               "Conic dynamics: position step beta = position_scale * eta."), "position scale"),
        shown(number("dynamics.output_scale", FIELD(double, dynamics.outputScale), 0.0, 1e6, true,
               "alpha in f = alpha/m sum w phi; the step is divided by alpha^2. Large alpha: lazy "
               "(kernel) regime; 1: mean-field."), "output scale \xce\xb1", "", "Large \xce\xb1: lazy (kernel) regime, particles barely move. 1: mean field."),
        number("convergence.tolerance", FIELD(double, convergence.tolerance), 0.0, 1.0, false,
               "Stop early once, relative to their values at step 0, the objective's change over the "
               "window and the velocity norm both fall below this tolerance; 0 never stops early."),
        integer<int>("convergence.window", FIELD(int, convergence.window), 1, 1000000,
                     "Steps over which the convergence rule measures changes."),
        shown(integer<int>("run.steps", FIELD(int, run.steps), 0, 2000000000, "Steps of a run."), "steps"),
        integer<std::uint64_t>("run.seed", FIELD(std::uint64_t, run.seed), 0, 9007199254740992.0,
                               "Seed of every random draw (truth, data, initialization, mini-batches) that truth.seed or "
                               "init.seed does not take over."),
        integer<int>("run.record_every", FIELD(int, run.recordEvery), 1, 100000000,
                     "The history keeps one row every this many steps (and always the last)."),
        integer<int>("run.threads", FIELD(int, run.threads), 0, 256,
                     "Threads of one evaluation (particle loops and matrix products); 0 picks all cores but "
                     "one, or OMP_NUM_THREADS when set. Results do not depend on it."),
        choice("run.precision", FIELD(Precision, run.precision),
               "Arithmetic of the evaluation: double, or float (the particles stay double). Networks: "
               "the matrix products and units run in float, about twice as fast. 1-D deconvolution: "
               "the per-particle work (phases, powers, partial spectra of 8192 particles, the field and "
               "its gradient) runs in float and evaluates about 1.7 times as fast; the total spectrum, "
               "the residual and the loss stay double. 2-D deconvolution always evaluates in double."),
    };
    return table;
}
#undef FIELD

const KeyBinding* findBinding(const std::string& path) {
    for (const auto& b : bindings())
        if (b.doc.path == path) return &b;
    return nullptr;
}

std::string knownKeysOf(const std::string& path) {
    const auto dot = path.find('.');
    const std::string section = dot == std::string::npos ? "" : path.substr(0, dot + 1);
    std::string list;
    for (const auto& b : bindings())
        if (section.empty() || b.doc.path.rfind(section, 0) == 0) list += (list.empty() ? "" : ", ") + b.doc.path;
    return list;
}

void flatten(const json& node, const std::string& prefix, std::vector<std::pair<std::string, json>>& out) {
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string path = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (it->is_object() && !findBinding(path)) flatten(*it, path, out);
        else out.emplace_back(path, *it);
    }
}

void setPath(json& root, const std::string& path, const json& value) {
    json* node = &root;
    std::size_t start = 0;
    for (std::size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1)
        node = &(*node)[path.substr(start, dot - start)];
    (*node)[path.substr(start)] = value;
}

}  // namespace

const std::vector<ScenarioKey>& scenarioKeys() {
    static const std::vector<ScenarioKey> keys = [] {
        std::vector<ScenarioKey> k;
        for (const auto& b : bindings()) {
            ScenarioKey key = b.doc;
            // Unlabelled keys show their last part ("min separation"); the tooltip is the
            // meaning's first sentence.
            if (key.label.empty()) {
                key.label = key.path.substr(key.path.rfind('.') + 1);
                std::replace(key.label.begin(), key.label.end(), '_', ' ');
            }
            if (key.help.empty()) {
                const auto stop = key.meaning.find(". ");
                key.help = stop == std::string::npos ? key.meaning : key.meaning.substr(0, stop + 1);
            }
            k.push_back(key);
        }
        return k;
    }();
    return keys;
}

Scenario scenarioFromJson(const json& root, const std::string& origin) {
    if (!root.is_object()) throw InputError(fail(origin, "a scenario must be a JSON object"));
    Scenario s;
    std::vector<std::pair<std::string, json>> leaves;
    flatten(root, "", leaves);
    std::set<std::string> given;  // "a.b" and {"a": {"b"}} are one key: one of them would silently win
    for (const auto& [path, value] : leaves) {
        const KeyBinding* b = findBinding(path);
        if (!b) throw InputError(fail(origin, "unknown key '" + path + "' (known: " + knownKeysOf(path) + ")"));
        if (!given.insert(path).second)
            throw InputError(fail(origin, "key '" + path + "' is given twice (dotted and nested); keep one"));
        b->read(s, value, origin);
    }
    validateScenario(s, origin);
    return s;
}

Scenario parseScenario(const std::string& text, const std::string& origin) {
    // Duplicate keys are an error: JSON parsers silently keep one of them.
    std::vector<std::set<std::string>> keysPerObject;
    std::string duplicate;
    // A scenario nests three levels (section, key, interval); thousands would overflow the
    // stack of the recursive reading below.
    constexpr int kMaxDepth = 32;
    auto watch = [&](int depth, json::parse_event_t event, json& parsed) {
        if (depth > kMaxDepth) throw InputError(fail(origin, "nested deeper than " + std::to_string(kMaxDepth) + " levels"));
        if (event == json::parse_event_t::object_start) keysPerObject.emplace_back();
        else if (event == json::parse_event_t::object_end) keysPerObject.pop_back();
        else if (event == json::parse_event_t::key && duplicate.empty() &&
                 !keysPerObject.back().insert(parsed.get<std::string>()).second)
            duplicate = parsed.get<std::string>();
        return true;
    };
    json root;
    try {
        root = json::parse(text, watch);
    } catch (const json::exception& e) {  // a syntax error, or a number beyond double's range
        const std::string what = e.what();  // "[json.exception.KIND.N] message"
        const auto bracket = what.find("] ");
        throw InputError(fail(origin, "not valid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2))));
    }
    if (!duplicate.empty()) throw InputError(fail(origin, "duplicate key '" + duplicate + "'"));
    return scenarioFromJson(root, origin);
}

Scenario loadScenario(const std::string& path) {
    // Scenarios are a few kilobytes: anything past this is not one, and is not read whole.
    constexpr std::uintmax_t kMaxScenarioBytes = 16u << 20;
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) throw InputError(path + ": is a directory, not a scenario file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open scenario file (" + std::strerror(errno) + ")");
    const auto size = std::filesystem::file_size(path, error);
    if (!error && size > kMaxScenarioBytes)
        throw InputError(path + ": " + std::to_string(size) + " bytes is too large for a scenario file (at most 16 MB)");
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().empty()) throw InputError(path + ": the scenario file is empty");
    return parseScenario(text.str(), path);
}

json scenarioToJson(const Scenario& s) {
    json root = json::object();
    for (const auto& b : bindings()) setPath(root, b.doc.path, b.write(s));
    return root;
}

void setScenarioValue(Scenario& s, const std::string& path, const std::string& valueText, const std::string& origin) {
    const KeyBinding* b = findBinding(path);
    if (!b) throw InputError(fail(origin, "unknown key '" + path + "' (known: " + knownKeysOf(path) + ")"));
    json value;
    try {
        value = json::parse(valueText);
    } catch (const json::exception&) {
        value = valueText;  // a bare word, e.g. relu (or a number beyond range, refused by the key)
    }
    Scenario changed = s;
    // A new count or seed of the truth asks for a drawn truth: a given one gives way (the
    // window's m0 slider after the truth was edited; --set truth.count=4).
    if (path == "truth.count" || path == "truth.seed") changed.truth.given.clear();
    b->read(changed, value, origin);
    validateScenario(changed, origin);
    s = changed;
}

void validateScenario(const Scenario& s, const std::string& origin) {
    auto require = [&](bool ok, const std::string& message) {
        if (!ok) throw InputError(fail(origin, message));
    };
    require(s.truth.amplitudeMin <= s.truth.amplitudeMax, "key 'truth.amplitude_min' must not exceed 'truth.amplitude_max'");
    const bool given = !s.truth.given.empty();
    if (given) {
        const int coordinates = static_cast<int>(s.truth.given[0].size()) - 1;
        require(coordinates == s.positionDim(),
                "key 'truth.given' gives units of " + std::to_string(coordinates) + " coordinates; this problem's " +
                    (s.isDeconvolution() ? "spikes have " : "teacher units have ") + std::to_string(s.positionDim()) +
                    (s.isDeconvolution() ? " (deconvolution.dimension)" : " (network.input_dim, plus 1 with bias)"));
        require(s.truth.count == static_cast<int>(s.truth.given.size()),
                "key 'truth.count' = " + std::to_string(s.truth.count) + " differs from the " +
                    std::to_string(s.truth.given.size()) + " units of 'truth.given' (set truth.given to null, or set truth.count or truth.seed after it, to draw the truth)");
        if (!s.isDeconvolution())
            for (std::size_t j = 0; j < s.truth.given.size(); ++j) {
                double norm = 0.0;
                for (std::size_t k = 1; k < s.truth.given[j].size(); ++k) norm += s.truth.given[j][k] * s.truth.given[j][k];
                require(norm > 0.0, "key 'truth.given' unit " + std::to_string(j + 1) + ": a teacher direction cannot be 0");
            }
    }
    if (s.isDeconvolution()) {
        require(s.init.kind != InitKind::Sphere && s.init.kind != InitKind::HalfSphere,
                "key 'init.kind' = \"" + choiceName(s.init.kind) +
                    "\" does not apply to deconvolution (grid, uniform, subinterval, point)");
        require(s.regularizer.kind != RegularizerKind::WeightDecay,
                "key 'regularizer.kind' = \"weight_decay\" penalizes positions, which live on the torus in "
                "deconvolution; use none or l1");
        // Random sequential placement jams near these packings: stay clearly below them.
        const int dim = s.deconvolution.dimension;
        // The n^2 observation points of the torus are counted in int.
        require(dim == 1 || s.deconvolution.samples <= 46340,
                "key 'deconvolution.samples' = " + std::to_string(s.deconvolution.samples) +
                    " is outside [3, 46340] in 2-D (n^2 points)");
        const double maxSeparation = dim == 1 ? 0.7 / s.truth.count : 0.6 / std::sqrt(double(s.truth.count));
        require(given || s.truth.minSeparation <= maxSeparation,
                "key 'truth.min_separation' = " + show(s.truth.minSeparation) + " is too large for " +
                    std::to_string(s.truth.count) + " spikes (at most " + show(maxSeparation) + ")");
    } else {
        require(s.init.kind == InitKind::Sphere || s.init.kind == InitKind::HalfSphere || s.init.kind == InitKind::Point,
                "key 'init.kind' = \"" + choiceName(s.init.kind) + "\" does not apply to networks (sphere, half_sphere, point)");
        if (s.network.risk == RiskKind::Population)
            require(s.network.activation == Activation::Relu && !s.network.bias,
                    "key 'network.risk' = \"population\" has a closed form only for relu without bias; "
                    "use empirical or minibatch");
        const bool samples = s.network.risk != RiskKind::Population;
        const std::string dataKey =
            s.usesDataFile() ? "key 'data.file'" : "key 'data.kind' = \"" + choiceName(s.data.kind) + "\"";
        require(samples || s.network.loss == LossKind::Quadratic,
                "key 'network.loss' = \"logistic\" is taken over samples; use network.risk empirical or minibatch");
        require(samples || !s.usesGivenData(),
                dataKey + " gives samples; use network.risk empirical or minibatch");
        require(samples || s.data.testFraction == 0.0,
                "key 'data.test_fraction' holds out samples; use network.risk empirical or minibatch");
        require(!s.usesGivenData() || s.usesDataFile() || s.network.inputDim == 2,
                "key 'data.kind' = \"" + choiceName(s.data.kind) + "\" is a data set of the plane; it needs network.input_dim = 2");
        require(!given || !s.usesGivenData(),
                dataKey + " replaces the teacher; it cannot be used with truth.given");
        require(given || s.truth.minSeparation <= 0.0 || s.truth.count == 1 || s.positionDim() >= 2,
                "key 'truth.min_separation' needs at least 2 input dimensions");
        if (s.positionDim() == 2)
            require(given || s.truth.minSeparation * s.truth.count <= 0.7 * 2.0 * M_PI,
                    "key 'truth.min_separation' = " + show(s.truth.minSeparation) + " is too large for " +
                        std::to_string(s.truth.count) + " teacher directions in the plane");
        else
            require(given || s.truth.minSeparation <= 1.2, "key 'truth.min_separation' must be at most 1.2 radians above 2 dimensions");
    }
    if (s.dynamics.kind == DynamicsKind::Conic)
        require(s.regularizer.kind != RegularizerKind::WeightDecay,
                "key 'dynamics.kind' = \"conic\" supports regularizer none or l1 (the conic flow's mass "
                "penalty is lambda |w|)");
    const double needed = estimateMemoryBytes(s), available = usableMemoryBytes();
    require(needed <= available, "key 'particles.count' = " + std::to_string(s.particleCount) + " needs about " +
                                     show(needed / 1e9) + " GB, more than the " + show(available / 1e9) +
                                     " GB this machine can give");
}

}  // namespace flowscope
