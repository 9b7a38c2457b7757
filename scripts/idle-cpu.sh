#!/usr/bin/env bash
# CPU use of the paused window with no input: opens flowscope paused under Xvfb (its own
# settings folder), lets it settle, then reads the process's user + system time from
# /proc/PID/stat over a span of seconds and prints it as a share of one core.
#   scripts/idle-cpu.sh [path/to/flowscope] [seconds] [extra flowscope options...]
# (default: build/app/gui/flowscope, 10 s, relu2d at 1024x768)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
program="${1:-$root/build/app/gui/flowscope}"
seconds="${2:-10}"
shift $(( $# > 2 ? 2 : $# ))
[ -x "$program" ] || { echo "idle-cpu: no program at $program" >&2; exit 4; }
command -v xvfb-run >/dev/null || { echo "idle-cpu: needs xvfb-run (apt-get install xvfb)" >&2; exit 4; }
config="$(mktemp -d)"
trap 'rm -rf "$config"' EXIT
export XDG_CONFIG_HOME="$config" PROGRAM="$program" SECONDS_SPAN="$seconds"
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  "$PROGRAM" --scenario relu2d --size 1024x768 --ui-scale 1 --paused "$@" >/dev/null 2>&1 &
  pid=$!
  ticks() { awk "{ print \$14 + \$15 }" "/proc/$pid/stat"; }
  sleep 3  # the first frames: fonts, shaders, the first evaluation
  kill -0 "$pid" 2>/dev/null || { echo "idle-cpu: the window did not start" >&2; exit 1; }
  before=$(ticks); start=$(date +%s.%N)
  sleep "$SECONDS_SPAN"
  after=$(ticks); end=$(date +%s.%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v s0="$start" -v s1="$end" \
    "BEGIN { printf \"paused idle CPU: %.1f%% of one core over %.1f s\\n\", 100 * t / hz / (s1 - s0), s1 - s0 }"
' idle-cpu "$@"
