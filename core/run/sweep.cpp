#include "sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "input_error.hpp"
#include "machine_memory.hpp"
#include "memory_estimate.hpp"
#include "spike_recovery.hpp"
#include "step_cost.hpp"

namespace flowscope {

namespace {

constexpr std::uint64_t kMaxSeed = std::uint64_t(1) << 53;  // run.seed's range

// Every part, empty ones included ("a,b," has three), so an empty value is refused.
std::vector<std::string> splitOn(const std::string& text, char separator) {
    std::vector<std::string> parts(1);
    for (char c : text) {
        if (c == separator) parts.emplace_back();
        else parts.back() += c;
    }
    return parts;
}

bool isIntegerKey(const std::string& key) {
    for (const auto& k : scenarioKeys())
        if (k.path == key) return k.type == "integer";
    return false;
}

std::vector<std::string> logSpaced(const std::string& key, const std::string& spec, const std::string& where) {
    const auto parts = splitOn(spec, ':');  // log, LO, HI, N
    double lo = 0, hi = 0;
    long count = 0;
    try {
        if (parts.size() != 4) throw std::invalid_argument("parts");
        lo = std::stod(parts[1]);
        hi = std::stod(parts[2]);
        count = std::stol(parts[3]);
    } catch (const std::exception&) {
        throw InputError(where + ": expected log:LO:HI:N, e.g. particles.count=log:1:200:12");
    }
    if (!(lo > 0 && hi >= lo && count >= 1 && count <= 100000))
        throw InputError(where + ": log:LO:HI:N needs 0 < LO <= HI and 1 <= N");
    std::vector<std::string> values;
    for (long k = 0; k < count; ++k) {
        const double x = count == 1 ? lo : lo * std::pow(hi / lo, double(k) / (count - 1));
        std::ostringstream text;
        if (isIntegerKey(key)) text << std::llround(x);
        else text << x;
        // Increasing values: a duplicate (of a rounded integer) can only be the previous one.
        if (values.empty() || values.back() != text.str()) values.push_back(text.str());
    }
    return values;
}

}  // namespace

SweepAxis parseSweepAxis(const std::string& spec) {
    const std::string where = "--grid " + spec;
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
        throw InputError(where + ": expected KEY=V1,V2,... or KEY=log:LO:HI:N");
    SweepAxis axis;
    axis.key = spec.substr(0, eq);
    const std::string values = spec.substr(eq + 1);
    axis.values = values.rfind("log:", 0) == 0 ? logSpaced(axis.key, values, where) : splitOn(values, ',');
    for (const auto& v : axis.values)
        if (v.empty()) throw InputError(where + ": empty value in the list");
    return axis;
}

SweepPlan::SweepPlan(const Scenario& base, std::vector<SweepAxis> axes, int seeds, std::uint64_t firstSeed)
    : base_(base), axes_(std::move(axes)), seeds_(seeds), firstSeed_(firstSeed) {
    if (seeds_ < 1) throw InputError("--seeds " + std::to_string(seeds_) + ": at least one seed is needed");
    // The cell count, refused past the limit before it could overflow.
    std::int64_t count = seeds_;
    std::string shape = std::to_string(seeds_) + " seeds";
    for (const auto& axis : axes_) {
        const auto size = static_cast<std::int64_t>(axis.values.size());
        shape = std::to_string(size) + " x " + shape;
        if (size > kMaxSweepCells / count)
            throw InputError("--grid: " + shape + (axes_.size() > 1 ? " and more" : "") + " make more than the " +
                             std::to_string(kMaxSweepCells) + " cells a sweep may have");
        count *= size;
    }
    // Every seed must be a valid run.seed: the first and the last bound them all.
    for (const std::uint64_t seed : {firstSeed_, firstSeed_ + static_cast<std::uint64_t>(seeds_ - 1)}) {
        Scenario probe = base_;
        // Past 2^53 a seed no longer survives the scenario's JSON (a double) exactly.
        if (seed < firstSeed_ || seed > kMaxSeed)
            throw InputError("--first-seed " + std::to_string(firstSeed_) + " --seeds " + std::to_string(seeds_) +
                             ": seeds up to " + std::to_string(kMaxSeed) + " only (run.seed's range)");
        setScenarioValue(probe, "run.seed", std::to_string(seed),
                         "--first-seed " + std::to_string(firstSeed_) + " --seeds " + std::to_string(seeds_));
    }
    for (std::size_t a = 0; a < axes_.size(); ++a) {
        if (axes_[a].key == "run.seed") throw InputError("--grid run.seed: use --seeds to vary the seed");
        for (std::size_t b = 0; b < a; ++b)
            if (axes_[a].key == axes_[b].key) throw InputError("--grid " + axes_[a].key + ": the key is gridded twice");
        // Every value must be valid on its own, so a bad grid fails before any run starts.
        for (const auto& value : axes_[a].values) {
            Scenario probe = base_;
            setScenarioValue(probe, axes_[a].key, value, "--grid " + axes_[a].key + "=" + value);
        }
    }
    // And every combination (some keys constrain others), with its memory.
    for (std::int64_t i = 0; i < cellCount(); i += seeds_)
        peakMemory_ = std::max(peakMemory_, estimateMemoryBytes(scenarioFor(cell(i))));
}

void SweepPlan::requireMemoryFor(int jobs) const {
    const double needed = jobs * peakMemory_, available = usableMemoryBytes();
    requireAddressSpace(needed, "--jobs " + std::to_string(jobs) + " (runs at once)");
    if (needed > available)
        throw InputError("--jobs " + std::to_string(jobs) + ": " + std::to_string(jobs) + " runs at once need about " +
                         std::to_string(needed / 1e9).substr(0, 6) + " GB (the largest cell " +
                         std::to_string(peakMemory_ / 1e9).substr(0, 6) + " GB each), more than the " +
                         std::to_string(available / 1e9).substr(0, 6) + " GB this machine can give; use --jobs " +
                         std::to_string(std::max(1, static_cast<int>(available / std::max(1.0, peakMemory_)))));
}

std::int64_t SweepPlan::cellCount() const {
    std::int64_t count = seeds_;
    for (const auto& axis : axes_) count *= static_cast<std::int64_t>(axis.values.size());
    return count;
}

SweepCell SweepPlan::cell(std::int64_t index) const {
    SweepCell c;
    c.index = index;
    c.seed = firstSeed_ + static_cast<std::uint64_t>(index % seeds_);
    std::int64_t rest = index / seeds_;
    c.values.resize(axes_.size());
    for (std::size_t a = axes_.size(); a-- > 0;) {
        const auto size = static_cast<std::int64_t>(axes_[a].values.size());
        c.values[a] = axes_[a].values[rest % size];
        rest /= size;
    }
    return c;
}

std::vector<SweepCell> SweepPlan::cells(int part, int parts) const {
    std::vector<SweepCell> out;
    for (std::int64_t i = part - 1; i < cellCount(); i += parts) out.push_back(cell(i));
    return out;
}

Scenario SweepPlan::scenarioFor(const SweepCell& c) const {
    Scenario s = base_;
    // Every random draw varies with the cell's seed, as in the paper's experiments, even in
    // a preset that pins truth.seed or init.seed; a --grid over them pins them again.
    s.truth.seed.reset();
    s.init.seed.reset();
    for (std::size_t a = 0; a < axes_.size(); ++a)
        setScenarioValue(s, axes_[a].key, c.values[a], "--grid " + axes_[a].key + "=" + c.values[a]);
    setScenarioValue(s, "run.seed", std::to_string(c.seed), "--seeds");
    return s;
}

std::vector<SweepCell> largestFirst(const SweepPlan& plan, std::vector<SweepCell> cells) {
    // The seed changes no count: one estimate per grid point.
    std::map<std::vector<std::string>, double> costOf;
    std::vector<std::pair<double, std::size_t>> order;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        auto [at, fresh] = costOf.emplace(cells[i].values, 0.0);
        if (fresh) {
            const Scenario s = plan.scenarioFor(cells[i]);
            at->second = stepOperations(s) * static_cast<double>(s.run.steps);
        }
        order.emplace_back(-at->second, i);
    }
    std::sort(order.begin(), order.end());
    std::vector<SweepCell> sorted;
    sorted.reserve(cells.size());
    for (const auto& entry : order) sorted.push_back(std::move(cells[entry.second]));
    return sorted;
}

