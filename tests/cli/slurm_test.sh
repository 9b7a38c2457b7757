#!/usr/bin/env bash
# The cluster scripts of docs/cluster.md on a real Slurm: a single-node cluster on this
# machine (munged, slurmctld and slurmd started here with a generated slurm.conf in a
# scratch folder, on free local ports, and ended by their process ids). The MPI job (by
# mpirun, and by srun with PMIx) and the job array with its merge must give the
# single-machine sweep's rows. Skipped (exit
# 77) only where the daemons cannot start. Arguments: flowscope-cli, scripts/cluster.
set -u
source "$(dirname "$0")/checks.sh" "$1"
cli=$(realpath "$cli")  # the jobs run elsewhere
scripts=$(realpath "$2")
rows() { tail -n +2 "$1" | sort -t, -k1,1n | cut -d, -f1-12; }  # without wall time, in cell order
skip() { echo "SKIPPED: $*"; exit 77; }
daemons=()
stop_daemons() {
    for pid in "${daemons[@]}"; do kill "$pid" 2>/dev/null; done
    for _ in $(seq 1 50); do
        local left=0
        for pid in "${daemons[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
        [ "$left" = 0 ] && break
        sleep 0.1
    done
    for pid in "${daemons[@]}"; do kill -9 "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap stop_daemons EXIT

for program in munged slurmctld slurmd sbatch scontrol sinfo mpirun; do
    command -v "$program" >/dev/null || skip "$program is not installed (scripts/install-deps.sh installs slurm-wlm, munge, openmpi-bin)"
done
# Daemons refuse folders others can write to: a private one.
cluster="$work/cluster"
mkdir -m 700 "$cluster" "$cluster/state" "$cluster/spool"
head -c 1024 /dev/urandom >"$cluster/munge.key"
chmod 400 "$cluster/munge.key"
# Each daemon under `timeout`: even if this script were killed before its trap runs, none
# would outlive it by more than a couple of minutes.
life=150
timeout "$life" munged -F -f --key-file="$cluster/munge.key" --socket="$cluster/munge.sock" --pid-file="$cluster/munged.pid" \
    --log-file="$cluster/munged.log" --seed-file="$cluster/munge.seed" >"$cluster/munged.out" 2>&1 &
daemons+=($!)
ports=$(/usr/bin/python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
read -r ctld_port slurmd_port <<<"$ports"
host=$(hostname -s)
# As root (the CI), Slurm's daemons and jobs run as root; elsewhere as this user.
user=$(id -un)
export SLURM_CONF="$cluster/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=flowscope-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$cluster/munge.sock
StateSaveLocation=$cluster/state
SlurmdSpoolDir=$cluster/spool
SlurmctldPidFile=$cluster/slurmctld.pid
SlurmdPidFile=$cluster/slurmd.pid
SlurmctldLogFile=$cluster/slurmctld.log
SlurmdLogFile=$cluster/slurmd.log
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
# Four CPUs on however many cores: the MPI job's three tasks and the array's run side by side.
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=4 RealMemory=2000 State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=10 State=UP
CONF
for _ in $(seq 1 50); do [ -S "$cluster/munge.sock" ] && break; sleep 0.1; done
[ -S "$cluster/munge.sock" ] || skip "munged did not start: $(tail -1 "$cluster/munged.out")"
timeout "$life" slurmctld -D -i -f "$SLURM_CONF" >"$cluster/slurmctld.out" 2>&1 &
daemons+=($!)
timeout "$life" slurmd -D -f "$SLURM_CONF" >"$cluster/slurmd.out" 2>&1 &
daemons+=($!)
state=""
deadline=$((SECONDS + 30))
while [ "$SECONDS" -lt "$deadline" ]; do
    state=$(timeout 5 sinfo -h -o %T 2>/dev/null)
    [ "$state" = idle ] && break
    sleep 0.2
done
[ "$state" = idle ] || skip "the local Slurm did not come up (node state '$state'): $(tail -1 "$cluster/slurmctld.out") / $(tail -1 "$cluster/slurmd.out")"

# The jobs run as root where the CI does, which Open MPI refuses without these; sbatch
# passes the environment on to the jobs.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 FLOWSCOPE_CLI="$cli"
sweep=(relu2d --grid particles.count=3,10 --grid dynamics.step_size=0.2,0.5 --seeds 3 --steps 300)
cd "$work"
mpi_job=$(timeout 10 sbatch --parsable --ntasks=3 --output="$work/mpi.log" "$scripts/sweep-mpi.sbatch" \
    "${sweep[@]}" --out "$work/mpi")
check "MPI job submitted" test -n "$mpi_job"
array_job=$(timeout 10 sbatch --parsable --array=1-3 --output="$work/shard-%a.log" "$scripts/sweep-array.sbatch" \
    "$work/array" "${sweep[@]}")
check "array job submitted" test -n "$array_job"
merge_job=$(timeout 10 sbatch --parsable --dependency=afterany:"$array_job" --output="$work/merge.log" \
    "$scripts/merge.sbatch" "$work/array")
check "merge job submitted" test -n "$merge_job"
# Sites whose Slurm starts MPI programs itself: srun with PMIx instead of mpirun.
srun_job=$(timeout 10 sbatch --parsable --ntasks=3 --output="$work/srun.log" --wrap \
    "srun --mpi=pmix $(printf '%q ' "$cli" sweep "${sweep[@]}" --set run.threads=1 --out "$work/srun")")
check "srun job submitted" test -n "$srun_job"
"$cli" sweep "${sweep[@]}" --set run.threads=1 --out "$work/single" -q  # as the scripts run each cell

job_state() { timeout 5 scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort -u | tr '\n' ' '; }
finished() {  # every task of job $1 ended (or the job is no longer known)
    local s
    s=$(job_state "$1")
    [ -z "$s" ] || ! echo "$s" | grep -qE 'PENDING|RUNNING|CONFIGURING|COMPLETING'
}
deadline=$((SECONDS + 60))
while [ "$SECONDS" -lt "$deadline" ]; do
    finished "$mpi_job" && finished "$merge_job" && finished "$srun_job" && break
    sleep 0.2
done
check "MPI job completed ($(job_state "$mpi_job"))" test "$(job_state "$mpi_job")" = "JobState=COMPLETED "
check "array completed ($(job_state "$array_job"))" test "$(job_state "$array_job")" = "JobState=COMPLETED "
check "merge completed ($(job_state "$merge_job"))" test "$(job_state "$merge_job")" = "JobState=COMPLETED "
check "srun job completed ($(job_state "$srun_job"))" test "$(job_state "$srun_job")" = "JobState=COMPLETED "
check "srun job's rows equal the single machine's" test "$(rows "$work/srun/results.csv")" = "$(rows "$work/single/results.csv")"
check "MPI job's rows equal the single machine's" test "$(rows "$work/mpi/results.csv")" = "$(rows "$work/single/results.csv")"
check "array's merged rows equal the single machine's" test "$(rows "$work/array/results.csv")" = "$(rows "$work/single/results.csv")"
check "MPI job's sweep.json as the single machine's" cmp -s "$work/mpi/sweep.json" "$work/single/sweep.json"
check "merged sweep.json as the single machine's" cmp -s "$work/array/sweep.json" "$work/single/sweep.json"
check "three shards" test "$(ls -d "$work"/array/shard-* | wc -l)" -eq 3
check "merge log counts every cell" grep -q "12 of 12 cells from 3 folders" "$work/merge.log"
check "MPI progress from rank 0 only" test "$(grep -c '12/12 cells' "$work/mpi.log")" -eq 1
if [ "$failed" -gt 0 ]; then  # what the jobs and daemons said
    tail -n 5 "$work"/*.log "$cluster"/slurmctld.log "$cluster"/slurmd.log 2>/dev/null
fi
report
