#include "csv_lines.hpp"

#include <cctype>
#include <sstream>

#include "input_error.hpp"

namespace flowscope {

std::string csvExcerpt(const std::string& text, std::size_t length) {
    std::string out = text.substr(0, length);
    for (char& c : out)
        if (!std::isprint(static_cast<unsigned char>(c))) c = '?';
    return out;
}

bool readCsvLine(std::istream& in, std::string& line, const std::string& origin, std::int64_t lineNumber,
                 const std::string& what) {
    line.clear();
    std::streambuf* buffer = in.rdbuf();
    for (;;) {
        const int c = buffer->sbumpc();
        if (c == std::char_traits<char>::eof()) {
            in.setstate(std::ios::eofbit);
            return !line.empty();
        }
        if (c == '\n') return true;
        if (line.size() >= kMaxCsvLineBytes)
            throw InputError(origin + ":" + std::to_string(lineNumber) + ": a line longer than " +
                             std::to_string(kMaxCsvLineBytes >> 20) + " MB (not a " + what + "?)");
        line.push_back(static_cast<char>(c));
    }
}

std::vector<std::string> splitCsvFields(const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream stream(line);
    for (std::string field; std::getline(stream, field, ',');) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    return fields;
}

std::string trimmedField(std::string s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace flowscope
