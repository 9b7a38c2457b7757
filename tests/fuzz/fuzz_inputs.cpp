#include "fuzz_inputs.hpp"

#include <sstream>

#include "checkpoint.hpp"
#include "input_error.hpp"
#include "particle_csv.hpp"
#include "scenario.hpp"
#include "simulation.hpp"

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
           d.samples <= (d.dimension == 1 ? 2000 : 100) && n.inputDim <= 50 && n.samples <= 5000 && n.batchSize <= 5000;
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

Feeder feederFor(const std::string& kind) {
    if (kind == "scenario") return feedScenario;
    if (kind == "particle_csv") return feedParticleCsv;
    if (kind == "checkpoint") return feedCheckpoint;
    return nullptr;
}

}  // namespace flowscope::fuzz
