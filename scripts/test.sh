#!/usr/bin/env bash
# Builds flowscope and runs every test: the optimized build's whole suite (GUI tests under
# Xvfb included), the suite again under AddressSanitizer + UndefinedBehaviorSanitizer
# (without the long experiments), and the engine's thread tests under ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

build() {  # build DIR [cmake options...]
  local dir="$1"; shift
  cmake -S . -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
}

echo "== optimized build: all tests"
build build -DCMAKE_BUILD_TYPE=Release
(cd build && ctest --output-on-failure -j"$jobs")

echo "== AddressSanitizer + UndefinedBehaviorSanitizer"
build build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLOWSCOPE_BUILD_GUI=OFF -DFLOWSCOPE_BUILD_BENCH=OFF -DFLOWSCOPE_SANITIZE=address,undefined
(cd build-asan && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j"$jobs" -LE claims)

echo "== ThreadSanitizer: the engine"
build build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLOWSCOPE_BUILD_GUI=OFF -DFLOWSCOPE_BUILD_BENCH=OFF -DFLOWSCOPE_SANITIZE=thread
(cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -L engine)
