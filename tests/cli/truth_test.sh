#!/usr/bin/env bash
# A given ground truth (truth.given, --truth): a run given its own truth.csv back equals it
# bit for bit, through runs, checkpoints and sweeps; bad truth files are one line, exit 2.
set -u
source "$(dirname "$0")/checks.sh" "$1"
same_run() {  # same_run NAME DIR1 DIR2: the runs' results are equal byte for byte
    for f in particles.csv history.csv truth.csv; do
        check "$1: $f equal" cmp -s "$2/$f" "$3/$f"
    done
}

# Each problem, with its truth seed following run.seed or set: the run given its truth.csv
# back (with --truth, or through truth.given in the scenario it wrote) equals it. The data
# (noise, samples, mini-batches) come from the seeds as before, so these cover them too.
cases=(
    "relu2d --set particles.count=20"
    "relu2d --set particles.count=20 --set truth.seed=7 --set run.seed=3"
    "sigmoid2d --set particles.count=20 --set network.risk=empirical --set network.samples=64"
    "sigmoid2d --set particles.count=10 --set network.risk=minibatch --set truth.seed=11"
    "deconv1d --set particles.count=30 --set deconvolution.noise=0.1"
    "deconv2d --set particles.count=20 --set truth.seed=5"
    "relu-highdim --set particles.count=20 --set network.input_dim=5"
)
n=0
for c in "${cases[@]}"; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    "$cli" run $c --steps 25 --out "$work/drawn$n" -q
    check "case $n ($c): drawn run" test $? -eq 0
    # shellcheck disable=SC2086
    "$cli" run $c --steps 25 --truth "$work/drawn$n/truth.csv" --out "$work/given$n" -q
    check "case $n: given run" test $? -eq 0
    same_run "case $n: --truth" "$work/drawn$n" "$work/given$n"
    check "case $n: scenario.json holds the truth" grep -q '"given": \[' "$work/given$n/scenario.json"
    "$cli" run "$work/given$n/scenario.json" --out "$work/again$n" -q
    same_run "case $n: its scenario.json" "$work/drawn$n" "$work/again$n"
done

# A relative truth file in a scenario file is found beside it.
mkdir -p "$work/beside"
cp "$work/drawn1/truth.csv" "$work/beside/spikes.csv"
printf '{"problem": {"kind": "network"}, "particles": {"count": 20}, "truth": {"given": "spikes.csv"}, "run": {"steps": 25}}\n' \
    >"$work/beside/s.json"
"$cli" run relu2d --set particles.count=20 --steps 25 --truth "$work/beside/spikes.csv" --out "$work/b1" -q
(cd "$work" && "$cli" run beside/s.json --out "$work/b2" -q)
check "relative truth file beside its scenario" cmp -s "$work/b1/truth.csv" "$work/b2/truth.csv"

# An edited truth: its numbers, not the seed, make the run.
printf 'w,theta0,theta1\n1.5,0.6,0.8\n-0.75,-1,0\n' >"$work/two.csv"
"$cli" run relu2d --set particles.count=20 --steps 5 --truth "$work/two.csv" --out "$work/two" -q
check "two-unit truth run" test $? -eq 0
check "two-unit truth.csv" test "$(tail -n +2 "$work/two/truth.csv" | tr '\n' ';')" = "1.5,0.59999999999999998,0.80000000000000004;-0.75,-1,0;"
check "truth.count follows the units" grep -q '"count": 2' "$work/two/scenario.json"

# Checkpoints keep the given truth: stopped and resumed equals straight through.
"$cli" run relu2d --set particles.count=20 --steps 30 --truth "$work/two.csv" --out "$work/s30" -q
"$cli" run relu2d --set particles.count=20 --steps 12 --truth "$work/two.csv" --checkpoint "$work/t.ckpt" --out "$work/s12" -q
rm "$work/two.csv"  # the checkpoint holds the numbers, not the path
"$cli" resume "$work/t.ckpt" --steps 18 --out "$work/s18" -q
check "resume exit code" test $? -eq 0
same_run "checkpoint resumed" "$work/s30" "$work/s18"

