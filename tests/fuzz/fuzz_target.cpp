// One libFuzzer target per reader: this file is compiled once per feeder, named by
// FLOWSCOPE_FUZZ_KIND (scenario, particle_csv, checkpoint, sweep_grid,
// sweep_results, data_csv). An InputError is the expected
// answer to bad bytes; anything else escapes and libFuzzer reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_inputs.hpp"
#include "input_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto feed = flowscope::fuzz::feederFor(FLOWSCOPE_FUZZ_KIND);
    try {
        feed(std::string(reinterpret_cast<const char*>(data), size));
    } catch (const flowscope::InputError&) {
    }
    return 0;
}
