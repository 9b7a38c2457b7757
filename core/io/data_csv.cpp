#include "data_csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <algorithm>
#include <unistd.h>
#include <vector>

#include "csv_lines.hpp"
#include "file_io.hpp"
#include "input_error.hpp"
#include "machine_memory.hpp"

namespace flowscope {

namespace {

constexpr int kMaxInputDim = 100000;  // network.input_dim's range

std::string at(const std::string& origin, std::int64_t line) { return origin + ":" + std::to_string(line); }
std::string at(const std::string& origin, std::int64_t line, std::size_t column) {
    return at(origin, line) + ":" + std::to_string(column + 1);
}

// Where each needed column sits in the header: x0 .. x{d-1} first, y last.
std::vector<std::size_t> headerColumns(const std::vector<std::string>& header, const std::string& origin, int inputDim) {
    std::vector<std::size_t> where(inputDim + 1, header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string name = trimmedField(header[c]);
        int slot = -1;
        if (name == "y") slot = inputDim;
        else if (name.size() > 1 && name[0] == 'x' && name.find_first_not_of("0123456789", 1) == std::string::npos &&
                 name.size() <= 7 && (name.size() == 2 || name[1] != '0')) {
            const int k = std::atoi(name.c_str() + 1);
            if (k < inputDim) slot = k;
            else throw InputError(at(origin, 1, c) + ": column " + name + " is past the network's " +
                                  std::to_string(inputDim) + " inputs x0..x" + std::to_string(inputDim - 1) +
                                  " (network.input_dim)");
        }
        if (slot < 0)
            throw InputError(at(origin, 1, c) + ": unknown column '" + csvExcerpt(name, 40) + "' (expected x0..x" +
                             std::to_string(inputDim - 1) + " and y)");
        if (where[slot] != header.size())
            throw InputError(at(origin, 1, c) + ": column " + name + " is named twice");
        where[slot] = c;
    }
    for (int slot = 0; slot <= inputDim; ++slot)
        if (where[slot] == header.size())
            throw InputError(at(origin, 1) + ": the header has no column " +
                             (slot == inputDim ? std::string("y") : "x" + std::to_string(slot)) + " (expected x0..x" +
                             std::to_string(inputDim - 1) + " and y)");
    return where;
}

// Labels of the logistic loss: -1/+1, or 0/1 read as -1/+1; the first label that is not 1
// tells which, and every later one must follow it.
void classLabels(Dataset& data, const std::vector<std::int64_t>& lines, std::size_t yColumn, const std::string& origin) {
    double low = std::nan("");
    for (Eigen::Index k = 0; k < data.size(); ++k) {
        double& y = data.labels[k];
        if (y == 1.0) continue;
        if (std::isnan(low) && (y == 0.0 || y == -1.0)) low = y;
        if (y != low) {
            std::ostringstream value;
            value << y;
            throw InputError(at(origin, lines[k], yColumn) + ": label y = " + value.str() +
                             (std::isnan(low) ? "" : " after labels " + std::string(low == 0.0 ? "0" : "-1")) +
                             "; the logistic loss needs labels -1 and +1, or 0 and 1");
        }
        y = -1.0;
    }
}

}  // namespace

std::uint64_t dataFileByteLimit() { return static_cast<std::uint64_t>(usableMemoryBytes() / 12.0); }

Dataset parseDataCsv(std::istream& in, const std::string& origin, int inputDim, LossKind loss) {
    std::string line;
    if (!readCsvLine(in, line, origin, 1, "data file"))
        throw InputError(origin + ": empty file (expected a header x0,...,y)");
    const auto header = splitCsvFields(line);
    const auto where = headerColumns(header, origin, inputDim);
    const std::size_t columns = header.size();
    std::vector<double> values;
    std::vector<std::int64_t> lines;  // the file line of each sample, for the label check's message
    std::int64_t lineNumber = 1;
    while (readCsvLine(in, line, origin, lineNumber + 1, "data file")) {
        ++lineNumber;
        if (trimmedField(line).empty()) continue;
        const auto fields = splitCsvFields(line);
        if (fields.size() != columns)
            throw InputError(at(origin, lineNumber) + ": expected " + std::to_string(columns) + " fields, found " +
                             std::to_string(fields.size()));
        for (std::size_t c : where) {
            const std::string text = trimmedField(fields[c]);
            char* end = nullptr;
            const double x = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !std::isfinite(x))  // nan, inf and overflow alike
                throw InputError(at(origin, lineNumber, c) + ": column " + trimmedField(header[c]) +
                                 " is not a finite number ('" + csvExcerpt(text, 40) + "')");
            values.push_back(x);
        }
        lines.push_back(lineNumber);
    }
    const auto n = static_cast<Eigen::Index>(lines.size());
    if (n == 0) throw InputError(origin + ": no samples after the header");
    Dataset data;
    data.inputs.resize(inputDim, n);
    data.labels.resize(n);
    for (Eigen::Index k = 0; k < n; ++k) {
        for (int d = 0; d < inputDim; ++d) data.inputs(d, k) = values[k * (inputDim + 1) + d];
        data.labels[k] = values[k * (inputDim + 1) + inputDim];
    }
    if (loss == LossKind::Logistic) classLabels(data, lines, where[inputDim], origin);
    return data;
}

Dataset loadDataCsv(const std::string& path, int inputDim, LossKind loss, std::uint64_t maxBytes) {
    // A regular file within the limit, checked before any of it is read.
    const int fd = openRegularInput(path, "data file", maxBytes);
    ::close(fd);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open data file (" + std::strerror(errno) + ")");
    return parseDataCsv(in, path, inputDim, loss);
}

int dataCsvInputDim(const std::string& path) {
    const int fd = openRegularInput(path, "data file", dataFileByteLimit());
    ::close(fd);
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!in || !readCsvLine(in, line, path, 1, "data file")) throw InputError(path + ": empty file (expected a header x0,...,y)");
    int dim = 0;
    for (const auto& field : splitCsvFields(line)) {
        const std::string name = trimmedField(field);
        if (name.size() > 1 && name[0] == 'x' && name.size() <= 7 &&
            name.find_first_not_of("0123456789", 1) == std::string::npos)
            dim = std::max(dim, std::atoi(name.c_str() + 1) + 1);
    }
    if (dim == 0) throw InputError(path + ":1: the header names no input column x0");
    if (dim > kMaxInputDim) throw InputError(path + ":1: input columns up to x" + std::to_string(dim - 1) + ", more than network.input_dim allows");
    return dim;
}

void writeDataCsv(std::ostream& out, const Dataset& data) {
    for (Eigen::Index d = 0; d < data.inputs.rows(); ++d) out << 'x' << d << ',';
    out << "y\n" << std::setprecision(17);
    for (Eigen::Index k = 0; k < data.size(); ++k) {
        for (Eigen::Index d = 0; d < data.inputs.rows(); ++d) out << data.inputs(d, k) << ',';
        out << data.labels[k] << '\n';
    }
}

}  // namespace flowscope
