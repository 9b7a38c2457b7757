#!/usr/bin/env bash
# Builds flowscope and runs every test: the optimized build's whole suite (GUI tests under
# Xvfb included), the suite again under AddressSanitizer + UndefinedBehaviorSanitizer
# (without the long experiments), and the engine's thread tests under ThreadSanitizer.
# The sanitized builds leave MPI out (Open MPI's own allocations would count as leaks):
# they check that the build without MPI builds and passes.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
phase() { echo "== $1 (at ${SECONDS} s)"; }  # the time so far shows which part took long

build() {  # build DIR [--target T ...] [cmake options...]: only the targets given, else all
  local dir="$1"; shift
  local targets=()
  while [ "${1:-}" = "--target" ]; do targets+=(--target "$2"); shift 2; done
  cmake -S . -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j"$jobs" "${targets[@]}"
}

phase "optimized build: all tests"
build build -DCMAKE_BUILD_TYPE=Release
(cd build && ctest --output-on-failure -j"$jobs")

phase "AddressSanitizer + UndefinedBehaviorSanitizer"
build build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLOWSCOPE_BUILD_GUI=OFF -DFLOWSCOPE_BUILD_BENCH=OFF -DFLOWSCOPE_BUILD_CLAIMS=OFF \
  -DFLOWSCOPE_SANITIZE=address,undefined -DFLOWSCOPE_MPI=OFF
(cd build-asan && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j"$jobs" -LE claims)

phase "ThreadSanitizer: the engine"
# Only what `ctest -L engine` runs.
build build-tsan --target engine_test --target step_abandon_test --target engine_pace_test --target engine_group_test --target truth_edit_test --target soak \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLOWSCOPE_BUILD_GUI=OFF -DFLOWSCOPE_BUILD_BENCH=OFF -DFLOWSCOPE_SANITIZE=thread -DFLOWSCOPE_MPI=OFF
(cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -j"$jobs" -L engine)
phase "all passed"