# Sweeps: a given truth stays through the seeds (the truth of seed 1, pinned by truth.seed, is the same).
"$cli" sweep relu2d --set particles.count=10 --seeds 2 --steps 40 --grid truth.seed=1 --out "$work/sw-seed" -q
"$cli" run relu2d --set run.seed=1 --steps 0 --out "$work/seed1" -q
"$cli" sweep relu2d --set particles.count=10 --seeds 2 --steps 40 --truth "$work/seed1/truth.csv" --out "$work/sw-given" -q
objectives() { tail -n +2 "$1/results.csv" | sort -t, -k1,1n | awk -F, '{print $(NF-5)}'; }
check "sweep over a given truth equals the pinned seed's" test "$(objectives "$work/sw-seed")" = "$(objectives "$work/sw-given")"

# Bad truths: one line naming the file, line and column (or the key), exit 2; nothing runs.
printf 'w,theta0,theta1\n1,0.5,0.5\n2,0.5\n' >"$work/ragged.csv"
expect_error "ragged row" "ragged.csv:3: expected 3 fields, found 2" run relu2d --truth "$work/ragged.csv" --out "$work/x"
printf 'w,theta0,theta1\n1,0.5,0.5\n2,abc,0.1\n' >"$work/text.csv"
expect_error "text cell" "text.csv:3: column theta0 is not a finite number ('abc')" run relu2d --truth "$work/text.csv" --out "$work/x"
printf 'w,theta0,theta1\nnan,0.5,0.5\n' >"$work/nan.csv"
expect_error "NaN" "nan.csv:2: column w is not a finite number" run relu2d --truth "$work/nan.csv" --out "$work/x"
printf 'w,theta0,theta1\n' >"$work/none.csv"
expect_error "no units" "none.csv: no particles after the header" run relu2d --truth "$work/none.csv" --out "$work/x"
: >"$work/empty.csv"
expect_error "empty file" "empty.csv: empty file" run relu2d --truth "$work/empty.csv" --out "$work/x"
printf 'a,b\n1,2\n' >"$work/header.csv"
expect_error "bad header" "header.csv:1: the header must start with w,theta0" run relu2d --truth "$work/header.csv" --out "$work/x"
expect_error "wrong dimension" "gives units of 2 coordinates; this problem's spikes have 1" run deconv1d --truth "$work/drawn1/truth.csv" --out "$work/x"
printf 'w,theta0,theta1\n1,0,0\n' >"$work/zero.csv"
expect_error "zero direction" "unit 1: a teacher direction cannot be 0" run relu2d --truth "$work/zero.csv" --out "$work/x"
expect_error "missing file" "no-such.csv" run relu2d --truth "$work/no-such.csv" --out "$work/x"
expect_error "folder" "is a directory" run relu2d --truth "$work" --out "$work/x"
awk 'BEGIN { print "w,theta0,theta1"; for (i = 0; i < 10001; i++) print "1,0.6,0.8" }' >"$work/many.csv"
expect_error "too many units" "10001 units; a truth has at most 10000" run relu2d --truth "$work/many.csv" --out "$work/x"
printf '{"truth.count": 4, "truth": {"given": [[1, 0.6, 0.8], [1, 0, 1], [-1, 1, 0]]}}' >"$work/count.json"
expect_error "count against given" "'truth.count' = 4 differs from the 3 units" run "$work/count.json" --out "$work/x"
# A count or seed set after a given truth asks for a drawn one.
"$cli" run relu2d --set "truth.given=$work/drawn1/truth.csv" --set truth.count=4 --steps 0 --out "$work/recount" -q
check "truth.count after truth.given draws 4 units" test "$(tail -n +2 "$work/recount/truth.csv" | wc -l)" -eq 4
check "... and the scenario says so" grep -q '"given": null' "$work/recount/scenario.json"
expect_error "inline row" "key 'truth.given' unit 2: has 2 numbers where unit 1 has 3" run relu2d --set 'truth.given=[[1,0.6,0.8],[1,0]]' --out "$work/x"
expect_error "inline non-number" "unit 1: number 2 = \"x\" is not a finite number" run relu2d --set 'truth.given=[[1,"x",0.8]]' --out "$work/x"

report