namespace {
// A cell's row needs the first history point only: a long cell keeps a bounded history.
constexpr std::size_t kCellHistoryCapacity = 1024;
}  // namespace

SweepResult runSweepCell(const SweepPlan& plan, const SweepCell& cell, const std::atomic<bool>* cancel) {
    const auto start = std::chrono::steady_clock::now();
    const Scenario s = plan.scenarioFor(cell);
    Simulation sim(s, kCellHistoryCapacity);
    // In pieces, so a cancelled sweep stops within a fraction of a second.
    sim.runInPieces(s.run.steps, 50, [cancel] { return !(cancel && cancel->load()); });
    SweepResult r;
    r.cell = cell;
    r.status = sim.status();
    r.steps = sim.stepCount();
    r.time = sim.time();
    r.objective = sim.current().objective;
    r.excess = sim.current().excess;
    r.initialObjective = sim.history().points().front().objective;
    r.gradNorm = sim.current().gradNorm;
    if (s.isDeconvolution()) r.recovered = recoversSpikes(sim.particles(), sim.problem().truth()) ? 1 : 0;
    r.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

void runSweep(const SweepPlan& plan, const std::vector<SweepCell>& cells, int threads,
              const std::function<void(const SweepResult&)>& onResult, const std::atomic<bool>& cancel) {
    std::atomic<std::size_t> next{0};
    std::mutex reportMutex;
    std::exception_ptr failure;
    auto worker = [&] {
        for (std::size_t i; !cancel.load() && (i = next++) < cells.size();) {
            try {
                const SweepResult r = runSweepCell(plan, cells[i], &cancel);
                if (cancel.load()) return;  // an interrupted run is not a result
                std::lock_guard<std::mutex> lock(reportMutex);
                onResult(r);
            } catch (...) {
                std::lock_guard<std::mutex> lock(reportMutex);
                if (!failure) failure = std::current_exception();
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, threads); ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace flowscope
