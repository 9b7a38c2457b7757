#include "run_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <iomanip>
#include <sstream>

#include "file_io.hpp"
#include "particle_csv.hpp"

namespace flowscope::cli {

namespace {
constexpr std::size_t kBlockBytes = std::size_t(1) << 20;
}

StreamedFile::StreamedFile(const std::string& path, const std::string& shown) : shown_(shown) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throwFileError(shown_, "cannot write", errno);
}

StreamedFile::~StreamedFile() {
    if (fd_ >= 0) ::close(fd_);
}

void StreamedFile::add(const std::string& text) {
    buffer_ += text;
    if (buffer_.size() >= kBlockBytes) flush();
}

void StreamedFile::flush() {
    writeAll(fd_, buffer_, shown_);
    buffer_.clear();
}

void StreamedFile::close() {
    if (fd_ < 0) return;
    flush();
    if (::fsync(fd_) != 0) throwFileError(shown_, "cannot write", errno);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throwFileError(shown_, "cannot write", errno);
}

HistoryCsv::HistoryCsv(const OutputFolder& out) : file_(out.staged("history.csv"), out.path() + "/history.csv") {
    file_.add(std::string(kHistoryHeader) + "\n");
}

std::string historyRow(const HistoryPoint& p) {
    std::ostringstream row;
    row << std::setprecision(17) << p.step << ',' << p.time << ',' << p.objective << ',' << p.loss << ','
        << p.regularizer << ',' << p.excess << ',' << p.gradNorm << ',' << p.testLoss << ',' << p.accuracy << ','
        << p.testAccuracy;
    return row.str();
}

void HistoryCsv::add(const HistoryPoint& p) { file_.add(historyRow(p) + "\n"); }

TrajectoryFile::TrajectoryFile(const OutputFolder& out, int dim)
    : file_(out.staged("trajectories.csv"), out.path() + "/trajectories.csv") {
    std::string header = "step,time,particle,w";
    for (int k = 0; k < dim; ++k) header += ",theta" + std::to_string(k);
    file_.add(header + "\n");
}

void TrajectoryFile::record(const Simulation& sim) {
    const ParticleSet& p = sim.particles();
    std::ostringstream rows;
    rows << std::setprecision(9);
    for (int i = 0; i < p.count(); ++i) {
        rows << sim.stepCount() << ',' << sim.time() << ',' << i << ',' << p.w[i];
        for (int k = 0; k < p.dim(); ++k) rows << ',' << p.theta(k, i);
        rows << '\n';
    }
    file_.add(rows.str());
}

void writeRunOutput(OutputFolder& out, const Simulation& sim) {
    std::ostringstream particles, truth;
    writeParticleCsv(particles, sim.particles());
    writeParticleCsv(truth, sim.problem().truth());
    out.write("particles.csv", particles.str());
    out.write("truth.csv", truth.str());
    out.write("scenario.json", scenarioToJson(sim.scenario()).dump(2) + "\n");
    out.commit();
}

}  // namespace flowscope::cli
