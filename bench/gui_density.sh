#!/usr/bin/env bash
# The window at a million particles with the density view, against a thousand particles
# (discs, no density), in paired alternating runs so that a machine loaded by other work
# weighs on both alike; medians of the pairs. Per run: GUI frame time (the solver flat out,
# then paused), the solver's steps/s inside the window, and flowscope-cli's steps/s on the
# same scenario (from two run lengths, so the start and the written folder cancel out).
# Also 10^6 with the density switched off, to show what the density itself costs.
# Xvfb with software OpenGL (llvmpipe): a GPU gives smaller numbers. Prints figures.
#   bench/gui_density.sh [build folder] [frames] [pairs]
set -euo pipefail
build=${1:-build}
frames=${2:-30}
pairs=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/auto/flowscope" "$work/off/flowscope"
echo '{"views":{"particles":{"density":"auto"}}}' >"$work/auto/flowscope/settings.json"
echo '{"views":{"particles":{"density":"off"}}}' >"$work/off/flowscope/settings.json"

gui() {  # density choice, particles -> "running_mean running_p95 paused_mean paused_p95 steps_per_s"
  local choice=$1 m=$2 out
  out=$(XDG_CONFIG_HOME=$work/$choice xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$build/app/gui/flowscope" --size 1600x1000 --ui-scale 1 --benchmark-frames "$frames" \
    --scenario relu2d --set particles.count="$m" --set run.steps=1000000000)
  awk '/running flat out/ { rm = $6; rp = $9; sps = $12 }
       /solver paused/    { pm = $4; pp = $7 }
       END { print rm, rp, pm, pp, sps }' <<<"$out"
}

cli() {  # particles short long -> steps/s
  local m=$1 short=$2 long=$3 a b
  a=$( { /usr/bin/time -f "%e" "$build/app/cli/flowscope-cli" run relu2d --set particles.count="$m" \
         --steps "$short" --out "$work/a" -q >/dev/null; } 2>&1 | tail -1)
  b=$( { /usr/bin/time -f "%e" "$build/app/cli/flowscope-cli" run relu2d --set particles.count="$m" \
         --steps "$long" --out "$work/b" -q >/dev/null; } 2>&1 | tail -1)
  rm -rf "$work/a" "$work/b"
  awk -v a="$a" -v b="$b" -v n=$((long - short)) 'BEGIN { printf "%.3g\n", n / (b - a) }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/rows"
for ((p = 1; p <= pairs; ++p)); do
  # Alternate which size goes first, so a load that rises or falls is shared.
  if ((p % 2)); then order="small large off"; else order="off large small"; fi
  for which in $order; do
    case $which in
      small) echo "small $(gui auto 1000) $(cli 1000 2000 12000)" >>"$work/rows" ;;
      large) echo "large $(gui auto 1000000) $(cli 1000000 5 25)" >>"$work/rows" ;;
      off)   echo "off $(gui off 1000000) -" >>"$work/rows" ;;
    esac
  done
  echo "pair $p done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs (kind, frame running mean / p95, paused mean / p95 in ms, window steps/s, cli steps/s):"
cat "$work/rows"
col() { awk -v k="$1" -v c="$2" '$1 == k { print $c }' "$work/rows" | median; }
for k in small large off; do
  printf "%-6s median: running %s ms (p95 %s), paused %s ms (p95 %s), window %s steps/s, cli %s steps/s\n" \
    "$k" "$(col $k 2)" "$(col $k 3)" "$(col $k 4)" "$(col $k 5)" "$(col $k 6)" "$(col $k 7)"
done
# Ratios pair by pair (row i of each kind belongs to pair i), then their medians.
awk '$1 == "small" { s[++i] = $2; sp[i] = $4; sw[i] = $6; sc[i] = $7 }
     $1 == "large" { l[++j] = $2; lp[j] = $4; lw[j] = $6; lc[j] = $7 }
     END { for (k = 1; k <= i; ++k) printf "%.3f %.3f %.3f %.3f\n", l[k] / s[k], lp[k] / sp[k], sw[k] / sc[k], lw[k] / lc[k] }' \
  "$work/rows" >"$work/ratios"
printf "median ratios: frame 10^6/10^3 running %s, paused %s; window/cli steps/s at 10^3 %s, at 10^6 %s\n" \
  "$(cut -d' ' -f1 "$work/ratios" | median)" "$(cut -d' ' -f2 "$work/ratios" | median)" \
  "$(cut -d' ' -f3 "$work/ratios" | median)" "$(cut -d' ' -f4 "$work/ratios" | median)"
