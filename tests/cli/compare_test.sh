#!/usr/bin/env bash
# flowscope-cli compare end to end: runs side by side on the same flow time, one folder per
# run and a combined history, bad comparisons refused in one line naming file and key.
set -u
source "$(dirname "$0")/checks.sh" "$1"

# --vary: one run per value, sharing the truth; a smaller step size takes more steps for the same time.
"$cli" compare relu2d --vary dynamics.step_size=0.5,0.25 --set particles.count=10 --time 20 --out "$work/vary" -q
check "vary exit" test $? -eq 0
check "vary folders" test -s "$work/vary/1-dynamics.step-size-0.5/history.csv" -a -s "$work/vary/2-dynamics.step-size-0.25/history.csv"
check "combined header" test "$(head -1 "$work/vary/history.csv")" = "variant,step,time,objective,loss,regularizer,excess,grad_norm,test_loss,accuracy,test_accuracy"
check "combined rows = runs' rows" test "$(tail -n +2 "$work/vary/history.csv" | wc -l)" -eq \
    $(( $(tail -n +2 "$work/vary/1-dynamics.step-size-0.5/history.csv" | wc -l) + $(tail -n +2 "$work/vary/2-dynamics.step-size-0.25/history.csv" | wc -l) ))
check "coarse run: 40 steps" test "$(tail -1 "$work/vary/1-dynamics.step-size-0.5/history.csv" | cut -d, -f1,2)" = "40,20"
check "fine run: 80 steps, same time" test "$(tail -1 "$work/vary/2-dynamics.step-size-0.25/history.csv" | cut -d, -f1,2)" = "80,20"
check "same truth" cmp -s "$work/vary/1-dynamics.step-size-0.5/truth.csv" "$work/vary/2-dynamics.step-size-0.25/truth.csv"
check "variant column names the value" grep -q '^"dynamics.step_size = 0.25",80,20,' "$work/vary/history.csv"
# Each run's folder reproduces it alone: its scenario.json run by `run` gives the same last row.
"$cli" run "$work/vary/2-dynamics.step-size-0.25/scenario.json" --out "$work/alone" -q
check "a run's scenario.json reproduces it" test "$(tail -1 "$work/alone/history.csv")" = "$(tail -1 "$work/vary/2-dynamics.step-size-0.25/history.csv")"

# A built-in comparison, shortened: its claim is reported in comparison.json.
"$cli" compare euler-vs-conic --time 5 --out "$work/builtin" > "$work/out"
check "built-in exit" test $? -eq 0
check "built-in summary" grep -q "^claim: .*: holds" "$work/out"
check "comparison.json claim" grep -q '"holds": true' "$work/builtin/comparison.json"
check "built-in folders" test -d "$work/builtin/1-euler" -a -d "$work/builtin/2-conic"

# Bad input: exit 2, one line naming the file and key.
printf '{"name": "x", "scenario": "relu2d", "runs": [{"label": "a", "set": {"particles.count": 3}}, {"label": "b", "set": {"particles.count": -1}}]}' > "$work/bad.json"
"$cli" compare "$work/bad.json" --out "$work/bad" 2> "$work/err"
check "bad value exit 2" test $? -eq 2
check "bad value names file, run and key" grep -q "bad.json runs\[1\].set: key 'particles.count'" "$work/err"
check "one line" test "$(wc -l < "$work/err")" -eq 1
printf '{"name": "x", "scenario": "relu2d", "runs": [{"label": "a", "set": {}}]}' > "$work/one.json"
"$cli" compare "$work/one.json" --out "$work/bad" 2> "$work/err"
check "one run refused" grep -q "one.json: key 'runs' must list 2 to 4 runs" "$work/err"
"$cli" compare relu2d --vary particles.count=3 --out "$work/bad" 2> "$work/err"
check "one value refused" grep -q "give 2 to 4 values" "$work/err"
"$cli" compare no-such-comparison --out "$work/bad" 2> "$work/err"
check "unknown comparison lists the built-in ones" grep -q "built in: euler-vs-conic, few-vs-many" "$work/err"
check "nothing written for bad input" test ! -e "$work/bad"
report
