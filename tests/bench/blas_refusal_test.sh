#!/usr/bin/env bash
# The benchmark's quick mode (report.py --blas-only, a few seconds): it names the peer's
# BLAS and kernel, and refuses to report ratios when the peer runs on the reference BLAS.
# Skipped (77) where torch, OpenBLAS or the reference BLAS is not installed.
set -uo pipefail
report="$(dirname "$0")/../../bench/report.py"
reference=/usr/lib/x86_64-linux-gnu/blas
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "torch is not installed: skipped"; exit 77; }
[ -e "$reference/libblas.so.3" ] || { echo "no reference BLAS in $reference: skipped"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

# The reference BLAS put first in the peer's library path: refused, exit 4, a message.
out=$(LD_LIBRARY_PATH=$reference /usr/bin/python3 "$report" --blas-only 2>&1); rc=$?
[ $rc -eq 4 ] || fail "reference BLAS: exit $rc, not 4: $out"
grep -q "not an optimized BLAS: no ratios are reported" <<<"$out" || fail "reference BLAS: no refusal message: $out"
grep -q "BLAS reference" <<<"$out" || fail "reference BLAS not named: $out"

# As installed, with the kernel pinned in the environment: the installed peer names the
# pinned kernel, the tuned one OpenBLAS's own choice, and both are accepted.
if /usr/bin/python3 -c "import ctypes; ctypes.CDLL('libopenblas.so.0')" 2>/dev/null; then
  out=$(OPENBLAS_CORETYPE=Prescott /usr/bin/python3 "$report" --blas-only 2>&1); rc=$?
  [ $rc -eq 0 ] || fail "OpenBLAS: exit $rc: $out"
  grep -q "Peer as installed: BLAS OpenBLAS, kernel Prescott" <<<"$out" || fail "pinned kernel not named: $out"
  grep "Peer tuned: BLAS OpenBLAS" <<<"$out" | grep -q -v "kernel Prescott" || fail "tuned peer kept the pin: $out"
fi
echo "ok"
