#!/usr/bin/env bash
# The benchmark in one command: installs the PyTorch peer's Debian packages if missing
# (OpenBLAS on its own too: torch without it runs on the reference BLAS, which report.py
# refuses), builds flowscope-bench, runs both side by side and prints the table of
# docs/performance.md. Options go to report.py (--seconds, --repeat, --threads,
# --precisions, --cases). FLOWSCOPE_BENCH_BUILD chooses the build folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${FLOWSCOPE_BENCH_BUILD:-$root/build-bench}

# Debian's python (the python3 on PATH may be another installation without these packages).
missing=()
/usr/bin/python3 -c "import torch, numpy" 2>/dev/null || missing+=(python3-torch python3-numpy)
dpkg-query -W -f='${Status}' libopenblas0-pthread 2>/dev/null | grep -q "install ok installed" ||
  missing+=(libopenblas0-pthread)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y "${missing[@]}"
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFLOWSCOPE_BUILD_GUI=OFF -DFLOWSCOPE_BUILD_TESTS=OFF
fi
cmake --build "$build" -j"$(nproc)" --target flowscope-bench >/dev/null

exec /usr/bin/python3 "$here/report.py" --bench "$build/bench/flowscope-bench" "$@"
