#!/usr/bin/env bash
# flowscope-cli sweep across the ranks of an MPI job: the same rows as one process,
# progress from rank 0 only, and a resume after the whole job is killed (kill -9 of
# mpirun) or after one rank dies. Arguments: flowscope-cli, mpirun.
set -u
source "$(dirname "$0")/checks.sh" "$1"
mpirun="$2"
rows() { tail -n +2 "$1" | sort -t, -k1,1n | cut -d, -f1-12; }  # without wall time, in cell order
alive() { for p in "$@"; do ps -o stat= -p "$p" 2>/dev/null | grep -qv Z && return 0; done; return 1; }  # zombies are gone
gone() { ! alive "$@"; }
count_rows() { { wc -l <"$1"; } 2>/dev/null || echo 0; }
# Over-subscribed: three ranks on however few cores; as root where the CI runs as root.
job=(timeout 120 "$mpirun" --oversubscribe --allow-run-as-root -n 3 "$cli")
tiny=(sweep relu2d --grid particles.count=3,10 --grid dynamics.step_size=0.2,0.5 --seeds 3 --steps 300)

# 2 x 2 grid x 3 seeds: the rows of the single-process sweep, written by rank 0 alone.
"$cli" "${tiny[@]}" --out "$work/single" -q
"${job[@]}" "${tiny[@]}" --out "$work/mpi" 2>"$work/progress"
check "mpi sweep exit" test $? -eq 0
check "mpi rows equal single-process rows" test "$(rows "$work/mpi/results.csv")" = "$(rows "$work/single/results.csv")"
check "mpi header" test "$(head -1 "$work/mpi/results.csv")" = "$(head -1 "$work/single/results.csv")"
check "mpi 12 rows, no duplicate" test "$(tail -n +2 "$work/mpi/results.csv" | cut -d, -f1 | sort -u | wc -l)" -eq 12
check "mpi sweep.json as single" cmp -s "$work/mpi/sweep.json" "$work/single/sweep.json"
check "progress from rank 0 only" test "$(grep -c '12/12 cells' "$work/progress")" -eq 1
# Largest expected cost first: the m = 10 cells (6 to 11) are handed out before m = 3.
check "largest first" test "$(tail -n +2 "$work/mpi/results.csv" | head -3 | cut -d, -f2 | sort -u)" = "10"

# Bad input is refused by every rank, and said once.
"${job[@]}" sweep relu2d --grid particles.count=3,-1 --out "$work/bad" -q 2>"$work/err"
check "bad grid under mpi fails" test $? -ne 0
check "bad grid said once" test "$(grep -c 'particles.count' "$work/err")" -eq 1
"${job[@]}" "${tiny[@]}" --jobs 2 --out "$work/bad" -q 2>"$work/err"
check "--jobs under mpi refused once" test "$(grep -c 'under MPI each rank runs one cell at a time' "$work/err")" -eq 1

# A rank that cannot start alone (its node gives less memory: here its ulimit -v) says so,
# naming itself, and the job ends before any run.
big=(sweep deconv1d --set particles.count=10000000 --steps 1 --out "$work/big" -q)
timeout 120 "$mpirun" --oversubscribe --allow-run-as-root -n 2 "$cli" "${big[@]}" : -n 1 \
    bash -c 'ulimit -v 600000; exec "$0" "$@"' "$cli" "${big[@]}" 2>"$work/err"
check "a rank short of memory ends the job" test $? -ne 0
check "that rank names itself" grep -q "rank 2: .*ulimit -v" "$work/err"
check "rank 0 points to it" grep -q "another rank of the job could not start the sweep" "$work/err"
check "no run started" test ! -s "$work/big/results.csv"

# The whole job killed midway: kill -9 of mpirun; its ranks see their launcher gone and
# end (rank 0 writes no row more). Rerun: no duplicate or cut row, the same final set.
# 24 cells of about 0.15 s: after a rank dies, mpirun takes about a second to end the job,
# and the other ranks must not finish the sweep meanwhile.
long=(sweep relu2d --grid particles.count=40,80 --grid dynamics.step_size=0.2,0.5 --seeds 6 --steps 2500 -q)
"$cli" "${long[@]}" --out "$work/long-single"
killed_job() {  # killed_job FOLDER SIGNAL WHOM: starts the job, kills WHOM (mpirun, or a worker rank) after 2 rows
    "${job[@]}" "${long[@]}" --out "$1" 2>/dev/null &
    local timeout_pid=$! launcher="" ranks=""
    for _ in $(seq 1 300); do
        [ "$(count_rows "$1/results.csv")" -ge 3 ] && break
        sleep 0.1
    done
    launcher=$(pgrep -P "$timeout_pid" | head -1)
    ranks=$(pgrep -P "$launcher" | tr '\n' ' ')
    if [ "$3" = mpirun ]; then kill -9 "$launcher"; else kill -9 "$(echo $ranks | cut -d' ' -f3)"; fi
    wait "$timeout_pid" 2>/dev/null
    for _ in $(seq 1 100); do alive $ranks || break; sleep 0.1; done
    check "$3 killed: its ranks ended" gone $ranks
    for p in $ranks; do kill -9 "$p" 2>/dev/null; done  # never left running, whatever happened
}
killed_job "$work/killed" KILL mpirun
done_before=$(($(wc -l <"$work/killed/results.csv") - 1))
check "killed before the end ($done_before rows)" test "$done_before" -lt 24
sleep 0.5
check "no row after the kill" test "$(($(wc -l <"$work/killed/results.csv") - 1))" -eq "$done_before"
check "no duplicate after the kill" test "$(tail -n +2 "$work/killed/results.csv" | cut -d, -f1 | sort | uniq -d | wc -l)" -eq 0
"${job[@]}" "${long[@]}" --out "$work/killed" 2>"$work/err"
check "resumed exit" test $? -eq 0
check "resume drops no row (none was cut)" test -z "$(grep 'dropped' "$work/err")"
check "resumed no duplicate" test "$(tail -n +2 "$work/killed/results.csv" | cut -d, -f1 | sort -u | wc -l)" -eq 24
check "resumed rows" test "$(tail -n +2 "$work/killed/results.csv" | wc -l)" -eq 24
check "resumed equals single-process" test "$(rows "$work/killed/results.csv")" = "$(rows "$work/long-single/results.csv")"

# One worker rank dies: mpirun ends the job; the rerun finishes the rest.
killed_job "$work/died" KILL worker
check "a dead worker ended the job early" test "$(($(wc -l <"$work/died/results.csv") - 1))" -lt 24
"${job[@]}" "${long[@]}" --out "$work/died" 2>/dev/null
check "after a dead worker: resumed equals single-process" test "$(rows "$work/died/results.csv")" = "$(rows "$work/long-single/results.csv")"

report
