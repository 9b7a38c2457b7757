#pragma once
// A network's own samples as CSV (data.file): a header row naming the columns
// x0 .. x{d-1} and y, in any order, then one sample per line, numbers only. For the
// logistic loss the labels are -1 and +1, or 0 and 1 (0 is read as -1).
//
// Every refusal is one line naming the file, and where it applies the line and column
// ("data.csv:7:2: column x1 is not a finite number ('abc')"). A file larger than the
// memory its samples could need is refused before it is read.
#include <cstdint>
#include <iosfwd>
#include <string>

#include "dataset.hpp"
#include "scenario_choices.hpp"

namespace flowscope {

// The bytes of a data file a run may read: parsed, each byte of it may become up to 12 bytes
// of samples (a 2-byte "0," is an 8-byte double, kept in the file's order and in the split).
std::uint64_t dataFileByteLimit();

// `inputDim`: the columns x0 .. x{inputDim-1} the network expects.
Dataset parseDataCsv(std::istream& in, const std::string& origin, int inputDim, LossKind loss);
Dataset loadDataCsv(const std::string& path, int inputDim, LossKind loss, std::uint64_t maxBytes = dataFileByteLimit());
// The input dimension a data file's header names (its x columns), reading only the header:
// what the window sets network.input_dim to when a file is loaded.
int dataCsvInputDim(const std::string& path);
void writeDataCsv(std::ostream& out, const Dataset& data);

}  // namespace flowscope
