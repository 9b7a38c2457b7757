#!/usr/bin/env bash
# The headless tool end to end: outputs, reproducibility, and one-line errors with exit 2.
set -u
source "$(dirname "$0")/checks.sh" "$1"

# run writes the four files with the documented headers.
"$cli" run relu2d --steps 50 --set particles.count=20 --out "$work/a" >/dev/null
check "run exit code" test $? -eq 0
check "history header" test "$(head -1 "$work/a/history.csv")" = "step,time,objective,loss,regularizer,excess,grad_norm,test_loss,accuracy,test_accuracy"
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

# Checkpoints: a run stopped and resumed writes exactly what an uninterrupted run writes.
"$cli" run relu2d --steps 30 --set particles.count=20 --checkpoint "$work/c.ckpt" --out "$work/r1" -q
check "checkpointed run exit code" test $? -eq 0
check "checkpoint format line" test "$(head -1 "$work/c.ckpt")" = "flowscope-checkpoint 3"
"$cli" resume "$work/c.ckpt" --steps 20 --out "$work/r2" -q
check "resume exit code" test $? -eq 0
for f in particles.csv history.csv scenario.json; do
    check "resumed $f equals the uninterrupted run's" cmp -s "$work/a/$f" "$work/r2/$f"
done
# The same with mini-batches drawn from a generator, a sparse history and checkpoints every 4 steps.
mb=(sigmoid2d --set network.risk=minibatch --set particles.count=10 --set run.record_every=3)
"$cli" run "${mb[@]}" --steps 30 --out "$work/mb-straight" -q
"$cli" run "${mb[@]}" --steps 17 --checkpoint "$work/mb.ckpt" --checkpoint-every 4 --out "$work/mb-1" -q
"$cli" resume "$work/mb.ckpt" --steps 13 --out "$work/mb-2" -q
check "mini-batch resume: particles" cmp -s "$work/mb-straight/particles.csv" "$work/mb-2/particles.csv"
check "mini-batch resume: history" cmp -s "$work/mb-straight/history.csv" "$work/mb-2/history.csv"

# A run killed hard (SIGKILL) resumes from its last periodic checkpoint, bit for bit.
checkpoint_step() { sed -n 's/^current \([0-9]*\) .*/\1/p' "$1" 2>/dev/null; }
long=(relu2d --set particles.count=20 --steps 2000000000)
wait_for_step() {  # wait_for_step FILE: until the checkpoint is past step 0 (at most 30 s)
    for _ in $(seq 300); do [ "$(checkpoint_step "$1")" -gt 0 ] 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
"$cli" run "${long[@]}" --checkpoint "$work/k.ckpt" --checkpoint-every 300 --out "$work/k" -q &
pid=$!
wait_for_step "$work/k.ckpt"
kill -KILL $pid
wait $pid 2>/dev/null
k=$(checkpoint_step "$work/k.ckpt")
echo "killed at checkpoint step $k"
check "killed run left a checkpoint past step 0 (step $k)" test "${k:-0}" -gt 0
"$cli" run relu2d --set particles.count=20 --steps $((k + 25)) --out "$work/k-straight" -q
"$cli" resume "$work/k.ckpt" --steps 25 --out "$work/k-resumed" -q
check "killed and resumed: particles" cmp -s "$work/k-straight/particles.csv" "$work/k-resumed/particles.csv"
check "killed and resumed: history" cmp -s "$work/k-straight/history.csv" "$work/k-resumed/history.csv"

# Ctrl-C (SIGINT) stops a checkpointed run after the current step: the output and the
# checkpoint hold the same step, and the exit code is 130.
"$cli" run "${long[@]}" --checkpoint "$work/i.ckpt" --checkpoint-every 300 --out "$work/i" -q 2>"$work/i.err" &
pid=$!
wait_for_step "$work/i.ckpt"
kill -INT $pid
wait $pid
check "interrupted run exit code 130" test $? -eq 130
check "interrupted run says so" grep -q "interrupted at step" "$work/i.err"
check "interrupted run: output and checkpoint at the same step" \
    test "$(tail -1 "$work/i/history.csv" | cut -d, -f1)" = "$(checkpoint_step "$work/i.ckpt")"

# Damaged checkpoints and bad flags: one line, exit code 2.
head -c 1000 "$work/c.ckpt" >"$work/cut.ckpt"
expect_error "truncated checkpoint" "cut.ckpt: truncated or damaged checkpoint" resume "$work/cut.ckpt" --out "$work/x"
sed "s/^flowscope-checkpoint 3$/flowscope-checkpoint 9/" "$work/c.ckpt" >"$work/v9.ckpt"
expect_error "future checkpoint version" "version 9; this build reads versions 1 to 3" resume "$work/v9.ckpt" --out "$work/x"
expect_error "particle file as checkpoint" "not a flowscope checkpoint" resume "$work/a/particles.csv" --out "$work/x"
expect_error "checkpoint is a folder" "is a directory" resume "$work" --out "$work/x"
expect_error "resume --steps -5" "outside \[0, 2000000000\]" resume "$work/c.ckpt" --steps -5 --out "$work/x"
expect_error "run --steps -5" "'run.steps' = -5 is outside" run relu2d --steps -5 --out "$work/x"
expect_error "run --steps huge" "is outside" run relu2d --steps 99999999999999999999 --out "$work/x"
expect_error "run --steps 2.5" "--steps 2.5: key 'run.steps' must be an integer" run relu2d --steps 2.5 --out "$work/x"
expect_error "run --steps huge" "--steps 99999999999999999999: key 'run.steps' = 1e+20 is outside" run relu2d --steps 99999999999999999999 --out "$work/x"
expect_error "--set beyond double" "must be a number" run relu2d --set dynamics.step_size=1e400 --out "$work/x"
expect_error "--checkpoint-every 0" "checkpoint-every" run relu2d --checkpoint "$work/z.ckpt" --checkpoint-every 0 --out "$work/x"
expect_error "--checkpoint-every alone" "requires --checkpoint" run relu2d --checkpoint-every 5 --out "$work/x"
expect_error "unwritable checkpoint" "cannot write the checkpoint" run relu2d --checkpoint "$work/no/such/dir/c" --out "$work/x"
expect_error "init is a folder" "is a directory, not a particle file" run relu2d --init "$work" --out "$work/x"

# A divergent run says so, keeps its last finite state and exits 3.
"$cli" run relu2d --set dynamics.step_size=100 --out "$work/d" -q 2>"$work/err"
check "divergence exit code 3" test $? -eq 3
check "divergence message" grep -q "diverged at step" "$work/err"
check "divergence output written" test -s "$work/d/particles.csv"

report
