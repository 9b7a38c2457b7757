#!/usr/bin/env bash
# Installs the Debian 12 packages flowscope needs, only those missing.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libeigen3-dev libglm-dev doctest-dev nlohmann-json3-dev libcli11-dev
  libimgui-dev libglfw3-dev libstb-dev libgl-dev
  fonts-dejavu-core
  xvfb xauth
  # recording clips (Record, --record): ffmpeg is run as a separate program
  ffmpeg
  # the figure scripts (scripts/reproduce.py, scripts/figures.py)
  python3-numpy python3-matplotlib
  # installing and packaging: man pages, icons, the desktop entry, the Debian package
  help2man man-db librsvg2-bin desktop-file-utils dpkg-dev file git
  # sweeps across MPI ranks (FLOWSCOPE_MPI) and the cluster tests: Open MPI, a local Slurm
  openmpi-bin libopenmpi-dev slurm-wlm munge procps
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
