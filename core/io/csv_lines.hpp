#pragma once
// The small pieces every CSV reader of the project shares (particle files, data files):
// bounded line reading, splitting on commas, trimming, and quoting input safely in messages.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace flowscope {

// Far above any real row (100001 values and as many velocities, 25 characters each).
constexpr std::size_t kMaxCsvLineBytes = std::size_t(16) << 20;

// std::getline with a bound: a file without line ends cannot make us hold all of it. `what`
// names the expected kind of file in the error ("particle file").
bool readCsvLine(std::istream& in, std::string& line, const std::string& origin, std::int64_t lineNumber,
                 const std::string& what);
std::vector<std::string> splitCsvFields(const std::string& line);
std::string trimmedField(std::string s);
// Messages quote the input: control bytes and binary garbage become '?', so the message
// stays one printable line.
std::string csvExcerpt(const std::string& text, std::size_t length);

}  // namespace flowscope
