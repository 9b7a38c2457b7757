# The library headers nearly every unit reads, parsed once per group of targets instead of once
# per unit: Eigen and nlohmann/json cost about 3 s each to parse, against a few seconds for a
# unit's own code, and the test command builds the tree three times. (CLI11 is not among them:
# its cost is code compiled in every unit that includes it, so only command_line.cpp does.)
#
# GCC takes a precompiled header only where the flags that shape code match the ones it was made
# with (else it parses the text, just slower; -Winvalid-pch says so), so each group's units share
# flags: the core (its own math flags), the command-line tool, the window, and the programs that
# link the core as they are (tests, benchmarks).
option(FLOWSCOPE_PRECOMPILED_HEADERS "Parse Eigen and nlohmann/json once per group of targets" ON)

set(FLOWSCOPE_COMMON_HEADERS
  <algorithm> <array> <atomic> <chrono> <cmath> <cstdint> <functional> <map> <memory> <mutex>
  <optional> <string> <thread> <utility> <vector>
  <Eigen/Dense> <nlohmann/json.hpp>)

# flowscope_precompile(TARGET [HEADERS...]): TARGET makes the group's header from the common
# ones and the extra HEADERS given.
function(flowscope_precompile target)
  if(FLOWSCOPE_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} PRIVATE ${FLOWSCOPE_COMMON_HEADERS} ${ARGN})
  endif()
endfunction()

# flowscope_reuse_precompiled(TARGET FROM): TARGET's units read FROM's precompiled header.
function(flowscope_reuse_precompiled target from)
  if(FLOWSCOPE_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} REUSE_FROM ${from})
  endif()
endfunction()
