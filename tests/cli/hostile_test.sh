#!/usr/bin/env bash
# flowscope-cli against a careless or hostile user and a failing machine: special files,
# outputs in use, full disks, damaged sweep files, huge grids, a full stdout, a memory
# ulimit. Every refusal is one line naming what it is about; exit 2 for bad input, 4 for
# the environment; previous outputs stay intact.
set -u
source "$(dirname "$0")/checks.sh" "$1"
expect() {  # expect NAME CODE PATTERN ARGS...: exit CODE, one line on stderr matching PATTERN
    local name="$1" code="$2" pattern="$3"; shift 3
    "$cli" "$@" >"$work/out" 2>"$work/err"
    local got=$?
    check "$name: exit code $code (got $got)" test "$got" -eq "$code"
    check "$name: one line" test "$(wc -l <"$work/err")" -eq 1
    check "$name: message names '$pattern'" grep -q -- "$pattern" "$work/err"
    [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q -- "$pattern" "$work/err" || cat "$work/err"
}
quick=(relu2d-few --steps 20)

# Special files where a file is expected: named for what they are, never read.
mkfifo "$work/fifo"
expect "scenario is a FIFO" 2 "fifo: is a FIFO, not a scenario file" run "$work/fifo" --out "$work/x"
expect "scenario is a device" 2 "/dev/zero: is a character device" run /dev/zero --out "$work/x"
expect "scenario is a folder" 2 "is a directory, not a scenario file" run "$work" --out "$work/x"
expect "particles from /dev/zero" 2 "/dev/zero: is a character device, not a particle file" run relu2d --init /dev/zero --out "$work/x"
expect "particles from a FIFO" 2 "is a FIFO, not a particle file" run relu2d --init "$work/fifo" --out "$work/x"
expect "checkpoint from /dev/zero" 2 "/dev/zero: is a character device" resume /dev/zero --out "$work/x"
expect "checkpoint from a FIFO" 2 "is a FIFO" resume "$work/fifo" --out "$work/x"
printf 'w,theta0\n1,2\n' >"$work/dim.csv"
expect "wrong particle dimension names the file" 2 "dim.csv: initial particles have 1 position" run relu2d --init "$work/dim.csv" --out "$work/x"

# --checkpoint never replaces what is not a regular file.
ln -s "$work/target" "$work/link"; echo keep >"$work/target"
expect "checkpoint on a symlink" 2 "link: is a symbolic link" run "${quick[@]}" --checkpoint "$work/link" --out "$work/x"
check "symlink untouched" test -L "$work/link" -a "$(cat "$work/target")" = keep
expect "checkpoint on a FIFO" 2 "fifo: is a FIFO" run "${quick[@]}" --checkpoint "$work/fifo" --out "$work/x"
check "FIFO untouched" test -p "$work/fifo"
expect "checkpoint on a device" 2 "/dev/null: is a character device" run "${quick[@]}" --checkpoint /dev/null --out "$work/x"
check "/dev/null untouched" test -c /dev/null
expect "--out is a file" 2 "target: is a regular file, not a folder" run "${quick[@]}" --out "$work/target"
expect "--out is ." 2 "name a folder" run "${quick[@]}" --out .

# Scenario keys: a dotted key and a nested one for the same setting.
printf '{"network.input_dim": 3, "network": {"input_dim": 4}}' >"$work/dup.json"
expect "dotted and nested key" 2 "key 'network.input_dim' is given twice" run "$work/dup.json" --out "$work/x"
expect "convergence window bound" 2 "convergence.window" run relu2d --set convergence.window=50000000 --out "$work/x"

# A full standard output is an error, not a silent success.
"$cli" keys >/dev/full 2>"$work/err"
check "keys > /dev/full: exit 4" test $? -eq 4
check "keys > /dev/full: says so" grep -q "standard output: write failed" "$work/err"
"$cli" run "${quick[@]}" --out "$work/full" >/dev/full 2>/dev/null
check "run > /dev/full: exit 4" test $? -eq 4

# Grids: sizes refused before any cell, without overflow; seeds and memory up front.
expect "10^10 cells" 2 "more than the 1000000 cells" sweep relu2d --grid particles.count=log:1:100000:100000 \
    --grid dynamics.step_size=log:0.001:1:100000 --out "$work/g"
big=$(seq -s, 1 10000)  # 10^20 cells: past 2^64
expect "cells past 2^64" 2 "more than the 1000000 cells" sweep relu2d --grid "particles.count=$big" \
    --grid "run.steps=$big" --grid "network.samples=$big" --grid "run.record_every=$big" \
    --grid "network.batch_size=$big" --out "$work/g"
check "no folder for a refused grid" test ! -e "$work/g"
expect "seeds past run.seed's range" 2 "seeds up to 9007199254740992 only" sweep relu2d \
    --first-seed 9007199254740990 --seeds 12 --out "$work/g"
expect "--jobs counted in memory" 2 "--jobs 1000: 1000 runs at once need" sweep relu2d \
    --set particles.count=2000000 --seeds 1000 --jobs 1000 --out "$work/g"

# Sweep values with quotes and line breaks survive the CSV; damage is reported and repaired.
sweep=(sweep relu2d-few --steps 10 --grid particles.count=2,3 --grid 'description=say "q"
line,plain' --seeds 3 --out "$work/sw" -q)
"$cli" "${sweep[@]}"
check "odd values: exit 0" test $? -eq 0
# rows, distinct cells (a CSV reader that knows quotes)
count_rows() { python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); print(len(r)-1, len({x[0] for x in r[1:]}))' "$1"; }
check "odd values: 12 rows, 12 cells" test "$(count_rows "$work/sw/results.csv")" = "12 12"
check "odd values: the value intact" python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); sys.exit(r[1][2] != "say \"q\"\nline")' "$work/sw/results.csv"
# Corrupt one cell id in the middle: reported with its line; the rows after it are kept.
python3 - "$work/sw/results.csv" <<'PY'
import sys; p = sys.argv[1]; t = open(p).read().split("\n")
t[3] = "x" + t[3]   # the first line of the second row
open(p, "w").write("\n".join(t))
PY
"$cli" "${sweep[@]}" 2>"$work/err"
check "damaged row: exit 0" test $? -eq 0
check "damaged row: reported with its line" grep -q "results.csv:4: cell 'x[0-9]*' is not a cell" "$work/err"
check "damaged row: repaired to one row per cell" test "$(count_rows "$work/sw/results.csv")" = "12 12"
: >"$work/sw/sweep.json"   # what a full disk left
"$cli" "${sweep[@]}" 2>"$work/err"
check "empty sweep.json: repaired, exit 0" test $? -eq 0
check "empty sweep.json: said so" grep -q "sweep.json: damaged (empty)" "$work/err"
check "empty sweep.json: rewritten" test -s "$work/sw/sweep.json"

# Two identical sweeps into one folder: the second refuses at once, the first completes.
two=(sweep relu2d-few --grid particles.count=2,3,4,5 --seeds 3 --steps 4000 --jobs 1 --out "$work/two" -q)
"$cli" "${two[@]}" &
first=$!
for _ in $(seq 100); do [ -e "$work/two/results.csv" ] && break; sleep 0.05; done
start=$(date +%s%N)
"$cli" "${two[@]}" 2>"$work/err"
code=$?
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
check "second sweep refused with exit 4 (got $code)" test "$code" -eq 4
check "second sweep refused at once (${elapsed} ms)" test "$elapsed" -lt 2000
check "second sweep says who holds it" grep -q "in use by another flowscope-cli (process $first)" "$work/err"
wait "$first"
check "first sweep completes" test $? -eq 0
check "exactly one row per cell" test "$(count_rows "$work/two/results.csv")" = "12 12"
# And two runs into one --out.
"$cli" run relu2d-few --steps 100000 --out "$work/one" -q &
first=$!
for _ in $(seq 100); do [ -e "$work/.one.lock" ] && break; sleep 0.05; done
sleep 0.2
expect "second run into one --out" 4 "in use by another flowscope-cli" run "${quick[@]}" --out "$work/one"
kill -9 "$first"; wait "$first" 2>/dev/null  # SIGTERM would end it gracefully, writing the folder
check "a killed run leaves no output folder" test ! -e "$work/one"

# A full disk (a 1 MB tmpfs): run, checkpoint and sweep keep their previous outputs.
disk="$work/disk"; mkdir "$disk"
if mount -t tmpfs -o size=1m tmpfs "$disk" 2>/dev/null; then
    trap 'umount "$disk" 2>/dev/null; rm -rf "$work"' EXIT
    "$cli" run "${quick[@]}" --out "$disk/run" -q
    cp -r "$disk/run" "$work/run-before"
    expect "run on a full disk" 4 "No space left on device" run relu2d-few --steps 30000 --out "$disk/run"
    check "run: previous folder intact" diff -r "$work/run-before" "$disk/run"
    check "run: no staging folder left" test -z "$(ls -A "$disk" | grep partial)"
    "$cli" run "${quick[@]}" --checkpoint "$disk/c.ckpt" --out "$disk/r2" -q
    expect "checkpoint on a full disk" 4 "No space left on device" run relu2d-few --steps 100000 \
        --checkpoint "$disk/c.ckpt" --checkpoint-every 100 --out "$work/r3"
    "$cli" resume "$disk/c.ckpt" --steps 5 --out "$work/r4" -q
    check "checkpoint: still a checkpoint that resumes" test $? -eq 0
    rm -rf "$disk"/*
    head -c $(( $(df --output=avail -B1 "$disk" | tail -1) - 24576 )) /dev/zero >"$disk/filler"  # leave 24 kB
    bigsweep=(sweep relu2d-few --steps 10 --grid particles.count=2,3,4,5,6,7,8,9 --seeds 50 --jobs 1 --out "$disk/sw" -q)
    expect "sweep on a full disk" 4 "No space left on device" "${bigsweep[@]}"
    rows_before=$(($(wc -l <"$disk/sw/results.csv") - 1))
    check "sweep: file ends with a whole row" test "$(tail -c 1 "$disk/sw/results.csv" | od -An -c | tr -d ' ')" = '\n'
    rm "$disk/filler"
    "$cli" "${bigsweep[@]}" 2>"$work/err"
    check "sweep resumed after space was freed" test $? -eq 0
    check "sweep: no row reported damaged" test ! -s "$work/err"
    check "sweep: one row per cell ($rows_before kept)" test "$(count_rows "$disk/sw/results.csv")" = "400 400"
    umount "$disk"
else
    echo "SKIPPED: the disk-full cases (cannot mount a tmpfs here; they need root)"
fi

# Memory: `run --dry-run` prints an upper bound of the address space a run needs. Every
# preset runs under `ulimit -v` at that bound (and a two-thread run, whose workers' stacks
# count); below the program's floor a run is refused before its first step with exit 4 and
# the limit named (never libgomp's "Thread creation failed" or a terminate); a long run
# keeps a bounded history in memory and streams every row to disk, under twice the bound,
# with a flat resident set.
if ldd "$cli" 2>/dev/null | grep -q 'libasan\|libtsan'; then
    echo "SKIPPED: the memory cases (a sanitizer build reserves terabytes of address space)"
    report; exit
fi
bound_kb() {  # bound_kb ARGS...: the dry run's estimate in kB (half of the limit it suggests)
    local twice
    twice=$("$cli" run "$@" --out "$work/dry" --dry-run | sed -n 's/.*ulimit -v \([0-9]*\).*/\1/p')
    echo $(( ${twice:-0} / 2 ))
}
for preset in relu2d relu2d-few sigmoid2d relu-highdim deconv1d deconv1d-few deconv2d; do
    kb=$(bound_kb "$preset")
    ( ulimit -v "$kb"; exec "$cli" run "$preset" --steps 30 --out "$work/m-$preset" -q )
    check "$preset under ulimit -v at its estimate ($kb kB): exit 0" test $? -eq 0
