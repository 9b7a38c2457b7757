#!/usr/bin/env bash
# Compare mode under Xvfb: each built-in comparison opens (--compare NAME), runs in lockstep
# and is shot with its panes side by side and every run's curve overlaid (from the state
# dump); few-vs-many ends as its claim says (the few stall, the many reach the minimum);
# --compare KEY=V1,V2 makes the runs from the scenario; --scrub shows an early moment, the
# particles near their start.
set -u
source "$(dirname "$0")/../cli/checks.sh" "$1"  # $work, check and report
program="$cli"
export XDG_CONFIG_HOME="$work/config"
window() { xvfb-run -a -s "-screen 0 1600x1000x24" "$program" "$@"; }
field() {  # field DUMP PYTHON-EXPRESSION-OF-d (d["compare"] as c)
    python3 -c "import json, sys; d = json.load(open(sys.argv[1])); c = d.get('compare', {}); print($2)" "$1"
}

# Frames and steps per frame: each comparison to its flow time (or far enough to part) in a
# few seconds. The lockstep unit is steps of the largest step size among the runs.
for spec in "few-vs-many 30 400" "separating-vs-point 12 200" "mean-field-vs-lazy 12 200" "euler-vs-conic 12 40"; do
    read -r name frames lockstep <<<"$spec"
    window --compare "$name" --size 1600x1000 --ui-scale 1 --frames "$frames" --lockstep "$lockstep" \
        --screenshot "$work/$name.png" --state-dump "$work/$name.json" >/dev/null 2>"$work/$name.err"
    check "$name: exit 0" test $? -eq 0
    check "$name: 2 runs in 2 panes" test "$(field "$work/$name.json" 'len(c["runs"]), sum(w["name"].count(".") == 2 and w["name"].startswith("compare.pane.") for w in d["widgets"])')" = "2 2"
    check "$name: both curves overlaid" test "$(field "$work/$name.json" 'c["curves"]')" = 2
    check "$name: the runs advanced together (same flow time, within a step)" \
        test "$(field "$work/$name.json" 'abs(c["runs"][0]["time"] - c["runs"][1]["time"]) <= max(r["step_size"] for r in c["runs"]) and c["runs"][0]["time"] > 0')" = True
    check "$name: each run names its differing keys" test "$(field "$work/$name.json" 'all(len(r["keys"]) > 0 for r in c["runs"])')" = True
    check "$name: the screenshot is written" test -s "$work/$name.png"
done
check "few-vs-many: reached t = 6000" test "$(field "$work/few-vs-many.json" '[r["time"] for r in c["runs"]]')" = "[6000.0, 6000.0]"
check "few-vs-many: the few stall (excess > 1e-3), the many reach the minimum (excess < 1e-6)" \
    test "$(field "$work/few-vs-many.json" 'c["runs"][0]["excess"] > 1e-3 and c["runs"][1]["excess"] < 1e-6')" = True

# From the scenario: --compare KEY=V1,V2 (the runs of few-vs-many), and scrubs back to t = 0
# and t = 0.5 (the first step) before the last frame.
window --scenario relu2d-few --compare particles.count=3,100 --size 1024x768 --ui-scale 1.5 --paused --frames 2 \
    --state-dump "$work/start.json" >/dev/null 2>&1
check "key=values: exit 0" test $? -eq 0
for t in 0 0.5; do
    window --scenario relu2d-few --compare particles.count=3,100 --size 1024x768 --ui-scale 1.5 --frames 6 --lockstep 400 \
        --scrub "$t" --screenshot "$work/scrub-$t.png" --state-dump "$work/scrub-$t.json" >/dev/null 2>&1
    check "--scrub $t: exit 0" test $? -eq 0
    check "--scrub $t: every run shows t = $t of its past" \
        test "$(field "$work/scrub-$t.json" 'all(r["past"] and r["time"] == '$t' and r["live_time"] >= 1000 for r in c["runs"])')" = True
done
check "key=values: labels name the values" \
    test "$(field "$work/scrub-0.json" '[r["label"] for r in c["runs"]]')" = "['particles.count = 3', 'particles.count = 100']"
