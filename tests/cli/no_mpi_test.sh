#!/usr/bin/env bash
# A flowscope-cli built without MPI (FLOWSCOPE_MPI=OFF) started as one of several ranks
# refuses the sweep (each rank would run all of it), and runs it as one of one.
set -u
source "$(dirname "$0")/checks.sh" "$1"
tiny=(sweep relu2d --grid particles.count=3,10 --seeds 2 --steps 50 -q)

for launcher in OMPI_COMM_WORLD_SIZE PMI_SIZE; do
    env "$launcher=3" "$cli" "${tiny[@]}" --out "$work/$launcher" 2>"$work/err"
    check "$launcher=3: refused (exit 4)" test $? -eq 4
    check "$launcher=3: says why, once" test "$(grep -c 'built without MPI (FLOWSCOPE_MPI=OFF)' "$work/err")" -eq 1
    check "$launcher=3: nothing written" test ! -e "$work/$launcher"
done
OMPI_COMM_WORLD_SIZE=1 "$cli" "${tiny[@]}" --out "$work/one"
check "one rank of one: the sweep runs" test "$(tail -n +2 "$work/one/results.csv" | wc -l)" -eq 4

report
