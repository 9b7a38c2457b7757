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
expect_error() {  # expect_error NAME PATTERN ARGS...: exit 2, one line on stderr matching PATTERN
    local name="$1" pattern="$2"; shift 2
    "$cli" "$@" >"$work/out" 2>"$work/err"
    local code=$?
    check "$name: exit code 2 (got $code)" test "$code" -eq 2
    check "$name: one line" test "$(wc -l <"$work/err")" -eq 1
    check "$name: message names '$pattern'" grep -q -- "$pattern" "$work/err"
    [ "$(wc -l <"$work/err")" -eq 1 ] || cat "$work/err"
}
report() {
    echo "$passed passed, $failed failed"
    test "$failed" -eq 0
}
