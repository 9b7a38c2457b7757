#include "fuzz_inputs.hpp"

#include <algorithm>
#include <sstream>

#include "checkpoint.hpp"
#include "data_csv.hpp"
#include "input_error.hpp"
#include "particle_csv.hpp"
#include "scenario.hpp"
#include "scenario_library.hpp"
#include "simulation.hpp"
#include "sweep.hpp"
#include "sweep_results.hpp"

namespace flowscope::fuzz {

namespace {
bool sameParticles(const ParticleSet& a, const ParticleSet& b) {
    return a.count() == b.count() && a.dim() == b.dim() && a.w == b.w && a.theta == b.theta;
}
}  // namespace

// Small enough to build and step within the fuzzer's time budget per input.
bool quickToRun(const Scenario& s) {
    const auto& d = s.deconvolution;
    const auto& n = s.network;
    return s.particleCount <= 200 && s.truth.count <= 50 && d.order <= 32 &&
           d.samples <= (d.dimension == 1 ? 2000 : 100) && n.inputDim <= 50 && n.samples <= 5000 && n.batchSize <= 5000 &&
           s.data.samples <= 5000 && s.data.file.empty();  // a fuzzed path is not opened
}

void feedScenario(const std::string& bytes) {
    const Scenario scenario = parseScenario(bytes, "input");
    const auto resolved = scenarioToJson(scenario);
    if (scenarioToJson(parseScenario(resolved.dump(), "resolved")) != resolved)
        throw PropertyViolation("a resolved scenario does not read back to itself");
    // Every accepted scenario must also run: odd but valid values reach the numerics.
    if (!quickToRun(scenario)) return;
    Simulation simulation(scenario);
    simulation.run(3);
    if (!simulation.particles().allFinite()) throw PropertyViolation("a run holds non-finite particles");
}

void feedParticleCsv(const std::string& bytes) {
    std::istringstream in(bytes);
    const ParticleSet particles = parseParticleCsv(in, "input");
    std::stringstream rewritten;
    writeParticleCsv(rewritten, particles);
    if (!sameParticles(parseParticleCsv(rewritten, "rewritten"), particles))
        throw PropertyViolation("particles written as CSV do not read back exactly");
}

// Read for a network of two inputs: as regression data, then (labels checked) as classes.
void feedDataCsv(const std::string& bytes) {
    std::istringstream in(bytes);
    const Dataset data = parseDataCsv(in, "input", 2, LossKind::Quadratic);
    std::stringstream rewritten;
    writeDataCsv(rewritten, data);
    const Dataset back = parseDataCsv(rewritten, "rewritten", 2, LossKind::Quadratic);
    if (back.inputs != data.inputs || back.labels != data.labels)
        throw PropertyViolation("samples written as CSV do not read back exactly");
    std::istringstream again(bytes);
    const Dataset classes = parseDataCsv(again, "input", 2, LossKind::Logistic);
    if (classes.labels.cwiseAbs().minCoeff() != 1.0 || classes.labels.cwiseAbs().maxCoeff() != 1.0)
        throw PropertyViolation("a class label is not -1 or +1");
}

void feedCheckpoint(const std::string& bytes) {
    // Fuzzed bytes almost never carry a valid checksum, so the reader's body is fed on its
    // own as well: both layers must refuse cleanly.
    try {
        parseCheckpoint(bytes, "input");
    } catch (const InputError&) {
    }
    const SimulationState state = parseCheckpointRecords(bytes, "input");
    const std::string written = formatCheckpoint(state);
    if (formatCheckpoint(parseCheckpoint(written, "rewritten")) != written)
        throw PropertyViolation("a checkpoint written out does not read back to itself");
}

void feedSweepGrid(const std::string& bytes) {
    static const Scenario base = loadScenarioNamed("relu2d-few");
    std::vector<SweepAxis> axes;
    std::int64_t combinations = 1;
    std::size_t start = 0;
    for (std::size_t end; start < bytes.size(); start = end + 1) {
        end = std::min(bytes.find('\n', start), bytes.size());
        axes.push_back(parseSweepAxis(bytes.substr(start, end - start)));
        for (const auto& value : axes.back().values)
            if (value.empty()) throw PropertyViolation("an axis holds an empty value");
        combinations *= std::max<std::int64_t>(1, static_cast<std::int64_t>(axes.back().values.size()));
        // Each combination is validated up front; past this a plan is slow, not wrong.
        if (combinations > 2000 || axes.size() > 8) return;
    }
    const SweepPlan plan(base, axes, 2);
    for (std::int64_t i = 0; i < plan.cellCount(); ++i) {
        const SweepCell cell = plan.cell(i);
        if (cell.index != i || cell.values.size() != axes.size()) throw PropertyViolation("a cell does not name itself");
        SweepResult r;
        r.cell = cell;
        const std::string text = sweepResultsHeader(plan) + "\n" + formatSweepResult(r);
        const auto reading = readSweepResults(text, plan, "input");
        if (!reading.clean || reading.finished.count(i) != 1)
            throw PropertyViolation("a written result row does not read back");
    }
}

void feedSweepResults(const std::string& bytes) {
    static const SweepPlan plan(loadScenarioNamed("relu2d-few"),
                                {{"particles.count", {"2", "3"}}, {"description", {"a,b", "say \"hi\"", "two\nlines"}}}, 2);
    const auto reading = readSweepResults(bytes, plan, "input");
    for (const auto& problem : reading.problems)
        if (problem.rfind("input:", 0) != 0 || problem.find('\n') != std::string::npos)
            throw PropertyViolation("a problem is not one line naming the input: " + problem);
    if (reading.empty) return;
    // What is kept (the repaired file) reads back clean, to the same cells.
    const auto again = readSweepResults(reading.keptText, plan, "repaired");
    if (!again.clean || again.finished != reading.finished || again.keptText != reading.keptText)
        throw PropertyViolation("a repaired results file does not read back to itself");
}

Feeder feederFor(const std::string& kind) {
    if (kind == "sweep_grid") return feedSweepGrid;
    if (kind == "sweep_results") return feedSweepResults;
    if (kind == "scenario") return feedScenario;
    if (kind == "particle_csv") return feedParticleCsv;
    if (kind == "checkpoint") return feedCheckpoint;
    if (kind == "data_csv") return feedDataCsv;
    return nullptr;
}

}  // namespace flowscope::fuzz
