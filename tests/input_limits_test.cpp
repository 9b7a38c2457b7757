// Inputs at and past their limits: files that are folders, that are too big to be what
// they claim, lines without end, binary bytes in messages. Each is refused with one line
// naming the file (and line), before memory is spent on it.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "input_error.hpp"
#include "particle_csv.hpp"
#include "scenario.hpp"

using namespace flowscope;
namespace fs = std::filesystem;

namespace {
struct TempDir {
    fs::path path = fs::temp_directory_path() / ("flowscope-limits-" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

template <class Read>
std::string refusal(Read read) {
    try {
        read();
    } catch (const InputError& e) {
        const std::string message = e.what();
        CHECK(message.find('\n') == std::string::npos);
        return message;
    }
    return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string csvError(const std::string& text) {
    return refusal([&] {
        std::istringstream in(text);
        parseParticleCsv(in, "p.csv");
    });
}
}  // namespace

TEST_CASE("folders and missing files are named as such, for every reader") {
    TempDir dir;
    const std::string folder = dir.path.string();
    CHECK(contains(refusal([&] { loadScenario(folder); }), folder + ": is a directory, not a scenario file"));
    CHECK(contains(refusal([&] { loadParticleCsv(folder); }), folder + ": is a directory, not a particle file"));
    const std::string missing = folder + "/missing.csv";
    CHECK(contains(refusal([&] { loadParticleCsv(missing); }), missing + ": cannot open the particle file (No such file"));
    CHECK(contains(refusal([&] { loadScenario(missing); }), missing + ": cannot open scenario file (No such file"));
}

TEST_CASE("a particle file with more lines than any run can hold is refused before it is read") {
    TempDir dir;
    const std::string path = (dir.path / "huge.csv").string();
    {
        // 10^8 + 1 empty lines: 100 MB on disk, where 10^8 particles would need gigabytes.
        std::ofstream out(path, std::ios::binary);
        out << "w,theta0\n";
        const std::string block(1 << 20, '\n');
        for (int k = 0; k < 95; ++k) out << block;
        out << std::string(100000001 - 95 * (1 << 20), '\n');
    }
    const std::string message = refusal([&] { loadParticleCsv(path); });
    CHECK(contains(message, path + ": 100000001 lines after the header, more than the "));
    CHECK(contains(message, "particles of 1 coordinates a run can hold"));
}

TEST_CASE("particle files: too many columns, endless lines and binary bytes are refused in one line") {
    std::string wide = "w";
    for (int k = 0; k < 100002; ++k) wide += ",theta" + std::to_string(k);
    CHECK(contains(csvError(wide + "\n"), "p.csv:1: 100002 position columns; at most 100001"));
    CHECK(contains(csvError("w,theta0\n" + std::string(17 << 20, '1')), "p.csv:2: a line longer than 16 MB"));
    const std::string garbage = csvError("w,theta0\n\x01\x02\x1b[31m,2\n");
    CHECK(contains(garbage, "p.csv:2: column w is not a finite number ('???[31m')"));
    CHECK(contains(csvError("\x1b\n"), "p.csv:1: the header must start with w,theta0,... (found '?')"));
}

TEST_CASE("subnormal numbers are valid particle coordinates and survive a round trip") {
    std::istringstream in("w,theta0\n4.9406564584124654e-324,-2.2250738585072009e-310\n");
    const ParticleSet p = parseParticleCsv(in, "tiny.csv");
    CHECK(p.w[0] > 0.0);
    CHECK(p.theta(0, 0) < 0.0);
    std::stringstream again;
    writeParticleCsv(again, p);
    const ParticleSet q = parseParticleCsv(again, "again");
    CHECK(q.w == p.w);
    CHECK(q.theta == p.theta);
}

TEST_CASE("scenario files: oversized files, keys with line breaks and huge 2-D grids are refused in one line") {
    TempDir dir;
    const std::string big = (dir.path / "big.json").string();
    std::ofstream(big) << "{\"description\": \"" << std::string(17 << 20, 'x') << "\"}";
    CHECK(contains(refusal([&] { loadScenario(big); }), "bytes is too large for a scenario file (at most 16 MB)"));
    CHECK(contains(refusal([&] { parseScenario("{\"run\": {\"st\\neps\": 1}}", "s.json"); }),
                   "s.json: unknown key 'run.st?eps'"));
    CHECK(contains(refusal([&] { parseScenario("{\"a\\u0000\": 1, \"a\\u0000\": 2}", "s.json"); }),
                   "s.json: duplicate key 'a?'"));
    CHECK(contains(refusal([&] {
                       parseScenario(R"({"problem": {"kind": "deconvolution"}, "deconvolution": {"dimension": 2,
                                        "samples": 50000}, "init": {"kind": "uniform"}, "particles": {"count": 10}})", "s.json");
                   }),
                   "key 'deconvolution.samples' = 50000 is outside [3, 46340] in 2-D"));
}

TEST_CASE("numbers beyond the range of a double are refused as input errors, in files and in --set") {
    CHECK(contains(refusal([&] { parseScenario(R"({"dynamics": {"step_size": 1e400}})", "s.json"); }),
                   "s.json: not valid JSON: number overflow parsing '1e400'"));
    Scenario s;
    CHECK(contains(refusal([&] { setScenarioValue(s, "dynamics.step_size", "1e400", "--set"); }),
                   "--set: key 'dynamics.step_size' must be a number"));
}

TEST_CASE("a scenario nested 200 000 levels deep is refused, not a stack overflow") {
    std::string deep;
    for (int k = 0; k < 200000; ++k) deep += "{\"a\":";
    deep += "1" + std::string(200000, '}');
    CHECK(contains(refusal([&] { parseScenario(deep, "deep.json"); }), "deep.json: nested deeper than 32 levels"));
    CHECK(contains(refusal([&] { parseScenario(std::string(100000, '[') + std::string(100000, ']'), "deep.json"); }),
                   "deep.json: nested deeper than 32 levels"));
}

TEST_CASE("the memory of input dimensions and sample counts is checked with the particle count") {
    const char* cases[] = {
        R"({"network": {"input_dim": 100000, "risk": "empirical"}, "particles": {"count": 100000000}})",
        R"({"network": {"risk": "empirical", "samples": 100000000}, "particles": {"count": 100000}})",
        R"({"network": {"risk": "minibatch", "batch_size": 10000000, "activation": "sigmoid"}, "particles": {"count": 1000000}})",
    };
    for (const char* text : cases) {
        INFO(text);
        CHECK(contains(refusal([&] { parseScenario(text, "s.json"); }), "more than the"));
    }
}
