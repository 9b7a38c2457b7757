#!/usr/bin/env bash
# Ctrl-C (SIGINT) or SIGTERM ends a run within a second however long its step, with a
# message, and its output folder written for the last complete step.
set -u
source "$(dirname "$0")/checks.sh" "$1"

# interrupt SIGNAL DELAY OUT ARGS...: starts a run, sends SIGNAL after DELAY seconds, and
# sets `code` and `seconds` (from the signal to the exit).
interrupt() {
    local signal="$1" delay="$2" out="$3"; shift 3
    "$cli" run "$@" --out "$out" -q 2>"$work/err" &
    local pid=$!
    sleep "$delay"
    local sent
    sent=$(date +%s.%N)
    kill -s "$signal" "$pid"
    wait "$pid"
    code=$?
    seconds=$(awk -v a="$(date +%s.%N)" -v b="$sent" 'BEGIN { printf "%.3f", a - b }')
    echo "$signal after ${delay} s: exit $code, $seconds s after the signal: $(cat "$work/err")"
}

# relu2d with 10^5 particles summed over all pairs: its first evaluation alone (O(m^2)) takes minutes here.
interrupt INT 2 "$work/slow" relu2d --set particles.count=100000 --set network.population_kernel=pairwise
check "a minutes-long evaluation: exit 130" test "$code" -eq 130
check "a minutes-long evaluation: gone within a second" awk -v s="$seconds" 'BEGIN { exit !(s < 1) }'
check "a minutes-long evaluation: says so" grep -q "interrupted while evaluating step 0" "$work/err"
check "its folder: the particles" test "$(wc -l <"$work/slow/particles.csv")" -eq 100001
check "its folder: the scenario" grep -q '"count": 100000' "$work/slow/scenario.json"
check "its folder: no metrics yet" test "$(wc -l <"$work/slow/history.csv")" -eq 1

# Fast steps: stopped on the last complete step, whose row and particles are written.
interrupt TERM 1 "$work/fast" deconv1d --steps 1000000000
check "fast steps: exit 130" test "$code" -eq 130
check "fast steps: gone within a second" awk -v s="$seconds" 'BEGIN { exit !(s < 1) }'
check "fast steps: says the step" grep -q "interrupted at step [1-9]" "$work/err"
last=$(tail -1 "$work/fast/history.csv" | cut -d, -f1)
check "fast steps: the history ends at that step" grep -q "interrupted at step $last;" "$work/err"
# The particles written are those of that step: a rerun of as many steps gives them.
"$cli" run deconv1d --steps "$last" --out "$work/again" -q
check "fast steps: the particles of that step" cmp -s "$work/fast/particles.csv" "$work/again/particles.csv"

report
