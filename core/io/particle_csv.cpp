#include "particle_csv.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <unistd.h>
#include <sstream>
#include <vector>

#include "csv_lines.hpp"
#include "file_io.hpp"
#include "input_error.hpp"
#include "machine_memory.hpp"

namespace flowscope {

std::string particleCsvHeader(int dim, bool withVelocity) {
    std::string header = "w";
    for (int k = 0; k < dim; ++k) header += ",theta" + std::to_string(k);
    if (withVelocity) {
        header += ",dw";
        for (int k = 0; k < dim; ++k) header += ",dtheta" + std::to_string(k);
    }
    return header;
}

void writeParticleCsv(std::ostream& out, const ParticleSet& p, const ParticleSet* v) {
    out << particleCsvHeader(p.dim(), v != nullptr) << '\n';
    out << std::setprecision(17);
    for (int i = 0; i < p.count(); ++i) {
        out << p.w[i];
        for (int k = 0; k < p.dim(); ++k) out << ',' << p.theta(k, i);
        if (v) {
            out << ',' << v->w[i];
            for (int k = 0; k < p.dim(); ++k) out << ',' << v->theta(k, i);
        }
        out << '\n';
    }
}

void saveParticleCsv(const std::string& path, const ParticleSet& p) {
    std::ofstream out(path);
    if (!out) throw InputError(path + ": cannot write");
    writeParticleCsv(out, p);
}

namespace {
// The largest inputs a run accepts (particles.count and network.input_dim + bias), so a
// file is refused as soon as it is clear that no run could take it, before its memory is.
constexpr std::int64_t kMaxParticles = 100000000;
constexpr int kMaxDim = 100001;
// As validateScenario budgets a run: five copies of every particle within 3/4 of the
// machine's memory. A file with more particles than that could never be run.
std::int64_t maxParticles(int dim) {
    return std::min<std::int64_t>(kMaxParticles, static_cast<std::int64_t>(usableMemoryBytes() / (5.0 * 8.0 * (dim + 1))));
}

// Reads the particles; `linesAfterHeader` (when known, >= 0) lets a file that holds more
// rows than any run could take be refused before anything is read into memory.
ParticleSet parseRows(std::istream& in, const std::string& origin, std::int64_t linesAfterHeader) {
    std::string line;
    if (!readCsvLine(in, line, origin, 1, "particle file")) throw InputError(origin + ": empty file (expected a header w,theta0,...)");
    const auto header = splitCsvFields(line);
    if (header.empty() || trimmedField(header[0]) != "w")
        throw InputError(origin + ":1: the header must start with w,theta0,... (found '" + csvExcerpt(trimmedField(line), 60) + "')");
    int dim = 0;
    while (dim + 1 < static_cast<int>(header.size()) && trimmedField(header[dim + 1]) == "theta" + std::to_string(dim)) ++dim;
    if (dim == 0) throw InputError(origin + ":1: the header names no position column theta0");
    if (dim > kMaxDim)
        throw InputError(origin + ":1: " + std::to_string(dim) + " position columns; at most " + std::to_string(kMaxDim) +
                         " (network.input_dim's range, plus a bias)");
    const std::int64_t most = maxParticles(dim);
    auto tooMany = [&](const std::string& where, const std::string& count) {
        return InputError(origin + where + ": " + count + ", more than the " + std::to_string(most) + " particles of " +
                          std::to_string(dim) + " coordinates a run can hold (particles.count's range and this "
                          "machine's memory)");
    };
    if (linesAfterHeader > most) throw tooMany("", std::to_string(linesAfterHeader) + " lines after the header");
    const std::size_t columns = header.size();
    std::vector<double> values;
    std::int64_t lineNumber = 1, rows = 0;
    while (readCsvLine(in, line, origin, lineNumber + 1, "particle file")) {
        ++lineNumber;
        if (trimmedField(line).empty()) continue;
        if (++rows > most) throw tooMany(":" + std::to_string(lineNumber), "particle " + std::to_string(rows));
        const auto fields = splitCsvFields(line);
        if (fields.size() != columns)
            throw InputError(origin + ":" + std::to_string(lineNumber) + ": expected " + std::to_string(columns) +
                             " fields, found " + std::to_string(fields.size()));
        for (int c = 0; c <= dim; ++c) {
            const std::string text = trimmedField(fields[c]);
            char* end = nullptr;
            const double x = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !std::isfinite(x))  // overflow is inf; subnormals are fine
                throw InputError(origin + ":" + std::to_string(lineNumber) + ": column " + trimmedField(header[c]) +
                                 " is not a finite number ('" + csvExcerpt(text, 40) + "')");
            values.push_back(x);
        }
    }
    const int count = static_cast<int>(values.size() / (dim + 1));
    if (count == 0) throw InputError(origin + ": no particles after the header");
    ParticleSet p(count, dim);
    for (int i = 0; i < count; ++i) {
        p.w[i] = values[i * (dim + 1)];
        for (int k = 0; k < dim; ++k) p.theta(k, i) = values[i * (dim + 1) + 1 + k];
    }
    return p;
}

// Lines after the first, counted without keeping any: the price of refusing a file of
// 10^9 lines before allocating for it is one quick read.
std::int64_t linesAfterFirst(std::istream& in) {
    std::vector<char> block(std::size_t(1) << 20);
    std::int64_t newlines = 0;
    char last = '\n';
    while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) {
        const auto got = static_cast<std::size_t>(in.gcount());
        newlines += std::count(block.data(), block.data() + got, '\n');
        last = block[got - 1];
    }
    return std::max<std::int64_t>(0, newlines + (last != '\n') - 1);
}
}  // namespace

ParticleSet parseParticleCsv(std::istream& in, const std::string& origin) { return parseRows(in, origin, -1); }

ParticleSet loadParticleCsv(const std::string& path) {
    // A regular file only: a FIFO would block, a device (/dev/zero) would never end.
    ::close(openRegularInput(path, "particle file", std::numeric_limits<std::uint64_t>::max()));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open particle file (" + std::strerror(errno) + ")");
    const std::int64_t lines = linesAfterFirst(in);
    in.clear();
    in.seekg(0);
    if (!in) throw InputError(path + ": cannot read particle file (not a regular file?)");
    return parseRows(in, path, lines);
}

}  // namespace flowscope
