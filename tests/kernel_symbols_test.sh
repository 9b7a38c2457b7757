#!/usr/bin/env bash
# Each kernel set's object (core/numerics/cpu_kernels_isa.cpp compiled with its own flags)
# defines no global or weak symbol outside its own renamed namespaces and its table
# function: an inline function or template instance shared by name with another object
# could be taken by the linker for both, and run AVX-512 code on a processor without it.
#   kernel_symbols_test.sh SET OBJECT...
set -uo pipefail
set_name=$1; shift
command -v nm >/dev/null || { echo "nm not found: skipped"; exit 77; }
leaks=$(nm -C --defined-only "$@" | awk '$2 ~ /^[A-Z]$/' |
  grep -v -E "flowscope_(kernels|eigen)_${set_name}::|flowscope_isa::${set_name}Kernels\(\)|DW\.ref\.__gxx_personality_v0")
if [ -n "$leaks" ]; then
  echo "FAIL: the $set_name kernels' object shares symbols by name with other objects:"
  echo "$leaks" | head -20
  exit 1
fi
echo "ok: $set_name"
