#!/usr/bin/env bash
# Memory of long runs: every preset for 10^6 steps (or the steps given) under `ulimit -v`
# at twice the estimate `run --dry-run` prints, with the resident set sampled every 10 s.
# Prints one table row per preset: the limit, wall time, resident set after the first
# minute and at its peak, and the history rows written. Takes about half an hour.
#
#   bench/long_run_memory.sh [CLI] [STEPS] [PRESET...]
set -uo pipefail
cli="${1:-build/app/cli/flowscope-cli}"
steps="${2:-1000000}"
shift 2 2>/dev/null || shift $#
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(relu2d-few deconv1d-few deconv1d relu2d deconv2d relu-highdim sigmoid2d)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| preset | steps | ulimit -v | wall | resident after 1 min | peak resident | history rows |"
echo "|---|---|---|---|---|---|---|"
for preset in "${presets[@]}"; do
    twice=$("$cli" run "$preset" --out "$work/dry" --dry-run | sed -n 's/.*ulimit -v \([0-9]*\).*/\1/p')
    start=$(date +%s.%N)
    ( ulimit -v "$twice"; exec "$cli" run "$preset" --steps "$steps" --out "$work/$preset" -q ) &
    pid=$!
    samples=()
    while kill -0 "$pid" 2>/dev/null; do
        kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null)
        [ -n "$kb" ] && samples+=("$kb")
        sleep 10
    done
    wait "$pid"; code=$?
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    after_minute="${samples[6]:-${samples[-1]:-?}}"   # the 7th sample is at 60 s
    peak=$(printf '%s\n' "${samples[@]:-0}" | sort -n | tail -1)
    rows=$(( $(wc -l <"$work/$preset/history.csv" 2>/dev/null || echo 1) - 1 ))
    [ "$code" -eq 0 ] || rows="exit $code"
    printf '| `%s` | %s | %s kB | %.0f s | %s kB | %s kB | %s |\n' \
        "$preset" "$steps" "$twice" "$wall" "$after_minute" "$peak" "$rows"
    rm -rf "$work/$preset"
done
