#!/usr/bin/env bash
# The hand-off at scale: GUI frame times of relu2d at 10^3 and 10^6 particles in the same
# window (Xvfb, software OpenGL), the solver flat out and paused, with the solver's steps/s
# inside the window, next to flowscope-cli's steps/s on the same scenario (from two runs
# of different lengths, so the start and the written folder cancel out). Prints figures.
#   bench/gui_handoff.sh [build folder] [frames]
set -euo pipefail
build=${1:-build}
frames=${2:-40}
config=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$config" "$work"' EXIT
gui() {
  XDG_CONFIG_HOME=$config xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$build/app/gui/flowscope" --size 1600x1000 --ui-scale 1 --benchmark-frames "$frames" "$@"
}
cli_rate() {  # steps/s of flowscope-cli run on relu2d with $1 particles
  local m=$1 short=$2 long=$3 a b
  a=$( { /usr/bin/time -f "%e" "$build/app/cli/flowscope-cli" run relu2d --set particles.count="$m" \
         --steps "$short" --out "$work/a" -q >/dev/null; } 2>&1 | tail -1)
  b=$( { /usr/bin/time -f "%e" "$build/app/cli/flowscope-cli" run relu2d --set particles.count="$m" \
         --steps "$long" --out "$work/b" -q >/dev/null; } 2>&1 | tail -1)
  rm -rf "$work/a" "$work/b"
  awk -v a="$a" -v b="$b" -v n=$((long - short)) -v m="$m" \
    'BEGIN { printf "flowscope-cli relu2d, %d particles: %.1f steps/s (%d steps in %.2f s)\n", m, n / (b - a), n, b - a }'
}
for m in 1000 1000000; do
  gui --scenario relu2d --set particles.count=$m --set run.steps=1000000000  # no step budget reached while measuring
done
cli_rate 1000 2000 12000
cli_rate 1000000 5 25