moved() {  # moved DUMP: the largest distance of the first particles from their start, for each run
    python3 - "$work/start.json" "$1" <<'PY'
import json, sys
a, b = (json.load(open(p))["compare"]["runs"] for p in sys.argv[1:])
print(" ".join("%.6g" % max(max(abs(x - y) for x, y in zip(p["theta"] + [p["w"]], q["theta"] + [q["w"]]))
                            for p, q in zip(r["first_particles"], s["first_particles"])) for r, s in zip(a, b)))
PY
}
check "--scrub 0: exactly the start" test "$(moved "$work/scrub-0.json")" = "0 0"
read -r early3 early100 <<<"$(moved "$work/scrub-0.5.json")"
read -r late3 late100 <<<"$(moved "$work/few-vs-many.json")"
check "--scrub 0.5: particles near their start ($early3, $early100 from it; $late3, $late100 at t = 6000)" \
    python3 -c "import sys; e3, e100, l3, l100 = map(float, sys.argv[1:]); sys.exit(not (0 < e3 < 0.2 * l3 and 0 < e100 < 0.2 * l100))" \
    "$early3" "$early100" "$late3" "$late100"

# A projector's window (1024x768 at UI scale 1.5), two and four runs: the marks' legend is one
# row above the panes, on no pane's particles; the particles keep near half of each pane's
# height (a legend in each pane took a third of it); every pane has a title (its values).
window --scenario relu2d-few --compare particles.count=3,10,30,100 --size 1024x768 --ui-scale 1.5 --frames 4 --lockstep 100 \
    --screenshot "$work/four.png" --state-dump "$work/four.json" >/dev/null 2>&1
check "four runs at 1024x768 s1.5: exit 0" test $? -eq 0
legend_apart() {  # legend_apart DUMP: "ok" or what is wrong
    python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rects = {}
for w in d["widgets"]:
    rects.setdefault(w["name"], []).append(w["rect"])
def meets(a, b):
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
n = len(d["compare"]["runs"])
legends = [r for name, rs in rects.items() if name.endswith("legend") and not name.startswith("compare.loss") for r in rs if r[2] > 0]
wrong = []
if len(rects.get("compare.legend", [])) != 1: wrong.append("no shared legend")
for i in range(n):
    pane, area, title = (rects["compare.pane.%d%s" % (i, part)][0] for part in ("", ".area", ".title"))
    wrong += ["legend %s on pane %d's particles" % (l, i) for l in legends if meets(l, area)]
    if area[3] < 0.42 * pane[3]: wrong.append("pane %d: particles %d of %d px high" % (i, area[3], pane[3]))
    if title[2] < 10 or not meets(title, pane): wrong.append("pane %d: no title" % i)
print("; ".join(wrong) or "ok")
PY
}
for dump in scrub-0.5 four; do
    check "$dump: the legend is above the panes, on no particles ($(legend_apart "$work/$dump.json"))" \
        test "$(legend_apart "$work/$dump.json")" = ok
done

# Remove a run (a pane's x) and continue another alone (its Single view): the single view
# goes on from where that run was, with its past: a timeline from step 0 (with at least
# the log-spaced keyframes 0, 1, 2, 4, ..., 512; cheap steps keep few others, timeline.hpp).
window --scenario relu2d-few --compare particles.count=3,10,100 --size 1024x768 --ui-scale 1 --frames 8 --lockstep 100 \
    --do 4:remove=1 --screenshot-at 5 --screenshot-at 8 --state-dump "$work/single.json" >/dev/null 2>&1
check "remove and single view: exit 0" test $? -eq 0
check "remove=1: the runs of m = 3 and 100 are left" \
    test "$(field "$work/single-0005.json" '[r["particle_count"] for r in c["runs"]]')" = "[3, 100]"
window --scenario relu2d-few --compare particles.count=3,10,100 --size 1024x768 --ui-scale 1 --frames 8 --lockstep 100 \
    --do 6:single=2 --state-dump "$work/single.json" >/dev/null 2>&1
check "single=2: the window is back to one run, m = 100, gone on from step 500 with its past" \
    test "$(field "$work/single.json" '"compare" in d, d["particle_count"], d["step"], d["timeline_first_step"], d["keyframes"] >= 11')" = "False 100 800 0 True"

# The keys of one run act on every compared run (the varied key excepted): N reseeds all
# with one new seed, + doubles every step size; + on runs that differ in the step size,
# and a particle count on runs that differ in m, are refused with a notice naming the key.
window --scenario relu2d-few --compare particles.count=3,100 --frames 4 --lockstep 10 --paused \
    --state-dump "$work/keys-before.json" >/dev/null 2>&1
window --scenario relu2d-few --compare particles.count=3,100 --frames 4 --lockstep 10 --keys 2:n,3:plus \
    --state-dump "$work/keys.json" >/dev/null 2>&1
check "N and + in compare mode: exit 0" test $? -eq 0
check "N: every run reseeded (new first particles in each)" \
    test "$(python3 -c 'import json, sys
