#include "particle_csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <vector>

#include "input_error.hpp"

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
std::vector<std::string> splitFields(const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream stream(line);
    for (std::string field; std::getline(stream, field, ',');) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    return fields;
}
std::string trimmed(std::string s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}
}  // namespace

ParticleSet parseParticleCsv(std::istream& in, const std::string& origin) {
    std::string line;
    if (!std::getline(in, line)) throw InputError(origin + ": empty file (expected a header w,theta0,...)");
    const auto header = splitFields(line);
    if (header.empty() || trimmed(header[0]) != "w")
        throw InputError(origin + ":1: the header must start with w,theta0,... (found '" + trimmed(line).substr(0, 60) + "')");
    int dim = 0;
    while (dim + 1 < static_cast<int>(header.size()) && trimmed(header[dim + 1]) == "theta" + std::to_string(dim)) ++dim;
    if (dim == 0) throw InputError(origin + ":1: the header names no position column theta0");
    const std::size_t columns = header.size();
    std::vector<double> values;
    int lineNumber = 1;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (trimmed(line).empty()) continue;
        const auto fields = splitFields(line);
        if (fields.size() != columns)
            throw InputError(origin + ":" + std::to_string(lineNumber) + ": expected " + std::to_string(columns) +
                             " fields, found " + std::to_string(fields.size()));
        for (int c = 0; c <= dim; ++c) {
            const std::string text = trimmed(fields[c]);
            char* end = nullptr;
            errno = 0;
            const double x = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(x))
                throw InputError(origin + ":" + std::to_string(lineNumber) + ": column " + trimmed(header[c]) +
                                 " is not a finite number ('" + text.substr(0, 40) + "')");
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

ParticleSet loadParticleCsv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open particle file");
    return parseParticleCsv(in, path);
}

}  // namespace flowscope
