#!/usr/bin/env bash
# GUI frame time at 10^5 particles, solver running flat out versus paused, under Xvfb
# (software OpenGL: a GPU gives smaller numbers). Not a test: it prints figures.
#   bench/gui_frame_time.sh [path/to/flowscope] [frames]
set -euo pipefail
program=${1:-build-gui/app/gui/flowscope}
frames=${2:-120}
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
run() {
  XDG_CONFIG_HOME=$config xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$program" --size 1600x1000 --ui-scale 1 --benchmark-frames "$frames" "$@"
}
# Deconvolution on the circle: one step costs O(m K), cheap per particle.
run --scenario deconv1d --set particles.count=100000
# ReLU network on 1000 fixed samples: one step costs O(n m d), about 0.1 s here.
run --scenario relu2d --set network.risk=empirical --set particles.count=100000
