#!/usr/bin/env bash
# flowscope-cli merge: shards of one sweep unioned into the unsharded sweep's rows; shards
# of different sweeps, damaged rows and missing cells.
set -u
source "$(dirname "$0")/checks.sh" "$1"
rows() { tail -n +2 "$1" | sort -t, -k1,1n | cut -d, -f1-12; }  # without wall time, in cell order
sweep=(sweep relu2d --grid particles.count=2,5 --grid dynamics.step_size=0.2,0.5 --seeds 3 --steps 150 -q)

for part in 1 2; do "$cli" "${sweep[@]}" --shard $part/2 --out "$work/shard$part"; done
"$cli" "${sweep[@]}" --out "$work/whole"
"$cli" merge "$work/shard1" "$work/shard2" --out "$work/merged" >"$work/said"
check "merge exit" test $? -eq 0
check "merged equals unsharded" test "$(rows "$work/merged/results.csv")" = "$(rows "$work/whole/results.csv")"
check "merged rows are the shards' own bytes" test "$(tail -n +2 "$work/merged/results.csv" | sort)" = \
    "$(tail -qn +2 "$work/shard1/results.csv" "$work/shard2/results.csv" | sort)"
check "merged header" test "$(head -1 "$work/merged/results.csv")" = "$(head -1 "$work/whole/results.csv")"
check "merged in cell order" test "$(tail -n +2 "$work/merged/results.csv" | cut -d, -f1 | tr '\n' ' ')" = \
    "0 1 2 3 4 5 6 7 8 9 10 11 "
check "merged description" cmp -s "$work/merged/sweep.json" "$work/whole/sweep.json"
check "summary counts cells" grep -q "12 of 12 cells from 2 folders" "$work/said"
# The merged folder is a finished sweep folder: the sweep command resumes it and runs nothing.
cp "$work/merged/results.csv" "$work/before.csv"
"$cli" "${sweep[@]}" --out "$work/merged"
check "sweep on merged runs nothing" cmp -s "$work/before.csv" "$work/merged/results.csv"

# One shard alone: the missing cells are named, and the sweep command finishes them.
"$cli" merge "$work/shard1" --out "$work/half" >"$work/said"
check "half merge says what is missing" grep -q "6 of 12 cells.*6 missing" "$work/said"
"$cli" "${sweep[@]}" --out "$work/half"
check "half finished by the sweep" test "$(rows "$work/half/results.csv")" = "$(rows "$work/whole/results.csv")"
# Merging again (a later shard into the same folder) keeps what is there, adds nothing twice.
"$cli" merge "$work/shard1" "$work/shard2" --out "$work/half" -q
check "remerge has no duplicate cells" test "$(tail -n +2 "$work/half/results.csv" | cut -d, -f1 | sort -u | wc -l)" -eq 12
check "remerge rows" test "$(tail -n +2 "$work/half/results.csv" | wc -l)" -eq 12

# Shards of a different sweep (another step budget) are refused, naming the file; nothing is written.
"$cli" sweep relu2d --grid particles.count=2,5 --grid dynamics.step_size=0.2,0.5 --seeds 3 --steps 151 -q \
    --shard 2/2 --out "$work/other"
"$cli" merge "$work/shard1" "$work/other" --out "$work/mixed" 2>"$work/err"
check "different sweeps refused (exit 2)" test $? -eq 2
check "refusal names the file" grep -q "other/sweep.json: a shard of a different sweep" "$work/err"
check "refusal is one line" test "$(wc -l <"$work/err")" -eq 1
check "nothing written on refusal" test ! -e "$work/mixed"
# Nor into a folder that holds another sweep.
"$cli" merge "$work/other" --out "$work/merged" 2>"$work/err"
check "other sweep's folder refused" grep -q "merged/sweep.json: this folder holds a different sweep" "$work/err"
check "merged untouched" cmp -s "$work/before.csv" "$work/merged/results.csv"
# A folder that is no sweep's output.
mkdir "$work/empty"
"$cli" merge "$work/shard1" "$work/empty" --out "$work/x" 2>"$work/err"
check "no sweep.json exit 2" test $? -eq 2
check "no sweep.json named" grep -q "empty/sweep.json: missing" "$work/err"

# A shard's row cut short (its task killed mid-write) is reported and left out; its cell is missing.
cp -r "$work/shard2" "$work/cut"
head -c -20 "$work/shard2/results.csv" >"$work/cut/results.csv"
"$cli" merge "$work/shard1" "$work/cut" --out "$work/cutmerged" >"$work/said" 2>"$work/err"
check "cut row merge exit" test $? -eq 0
check "cut row reported" grep -q "cut/results.csv:7: the last row is cut short" "$work/err"
check "cut row left out" grep -q "11 of 12 cells" "$work/said"

report
