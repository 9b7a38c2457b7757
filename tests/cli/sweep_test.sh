#!/usr/bin/env bash
# flowscope-cli sweep end to end: rows, resuming after a kill, shards, the convergence rule.
set -u
source "$(dirname "$0")/checks.sh" "$1"
rows() { tail -n +2 "$1" | sort -t, -k1,1n | cut -d, -f1-11; }  # without wall time, in cell order

# A tiny sweep has one row per cell, with every grid key and the seed.
"$cli" sweep relu2d --grid particles.count=3,10 --grid dynamics.step_size=0.2,0.5 --seeds 2 --steps 100 \
    --out "$work/tiny" -q
check "tiny sweep exit" test $? -eq 0
check "tiny header" test "$(head -1 "$work/tiny/results.csv")" = \
    "cell,particles.count,dynamics.step_size,seed,status,steps,time,objective,excess,initial_objective,grad_norm,recovered,wall_seconds"
check "tiny rows" test "$(tail -n +2 "$work/tiny/results.csv" | wc -l)" -eq 8
check "tiny cells unique" test "$(tail -n +2 "$work/tiny/results.csv" | cut -d, -f1 | sort -u | wc -l)" -eq 8
check "tiny cell 5 is m=10, eta=0.2, seed 2" test "$(grep '^5,' "$work/tiny/results.csv" | cut -d, -f2-4)" = "10,0.2,2"
check "flow time = steps x eta" test "$(grep '^7,' "$work/tiny/results.csv" | cut -d, -f7)" = "50"
check "sweep.json written" test -s "$work/tiny/sweep.json"

# Rerunning a finished sweep runs nothing and changes nothing.
cp "$work/tiny/results.csv" "$work/before.csv"
"$cli" sweep relu2d --grid particles.count=3,10 --grid dynamics.step_size=0.2,0.5 --seeds 2 --steps 100 \
    --out "$work/tiny" -q
check "rerun changes nothing" cmp -s "$work/before.csv" "$work/tiny/results.csv"

# A different sweep into the same folder is refused.
"$cli" sweep relu2d --grid particles.count=3,11 --seeds 2 --steps 100 --out "$work/tiny" -q 2>"$work/err"
check "other sweep refused (exit 2)" test $? -eq 2
check "other sweep message" grep -q "different sweep" "$work/err"

# Killed midway (SIGKILL, no chance to clean up), then rerun: complete, no duplicates.
args=(sweep relu2d --grid particles.count=60,80 --seeds 4 --steps 3000 --jobs 1 --out "$work/killed" -q)
"$cli" "${args[@]}" &
pid=$!
for _ in $(seq 1 100); do  # wait for the first finished row
    [ "$(wc -l <"$work/killed/results.csv" 2>/dev/null || echo 0)" -ge 2 ] && break
    sleep 0.1
done
kill -9 "$pid"; wait "$pid" 2>/dev/null
done_before=$(($(wc -l <"$work/killed/results.csv") - 1))
check "killed before the end ($done_before rows)" test "$done_before" -lt 8
printf '9,80,3,ste' >>"$work/killed/results.csv"  # a row cut short by the kill
"$cli" "${args[@]}"
check "resumed exit" test $? -eq 0
check "resumed rows" test "$(tail -n +2 "$work/killed/results.csv" | wc -l)" -eq 8
check "resumed no duplicates" test "$(tail -n +2 "$work/killed/results.csv" | cut -d, -f1 | sort -u | wc -l)" -eq 8
check "partial row dropped" test -z "$(grep -v '^[0-9]*,[0-9]*,[0-9]*,\(steps\|converged\|diverged\),' "$work/killed/results.csv" | grep -v '^cell,')"
"$cli" sweep relu2d --grid particles.count=60,80 --seeds 4 --steps 3000 --out "$work/whole" -q
check "resumed equals uninterrupted" test "$(rows "$work/killed/results.csv")" = "$(rows "$work/whole/results.csv")"

# Two shards concatenate to the unsharded result.
for part in 1 2; do
    "$cli" sweep relu2d --grid particles.count=2,5,9 --seeds 3 --steps 200 --shard $part/2 --out "$work/shard$part" -q
done
"$cli" sweep relu2d --grid particles.count=2,5,9 --seeds 3 --steps 200 --out "$work/unsharded" -q
check "shard 1 has every other cell" test "$(tail -n +2 "$work/shard1/results.csv" | wc -l)" -eq 5
{ head -1 "$work/shard1/results.csv"; tail -n +2 "$work/shard1/results.csv"; tail -n +2 "$work/shard2/results.csv"; } >"$work/joined.csv"
check "shards concatenate" test "$(rows "$work/joined.csv")" = "$(rows "$work/unsharded/results.csv")"

# The convergence rule ends the runs that converged, and only those.
"$cli" sweep relu2d --grid particles.count=1,100 --seeds 1 --set convergence.tolerance=1e-4 --out "$work/conv" -q
check "m=100 converged early" test "$(grep '^1,' "$work/conv/results.csv" | cut -d, -f4)" = "converged"
check "m=100 stopped before its budget" test "$(grep '^1,' "$work/conv/results.csv" | cut -d, -f5)" -lt 12000

# Bad grids are refused before any run, naming the key.
"$cli" sweep relu2d --grid particles.count=3,-1 --out "$work/bad" -q 2>"$work/err"
check "bad grid value exit 2" test $? -eq 2
check "bad grid value named" grep -q "particles.count" "$work/err"
"$cli" sweep relu2d --grid dynamics.eta=1 --out "$work/bad" -q 2>"$work/err"
check "unknown grid key" grep -q "unknown key 'dynamics.eta'" "$work/err"
"$cli" sweep relu2d --shard 3/2 --out "$work/bad" -q 2>"$work/err"
check "bad shard" grep -q "expected I/N" "$work/err"

report
