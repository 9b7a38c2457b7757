#include "run_output.hpp"

#include <filesystem>
#include <fstream>
#include <iomanip>

#include "input_error.hpp"
#include "particle_csv.hpp"

namespace flowscope::cli {

namespace {
// Written beside the target, then renamed: a reader never sees half a file.
template <class Write>
void writeAtomically(const std::string& path, Write write) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary);
        if (!out) throw InputError(path + ": cannot write");
        write(out);
        out.flush();
        if (!out) throw InputError(path + ": write failed (disk full?)");
    }
    std::filesystem::rename(temporary, path);
}
}  // namespace

TrajectoryFile::TrajectoryFile(const std::string& path, int dim) : path_(path) {
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
    out_ = std::make_unique<std::ofstream>(path);
    if (!*out_) throw InputError(path + ": cannot write");
    *out_ << "step,time,particle,w";
    for (int k = 0; k < dim; ++k) *out_ << ",theta" << k;
    *out_ << '\n' << std::setprecision(9);
}

void TrajectoryFile::record(const Simulation& sim) {
    const ParticleSet& p = sim.particles();
    for (int i = 0; i < p.count(); ++i) {
        *out_ << sim.stepCount() << ',' << sim.time() << ',' << i << ',' << p.w[i];
        for (int k = 0; k < p.dim(); ++k) *out_ << ',' << p.theta(k, i);
        *out_ << '\n';
    }
    if (!*out_) throw InputError(path_ + ": write failed (disk full?)");
}

void writeHistoryCsv(const std::string& path, const LossHistory& history) {
    writeAtomically(path, [&](std::ostream& out) {
        out << "step,time,objective,loss,regularizer,excess,grad_norm\n" << std::setprecision(17);
        for (const auto& p : history.points())
            out << p.step << ',' << p.time << ',' << p.objective << ',' << p.loss << ',' << p.regularizer << ','
                << p.excess << ',' << p.gradNorm << '\n';
    });
}

void writeRunOutput(const std::string& folder, const Simulation& sim) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) throw InputError(folder + ": cannot create the output folder (" + error.message() + ")");
    writeHistoryCsv(folder + "/history.csv", sim.history());
    writeAtomically(folder + "/particles.csv", [&](std::ostream& out) { writeParticleCsv(out, sim.particles()); });
    writeAtomically(folder + "/truth.csv", [&](std::ostream& out) { writeParticleCsv(out, sim.problem().truth()); });
    writeAtomically(folder + "/scenario.json",
                    [&](std::ostream& out) { out << scenarioToJson(sim.scenario()).dump(2) << '\n'; });
}

}  // namespace flowscope::cli
