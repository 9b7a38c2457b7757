#!/usr/bin/env bash
# Fuzzes each reader for a time budget, one target at a time with low priority (the
# machine is shared), then keeps what was learned: inputs that add coverage are merged
# into tests/fuzz/corpus/KIND/, crashing inputs are copied to tests/fuzz/crashes/KIND/.
# The regression suite (fuzz_regression_test) replays both in every normal build.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [KIND...]     default: 600 s, every kind
#   kinds: scenario particle_csv checkpoint sweep_grid sweep_results data_csv
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-600}"
shift || true
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(scenario particle_csv checkpoint sweep_grid sweep_results data_csv)
build=build-fuzz

CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLOWSCOPE_BUILD_GUI=OFF \
  -DFLOWSCOPE_BUILD_BENCH=OFF -DFLOWSCOPE_OPENMP=OFF -DFLOWSCOPE_FUZZ=ON \
  -DFLOWSCOPE_SANITIZE=address,undefined,fuzzer-no-link >/dev/null
for kind in "${kinds[@]}"; do nice cmake --build "$build" -j2 --target "fuzz_$kind"; done

# UBSan reports must stop the run, or libFuzzer would not see them as crashes.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
for kind in "${kinds[@]}"; do
  work="$build/fuzz-work/$kind"
  mkdir -p "$work/corpus" "$work/artifacts" "tests/fuzz/crashes/$kind"
  echo "== fuzz_$kind for $seconds s"
  # Fork mode with ignore_* keeps fuzzing after a crash, so one budget finds several.
  nice "$build/tests/fuzz/fuzz_$kind" "$work/corpus" "tests/fuzz/corpus/$kind" \
    -dict="tests/fuzz/$kind.dict" -max_total_time="$seconds" -fork=1 -ignore_crashes=1 \
    -ignore_timeouts=1 -ignore_ooms=1 -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1 >"$work/log" 2>&1 || true
  grep -E "^#[0-9]+.*DONE|INFO: fuzzed for|cov:|crashes" "$work/log" | tail -3 || true
  # Keep new coverage (minimized) and every crashing input.
  nice "$build/tests/fuzz/fuzz_$kind" -merge=1 "tests/fuzz/corpus/$kind" "$work/corpus" >>"$work/log" 2>&1 || true
  found=0
  for artifact in "$work"/artifacts/crash-* "$work"/artifacts/timeout-* "$work"/artifacts/oom-*; do
    [ -e "$artifact" ] || continue
    cp "$artifact" "tests/fuzz/crashes/$kind/"
    found=$((found + 1))
  done
  echo "fuzz_$kind: $found crashing inputs (see $work/log), corpus $(ls "tests/fuzz/corpus/$kind" | wc -l) files"
done
