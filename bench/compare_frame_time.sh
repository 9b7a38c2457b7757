#!/usr/bin/env bash
# GUI frame time with 4 compared runs of 10^4 particles against one run of 10^4, under Xvfb
# (software OpenGL), solver running flat out and paused. The runs are deconv1d differing
# only in their start's seed (init.seed), so each costs what the single run costs. Runs
# alternate (single, compare, single, ...) so that a machine's load falls on both alike;
# prints each pair and the medians of the ratio compare / single. Not a test.
#   bench/compare_frame_time.sh [path/to/flowscope] [frames] [pairs]
set -euo pipefail
program=${1:-build/app/gui/flowscope}
frames=${2:-60}
pairs=${3:-5}
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
run() {  # prints "running_mean paused_mean"
  XDG_CONFIG_HOME=$config xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$program" --size 1600x1000 --ui-scale 1 --benchmark-frames "$frames" \
    --scenario deconv1d --set particles.count=10000 --set run.steps=10000000 "$@" |
    awk '/solver running/ { r = $6 } /solver paused/ { p = $4 } END { print r, p }'
}
ratios_running=() ratios_paused=()
for ((i = 1; i <= pairs; i++)); do
  read -r s_run s_pause <<<"$(run)"
  read -r c_run c_pause <<<"$(run --compare init.seed=1,2,3,4)"
  rr=$(python3 -c "print(f'{$c_run / $s_run:.2f}')")
  rp=$(python3 -c "print(f'{$c_pause / $s_pause:.2f}')")
  ratios_running+=("$rr") ratios_paused+=("$rp")
  echo "pair $i: one run ${s_run} ms running, ${s_pause} ms paused; 4 runs ${c_run} ms running, ${c_pause} ms paused; ratio $rr running, $rp paused"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "median ratio (4 runs of 10^4 / one run of 10^4): running $(median "${ratios_running[@]}"), paused $(median "${ratios_paused[@]}")"
