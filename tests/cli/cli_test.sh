#!/usr/bin/env bash
# The headless tool end to end: outputs, reproducibility, and one-line errors with exit 2.
set -u
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

# run writes the four files with the documented headers.
"$cli" run relu2d --steps 50 --set particles.count=20 --out "$work/a" >/dev/null
check "run exit code" test $? -eq 0
check "history header" test "$(head -1 "$work/a/history.csv")" = "step,time,objective,loss,regularizer,excess,grad_norm"
check "history rows" test "$(wc -l <"$work/a/history.csv")" -eq 52
check "particles header" test "$(head -1 "$work/a/particles.csv")" = "w,theta0,theta1"
check "particles rows" test "$(wc -l <"$work/a/particles.csv")" -eq 21
check "truth rows" test "$(wc -l <"$work/a/truth.csv")" -eq 4
check "scenario keeps the override" grep -q '"count": 20' "$work/a/scenario.json"

# The resolved scenario reproduces the run bit for bit.
"$cli" run "$work/a/scenario.json" --out "$work/b" -q
check "rerun identical particles" cmp -s "$work/a/particles.csv" "$work/b/particles.csv"
check "rerun identical history" cmp -s "$work/a/history.csv" "$work/b/history.csv"

# --init starts from given particles; eval prints the objective and velocities.
"$cli" run relu2d --steps 10 --init "$work/a/particles.csv" --out "$work/c" -q
check "init run" test $? -eq 0
check "init particle count" test "$(wc -l <"$work/c/particles.csv")" -eq 21
"$cli" eval relu2d --particles "$work/a/particles.csv" >"$work/eval.txt"
check "eval exit" test $? -eq 0
check "eval header" test "$(sed -n 2p "$work/eval.txt")" = "w,theta0,theta1,dw,dtheta0,dtheta1"
check "eval objective equals the run's last" test "$(sed -n 1p "$work/eval.txt" | cut -c1-12)" = "$(tail -1 "$work/a/history.csv" | cut -d, -f3 | cut -c1-12)"

# Help works everywhere.
for args in "--help" "run --help" "eval --help"; do
    "$cli" $args >/dev/null
    check "help: $args" test $? -eq 0
done

# Bad input: one line naming the file, key or line; exit code 2.
expect_error "unknown preset" "no-such: no such scenario" run no-such --out "$work/x"
expect_error "unknown key" "unknown key 'dynamics.eta'" run relu2d --set dynamics.eta=1 --out "$work/x"
expect_error "bad value" "'particles.count' = -5" run relu2d --set particles.count=-5 --out "$work/x"
expect_error "bad --set" "expected KEY=VALUE" run relu2d --set oops --out "$work/x"
printf '{"run": {"steps": 3},}' >"$work/bad.json"
expect_error "bad JSON" "bad.json: not valid JSON" run "$work/bad.json" --out "$work/x"
printf 'w,theta0,theta1\n1,2\n' >"$work/bad.csv"
expect_error "bad CSV" "bad.csv:2: expected 3 fields" run relu2d --init "$work/bad.csv" --out "$work/x"
printf 'w,theta0\n1,2\n' >"$work/dim.csv"
expect_error "wrong dimension" "needs 2" run relu2d --init "$work/dim.csv" --out "$work/x"
expect_error "missing --out" "--out" run relu2d
expect_error "unknown option" "--frobnicate" run relu2d --frobnicate --out "$work/x"
expect_error "no subcommand" "subcommand" 

# A divergent run says so, keeps its last finite state and exits 3.
"$cli" run relu2d --set dynamics.step_size=100 --out "$work/d" -q 2>"$work/err"
check "divergence exit code 3" test $? -eq 3
check "divergence message" grep -q "diverged at step" "$work/err"
check "divergence output written" test -s "$work/d/particles.csv"

echo "$passed passed, $failed failed"
test "$failed" -eq 0
