#pragma once
// Errors in what a user gave us (a scenario file, a key, a value, a CSV line).
// They carry where the problem is so the message can name it; tools print
// what() on one line and exit with code 2.
//
// Errors of the machine rather than of the input (a full disk, a permission, an I/O
// error, a folder in use by another writer) are EnvironmentError: the same one line
// naming the file, and exit code 4, so a script can tell "fix the command" from
// "fix the machine, then rerun the same command".
#include <stdexcept>
#include <string>

namespace flowscope {

class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

class EnvironmentError : public std::runtime_error {
public:
    explicit EnvironmentError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace flowscope