a, b = (json.load(open(p))["compare"]["runs"] for p in sys.argv[1:])
print(all(r["first_particles"][0]["theta"] != s["first_particles"][0]["theta"] for r, s in zip(a, b)))' "$work/keys-before.json" "$work/keys.json")" = True
check "+: every run's step size doubled, the runs still on one flow time" \
    test "$(field "$work/keys.json" '[r["step_size"] for r in c["runs"]], c["runs"][0]["time"] == c["runs"][1]["time"]')" = "[1.0, 1.0] True"
window --scenario relu2d-few --compare dynamics.step_size=0.5,0.25 --frames 4 --lockstep 10 --keys 2:plus \
    --state-dump "$work/refused.json" >/dev/null 2>&1
check "+ on runs that differ in the step size: refused, the notice says why" \
    test "$(field "$work/refused.json" '[r["step_size"] for r in c["runs"]], c["notice"].startswith("Not changed: the runs differ in dynamics.step_size")')" = "[0.5, 0.25] True"

# The runs' own messages reach the window, each named by its run: m = 0 asked of both runs
# (the particle slider) is refused by each engine.
window --scenario relu2d-few --compare dynamics.step_size=0.5,0.25 --frames 4 --lockstep 10 --do 2:count=0 \
    --state-dump "$work/messages.json" >/dev/null 2>&1
check "a refused value in compare mode: one error per run, named by the run" \
    test "$(field "$work/messages.json" '[m.split(":")[0] for m in c["messages"] if "particles.count" in m]')" = \
    "['dynamics.step_size = 0.5', 'dynamics.step_size = 0.25']"

# A particle count whose steps would be slow is asked about in compare mode too, for all the
# runs together (their steps add up), and Cancel leaves every run as it was.
window --scenario relu-highdim --compare dynamics.step_size=0.5,0.25 --frames 6 --lockstep 1 \
    --do 2:count=1000000 --screenshot-at 4 --screenshot-at 6 --screenshot "$work/slow-count.png" \
    --state-dump "$work/slow-count.json" >/dev/null 2>&1
check "a slow count in compare mode: exit 0" test $? -eq 0
check "a slow count in compare mode: asked (m = 1000000 in every run, hours a step), nothing applied yet" \
    test "$(field "$work/slow-count-0004.json" '"m = 1000000 in every run" in d["question"], d["question_seconds_per_step"] > 60, [r["particle_count"] for r in c["runs"]]')" = "True True [200, 200]"
window --scenario relu-highdim --compare dynamics.step_size=0.5,0.25 --frames 6 --lockstep 1 \
    --do 2:count=1000000 --do 4:cancel --state-dump "$work/slow-count-cancelled.json" >/dev/null 2>&1
check "a slow count in compare mode, cancelled: no question left, every run as it was" \
    test "$(field "$work/slow-count-cancelled.json" 'd["question"] == "", [r["particle_count"] for r in c["runs"]]')" = "True [200, 200]"

# Continue from here through its question: scrubbed back to t = 20 (from t = 250), fork
# asks, confirm answers; the later history is dropped and the runs go on from t = 20.
window --scenario relu2d-few --compare particles.count=3,100 --frames 12 --lockstep 100 \
    --do 6:scrub=20 --do 7:fork --do 8:confirm --screenshot-at 8 --screenshot-at 9 --screenshot-at 12 \
    --state-dump "$work/fork.json" >/dev/null 2>&1
check "fork: exit 0" test $? -eq 0
check "fork: asked, not yet answered, the runs still show t = 20 of their past (t = 250)" \
    test "$(field "$work/fork-0008.json" '[(r["time"], r["past"], r["live_time"]) for r in c["runs"]]')" = "[(20.0, True, 250.0), (20.0, True, 250.0)]"
check "fork: confirmed, the runs went on from t = 20 by one frame (t = 70), their history and keyframes cut there" \
    test "$(field "$work/fork-0009.json" 'c["timeline_last_time"], [(r["time"], r["past"], r["history_size"] <= 141, r["keyframes"] <= 141) for r in c["runs"]]')" = \
    "70.0 [(70.0, False, True, True), (70.0, False, True, True)]"
check "fork: and on in lockstep (t = 220 after 3 more frames)" \
    test "$(field "$work/fork-0012.json" '[(r["time"], r["live_time"]) for r in c["runs"]]')" = "[(220.0, 220.0), (220.0, 220.0)]"

window --compare no-such-comparison --frames 2 >"$work/out" 2>&1
code=$?
check "an unknown comparison: exit 2 before any window (got $code)" test "$code" -eq 2
window --compare particles.count=3 --frames 2 >"$work/out" 2>&1
check "one value: exit 2" test $? -eq 2

report
