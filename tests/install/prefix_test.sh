#!/usr/bin/env bash
# `cmake --install` to a scratch prefix, then the installed programs run from elsewhere.
#   prefix_test.sh BUILD_DIR VERSION WITH_GUI(ON|OFF)
set -u
source "$(dirname "$0")/../cli/checks.sh" "$1"
source "$(dirname "$0")/installed_checks.sh"
build="$1" version="$2" gui="$3"

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1
check "cmake --install (exit $?)" test -x "$work/prefix/bin/flowscope-cli"
check_installed "$work/prefix" "$version" "$gui"
report
