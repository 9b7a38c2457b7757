#!/usr/bin/env bash
# Sweep throughput across MPI ranks (docs/performance.md, "Sweeps across MPI ranks"): one
# sweep of relu2d cells run by one process (one run at a time, and two at a time: the
# threaded sweep, the peer) and by mpirun with 2, 3 and 4 ranks (rank 0 hands out, the
# others run one cell each), in rounds that alternate the order; then the cost of a row
# to rank 0, from a sweep of cells so small that rank 0's loop is all there is, and the
# fsync of one row alone. Prints medians over the rounds. About 5 minutes.
#
#   bench/mpi_sweep_scaling.sh [CLI] [ROUNDS]
set -uo pipefail
cli=$(realpath "${1:-build/app/cli/flowscope-cli}")
rounds="${2:-5}"
work=$(mktemp -d "${TMPDIR:-/tmp}/flowscope-scaling.XXXXXX")
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # where this runs as root
mpirun=(mpirun --oversubscribe)
# 48 cells of about 0.1 s each here (relu2d, m = 80 to 120, 2000 steps), one thread per run.
sweep=(sweep relu2d --grid particles.count=80,100,120 --seeds 16 --steps 2000 --set run.threads=1 -q)
cells=48

seconds() {  # seconds NAME COMMAND...: runs COMMAND into a fresh folder, prints its wall time
    local name=$1 start end
    shift
    rm -rf "$work/$name"
    start=$(date +%s.%N)
    "$@" --out "$work/$name" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    end=$(date +%s.%N)
    rows=$(($(wc -l <"$work/$name/results.csv") - 1))
    [ "$rows" -eq "$expect" ] || { echo "$name wrote $rows rows, not $expect" >&2; exit 1; }
    calc "$end - $start"
}
calc() { awk "BEGIN { print $1 }"; }  # calc EXPRESSION
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

names=(jobs1 jobs2 ranks2 ranks3 ranks4)
declare -A times
expect=$cells
for round in $(seq 1 "$rounds"); do
    order=("${names[@]}")
    [ $((round % 2)) -eq 0 ] && order=(ranks4 ranks3 ranks2 jobs2 jobs1)
    for name in "${order[@]}"; do
        case $name in
            jobs1) t=$(seconds "$name" "$cli" "${sweep[@]}" --jobs 1) ;;
            jobs2) t=$(seconds "$name" "$cli" "${sweep[@]}" --jobs 2) ;;
            ranks*) t=$(seconds "$name" "${mpirun[@]}" -n "${name#ranks}" "$cli" "${sweep[@]}") ;;
        esac
        times[$name]+="$t "
    done
done

# Rank 0's cost per row: 600 cells of one step of one particle (a cell is then mostly
# building its scenario), two and three workers.
tiny=(sweep relu2d --set particles.count=1 --steps 1 --seeds 600 --set run.threads=1 -q)
expect=600
for round in $(seq 1 "$rounds"); do
    for n in 3 4; do
        t=$(seconds "tiny$n" "${mpirun[@]}" -n "$n" "$cli" "${tiny[@]}")
        times[tiny$n]+="$t "
    done
    # The job's start and end alone: the finished sweep again, nothing to run.
    start=$(date +%s.%N)
    "${mpirun[@]}" -n 4 "$cli" "${tiny[@]}" --out "$work/tiny4" >/dev/null 2>&1
    times[startup]+="$(calc "$(date +%s.%N) - $start") "
done
# One row's write and fsync on the same file system, alone (what ResultsFile::append does).
fsync=$(/usr/bin/python3 - "$work" <<'PY'
import os, sys, time
path = os.path.join(sys.argv[1], "fsync.csv")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
row = b"123,100,7,steps,2000,1000,1.2345678901234567e-05,1.2345678901234567e-05,0.5,3.4e-06,-1,0.123\n"
samples = []
for _ in range(300):
    t = time.perf_counter(); os.write(fd, row); os.fsync(fd); samples.append(time.perf_counter() - t)
samples.sort()
print(samples[len(samples) // 2])
PY
)

echo "Machine: $(nproc) cores; load average before the last round: $(cut -d' ' -f1-3 /proc/loadavg); rounds: $rounds"
echo
echo "| how | ranks | runs at once | median wall (s) | cells/s | vs one process, one run at a time |"
echo "|---|---|---|---|---|---|"
base=$(echo ${times[jobs1]} | tr ' ' '\n' | median)
for name in "${names[@]}"; do
    m=$(echo ${times[$name]} | tr ' ' '\n' | median)
    case $name in
        jobs1) how="one process, --jobs 1"; ranks=1; at=1 ;;
        jobs2) how="one process, --jobs 2 (threads)"; ranks=1; at=2 ;;
        ranks*) how="mpirun -n ${name#ranks}"; ranks=${name#ranks}; at=$((ranks - 1)) ;;
    esac
    printf '| %s | %s | %s | %.2f | %.1f | %.2f |\n' "$how" "$ranks" "$at" "$m" "$(calc "$cells / $m")" \
        "$(calc "$base / $m")"
done
echo
cell=$(calc "$base / $cells")
for n in 3 4; do
    m=$(echo ${times[tiny$n]} | tr ' ' '\n' | median)
    printf 'tiny cells, mpirun -n %s: %.0f rows/s, %.2f ms per row at rank 0 (an upper bound: it includes waiting)\n' \
        "$n" "$(calc "600 / $m")" "$(calc "1000 * $m / 600")"
done
printf 'mpirun -n 4 with nothing to run (start and end of the job): %.2f s\n' \
    "$(echo ${times[startup]} | tr ' ' '\n' | median)"
printf 'one row written and fsynced alone: %.3f ms (median of 300)\n' "$(calc "1000 * $fsync")"
printf 'one cell of the sweep above, one run at a time: %.3f s\n' "$cell"
