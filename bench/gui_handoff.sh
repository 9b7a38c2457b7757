#!/usr/bin/env bash
# The solver inside the window against flowscope-cli on the same scenario (relu2d-mean-field:
# relu2d, the population risk summed by angle; 10^3, 10^5 and 10^6 particles), and the GUI's
# frame times at those sizes, in paired runs whose order alternates, so that a machine
# loaded by other work weighs on both programs of a pair alike; medians of the pairs.
#   window  `flowscope --benchmark-frames F --benchmark-seconds S`: F frames back to back with
#           the solver flat out, then S seconds of the window as used (frames paced while only
#           the solver moves the picture, frame_pacer.hpp): the solver's steps over that wall
#           time; then F frames paused. Xvfb, software OpenGL (llvmpipe), 1600x1000.
#   cli     `flowscope-cli run` over the steps the window took in its paced seconds (runs of
#           the first and of the last step's length, so the start and the written folder
#           cancel out).
# Prints every run and the medians of the pairs' ratios (window / cli; also with the frames
# drawn back to back, as the window drew them before the pacing: the engine's rate over its
# last half second of those frames), and the cores each of the window's threads used.
#   bench/gui_handoff.sh [build folder] [pairs] [seconds] [sizes...]
set -euo pipefail
build=${1:-build}
pairs=${2:-3}
seconds=${3:-20}
shift $(($# < 3 ? $# : 3))
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 100000 1000000)
frames=10
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/config"

gui() {  # particles -> "running_mean running_cpu paused_mean paused_cpu window_steps_per_s frames_per_s back_to_back_steps_per_s first_step last_step"
  local m=$1 out
  out=$(XDG_CONFIG_HOME=$work/config xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$build/app/gui/flowscope" --size 1600x1000 --ui-scale 1 --benchmark-frames "$frames" --benchmark-seconds "$seconds" \
    --scenario relu2d-mean-field --set particles.count="$m" --set run.steps=1000000000)
  sed -n "s/^ *cores used meanwhile, by thread: /$m: /p" <<<"$out" >>"$work/cores"
  awk '/running flat out/ { rm = $6; rc = $14; bb = $17 }
       /solver paused/    { pm = $4; pc = $12 }
       /window as used/   { sps = $5; fps = $7 }
       /steps in it/      { first = $4; last = $6 }
       END { print rm + 0, rc + 0, pm + 0, pc + 0, sps + 0, fps + 0, bb + 0, first + 0, last + 0 }' <<<"$out"
}

# The CLI over the same steps of the same run as the window's paced seconds: runs of `first`
# and of `last` steps, whose difference cancels the start and the written folder. (A step's
# cost changes as the particles move: at 10^6, steps 60 to 160 take 6% longer than steps 10
# to 60, so other steps would not be a fair peer.)
cli() {  # particles first last -> steps/s
  local m=$1 first=$(($2 > 0 ? $2 : 1)) last=$3 a b
  a=$( { /usr/bin/time -f "%e" "$build/app/cli/flowscope-cli" run relu2d-mean-field --set particles.count="$m" \
         --steps "$first" --out "$work/a" -q >/dev/null; } 2>&1 | tail -1)
  b=$( { /usr/bin/time -f "%e" "$build/app/cli/flowscope-cli" run relu2d-mean-field --set particles.count="$m" \
         --steps "$last" --out "$work/b" -q >/dev/null; } 2>&1 | tail -1)
  rm -rf "$work/a" "$work/b"
  awk -v a="$a" -v b="$b" -v n=$((last - first)) 'BEGIN { printf "%.4g\n", n / (b - a) }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/rows"
: >"$work/cores"
declare -A range  # particles -> "first last": the steps of that size's latest window run
for ((p = 1; p <= pairs; ++p)); do
  for m in "${sizes[@]}"; do
    # Alternate which program goes first, so a load that rises or falls is shared; the CLI
    # going first takes the steps of the window's previous run at that size.
    if ((p % 2)); then
      g=$(gui "$m"); range[$m]=$(cut -d' ' -f8,9 <<<"$g"); c=$(cli "$m" ${range[$m]})
    else
      c=$(cli "$m" ${range[$m]}); g=$(gui "$m")
    fi
    echo "$m $p $g $c $(cut -d' ' -f1 /proc/loadavg)" >>"$work/rows"
  done
  echo "pair $p done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: particles pair | frame running mean ms, its GUI-thread CPU ms | paused mean ms, CPU ms | window steps/s, frames/s | back to back steps/s | the window's steps, first and last | cli steps/s over those steps | load"
cat "$work/rows"
echo "cores each of the window's threads used in the paced window, by run (the GUI thread under the program's name):"
cat "$work/cores"
for m in "${sizes[@]}"; do
  col() { awk -v m="$m" -v c="$1" '$1 == m { print $c }' "$work/rows" | median; }
  ratio=$(awk -v m="$m" '$1 == m { print $7 / $12 }' "$work/rows" | median)
  unpaced=$(awk -v m="$m" '$1 == m { print $9 / $12 }' "$work/rows" | median)
  printf "%-8s median: frame running %s ms (CPU %s), paused %s ms (CPU %s); window %s steps/s at %s frames/s; cli %s steps/s; window/cli %s (frames back to back: %s)\n" \
    "$m" "$(col 3)" "$(col 4)" "$(col 5)" "$(col 6)" "$(col 7)" "$(col 8)" "$(col 12)" "$ratio" "$unpaced"
done
# Frame time at the largest size against the smallest, pair by pair (the hand-off target: 1.5).
small=${sizes[0]} large=${sizes[${#sizes[@]}-1]}
awk -v s="$small" -v l="$large" '$1 == s { rs[$2] = $3; ps[$2] = $5 } $1 == l { rl[$2] = $3; pl[$2] = $5 }
     END { for (p in rs) if (p in rl) printf "%.3f %.3f\n", rl[p] / rs[p], pl[p] / ps[p] }' "$work/rows" >"$work/frames"
printf "median frame ratio %s/%s: running %s, paused %s\n" "$large" "$small" \
  "$(cut -d' ' -f1 "$work/frames" | median)" "$(cut -d' ' -f2 "$work/frames" | median)"
