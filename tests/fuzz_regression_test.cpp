// Every input the fuzzers kept (tests/fuzz/corpus/KIND/ and the crashing ones in
// tests/fuzz/crashes/KIND/) is replayed through its reader in the normal build: each is
// either accepted, with its round-trip property intact, or refused with an InputError
// whose message is one line naming the input.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fuzz_inputs.hpp"
#include "input_error.hpp"

using namespace flowscope;
namespace fs = std::filesystem;

namespace {
std::string bytesOf(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

// Replays one folder; returns how many inputs it held.
int replay(const fs::path& folder, fuzz::Feeder feed) {
    int count = 0;
    if (!fs::is_directory(folder)) return 0;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (!entry.is_regular_file() || entry.path().filename().string().front() == '.') continue;
        ++count;
        INFO(entry.path().string());
        try {
            feed(bytesOf(entry.path()));
        } catch (const InputError& e) {
            const std::string message = e.what();
            CHECK(message.find('\n') == std::string::npos);
            // The origin the feeder gave comes first (a grid's is the option it came from).
            CHECK((message.rfind("input", 0) == 0 || message.rfind("--grid", 0) == 0));
        } catch (const std::exception& e) {
            FAIL_CHECK("not an InputError: " << e.what());
        }
    }
    return count;
}
}  // namespace

TEST_CASE("every kept fuzzing input is read or refused with a one-line InputError, never anything worse") {
    const fs::path root = FLOWSCOPE_FUZZ_DIR;
    for (const std::string kind : {"scenario", "particle_csv", "checkpoint", "sweep_grid", "sweep_results", "data_csv"}) {
        INFO(kind);
        const auto feed = fuzz::feederFor(kind);
        REQUIRE(static_cast<bool>(feed));
        const int seeds = replay(root / "corpus" / kind, feed);
        replay(root / "crashes" / kind, feed);
        CHECK(seeds > 0);  // the seed corpus is there: the test replays something real
    }
}
