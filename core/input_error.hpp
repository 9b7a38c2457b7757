#pragma once
// Errors in what a user gave us (a scenario file, a key, a value, a CSV line).
// They carry where the problem is so the message can name it; tools print
// what() on one line and exit with code 2.
#include <stdexcept>
#include <string>

namespace flowscope {

class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace flowscope
