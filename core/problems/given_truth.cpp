#include "given_truth.hpp"

#include <filesystem>
#include <unistd.h>

#include "file_io.hpp"
#include "input_error.hpp"
#include "particle_csv.hpp"

namespace flowscope {

namespace {
// Far above kMaxTruthUnits rows of any dimension a truth is drawn in; a larger file is not
// one, and is refused before it is read.
constexpr std::uint64_t kMaxTruthBytes = std::uint64_t(64) << 20;
}  // namespace

TruthRows truthRows(const ParticleSet& truth) {
    TruthRows rows(truth.count());
    for (int j = 0; j < truth.count(); ++j) {
        rows[j].reserve(truth.dim() + 1);
        rows[j].push_back(truth.w[j]);
        for (int k = 0; k < truth.dim(); ++k) rows[j].push_back(truth.theta(k, j));
    }
    return rows;
}

ParticleSet truthFromRows(const TruthRows& rows) {
    const int dim = rows.empty() ? 0 : static_cast<int>(rows[0].size()) - 1;
    ParticleSet truth(static_cast<int>(rows.size()), dim);
    for (int j = 0; j < truth.count(); ++j) {
        truth.w[j] = rows[j][0];
        for (int k = 0; k < dim; ++k) truth.theta(k, j) = rows[j][k + 1];
    }
    return truth;
}

TruthRows loadTruthCsv(const std::string& path) {
    ::close(openRegularInput(path, "truth file", kMaxTruthBytes));
    const ParticleSet truth = loadParticleCsv(path);  // names file, line and column of a bad cell
    if (truth.count() > kMaxTruthUnits)
        throw InputError(path + ": " + std::to_string(truth.count()) + " units; a truth has at most " +
                         std::to_string(kMaxTruthUnits) + " (truth.count's range)");
    return truthRows(truth);
}

std::string truthPathFrom(const std::string& origin, const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (path.empty() || fs::path(path).is_absolute() || !fs::is_regular_file(origin, error)) return path;
    const fs::path folder = fs::path(origin).parent_path();
    return folder.empty() ? path : (folder / path).string();
}

}  // namespace flowscope
