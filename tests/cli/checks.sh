# Shared by the command-line test scripts: a scratch folder and named checks that are
# counted, so each script ends with the "N passed, N failed" line CTest's log shows.
cli="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # check NAME CONDITION...
    local name="$1"; shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
report() {
    echo "$passed passed, $failed failed"
    test "$failed" -eq 0
}