done
two_threads=(relu2d --set particles.count=3000 --set run.threads=2)
kb=$(bound_kb "${two_threads[@]}")
( ulimit -v "$kb"; exec "$cli" run "${two_threads[@]}" --steps 5 --out "$work/m-two" -q )
check "two threads under ulimit -v at their estimate ($kb kB): exit 0" test $? -eq 0
( ulimit -v $((kb / 2)); exec "$cli" run "${two_threads[@]}" --steps 5 --out "$work/m-low" 2>"$work/err" )
got=$?
check "below the estimate: exit 4 before the first step (got $got)" test "$got" -eq 4
check "below the estimate: one line naming ulimit -v" grep -q "ulimit -v" "$work/err"
check "below the estimate: nothing written" test ! -e "$work/m-low"

steps=1000000
kb=$(( 2 * $(bound_kb relu2d-few) ))
( ulimit -v "$kb"; exec "$cli" run relu2d-few --steps $steps --out "$work/long" -q ) &
pid=$!
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null; }
sleep 1; early=$(rss); sleep 4; late=$(rss)
wait "$pid"
check "10^6 steps under ulimit -v at twice the estimate ($kb kB): exit 0" test $? -eq 0
check "long run: every history row written" test "$(wc -l <"$work/long/history.csv")" -eq $((steps + 2))
echo "resident set: ${early:-?} kB then ${late:-?} kB"
check "long run: resident set flat (${early:-?} -> ${late:-?} kB)" test "${late:-0}" -le $(( ${early:-0} + 2048 ))

report
