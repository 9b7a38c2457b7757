#pragma once
// What `--version` prints: the project's version (project() in CMakeLists.txt) and the git
// revision the build was configured from. Linked by the programs only (target
// flowscope_version), so a new commit relinks two programs, not every test.
#include <string>

namespace flowscope {

std::string versionNumber();  // "0.1.0"
std::string gitRevision();    // a short hash, or "unknown" outside a git checkout
// "flowscope 0.1.0 (git 1a2b3c4)" for program "flowscope": a program's name, then its version,
// the form help2man reads the man page's name and version from.
std::string versionLine(const std::string& program);

}  // namespace flowscope
