#pragma once
// What the fuzzers feed to each reader, shared with the regression suite that replays
// every kept input (tests/fuzz_regression_test.cpp). A feeder parses the bytes and, when
// they are accepted, checks a property of the result (writing it back out reads back to
// the same thing). Bad input must end in InputError; any other exception or a crash is a
// bug. A broken property throws PropertyViolation.
#include <stdexcept>
#include <string>

namespace flowscope::fuzz {

struct PropertyViolation : std::logic_error {
    using std::logic_error::logic_error;
};

void feedScenario(const std::string& bytes);
void feedParticleCsv(const std::string& bytes);
void feedCheckpoint(const std::string& bytes);
// A network's data CSV, read for two inputs.
void feedDataCsv(const std::string& bytes);
// One --grid specification per line, made into a plan over a small preset.
void feedSweepGrid(const std::string& bytes);
// A results file read against a fixed plan whose values need quoting.
void feedSweepResults(const std::string& bytes);

// The feeder for inputs kept under corpus/<kind>/ and crashes/<kind>/; nullptr if unknown.
using Feeder = void (*)(const std::string&);
Feeder feederFor(const std::string& kind);

}  // namespace flowscope::fuzz
