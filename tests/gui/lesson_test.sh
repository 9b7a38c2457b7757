#!/usr/bin/env bash
# A lesson in the window under Xvfb: --lesson opens it on its first step, PageDown (what a
# presenter's clicker sends) plays the next one in the main view, and presenter mode (F5,
# --presenter) hides the control panel and shows the step's text in a caption band.
set -u
source "$(dirname "$0")/../cli/checks.sh" "$1"  # $work, check and report
program="$cli"
export XDG_CONFIG_HOME="$work/config"
window() { xvfb-run -a -s "-screen 0 1600x1000x24" "$program" --size 1024x768 --ui-scale 1 "$@"; }
field() {  # field DUMP PYTHON-EXPRESSION-OF-d
    python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print($2)" "$1"
}

window --lesson 04-sparse-deconvolution --frames 20 --lockstep 100 --keys 10:pagedown \
    --screenshot-at 8 --screenshot-at 20 --state-dump "$work/l.json" >/dev/null 2>&1
check "lesson window: exit 0" test $? -eq 0
check "step 1 loads its scenario (conic)" test "$(field "$work/l-0008.json" 'd["scenario_values"]["dynamics"]["kind"]')" = conic
check "PageDown plays step 2 (forward-backward, from a fresh start)" \
    test "$(field "$work/l-0020.json" 'd["scenario_values"]["dynamics"]["kind"]')" = forward_backward
check "the lesson's text is shown in its tab" test "$(field "$work/l-0020.json" 'sum(w["name"] == "lesson.text" for w in d["widgets"])')" = 1
check "without presenter mode: the control panel, no caption" \
    test "$(field "$work/l-0020.json" '[w["name"] for w in d["widgets"] if w["name"] in ("controls", "caption")]')" = "['controls']"

window --lesson 02-many-find-few-do-not --frames 6 --lockstep 10 --keys 3:f5 --state-dump "$work/p.json" \
    --screenshot "$work/p.png" >/dev/null 2>&1
check "F5: presenter mode: exit 0" test $? -eq 0
check "presenter mode: no control panel, a caption band" \
    test "$(field "$work/p.json" '[w["name"] for w in d["widgets"] if w["name"] in ("controls", "caption")]')" = "['caption']"
check "presenter mode: the caption spans the window and is readable" \
    test "$(field "$work/p.json" '[w["rect"][2] > 900 and 40 < w["rect"][3] < 0.3 * 768 for w in d["widgets"] if w["name"] == "caption"]')" = "[True]"
# The step's highlight: an amber circle in the particle view's area.
area=$(field "$work/p.json" '" ".join(str(v) for w in d["widgets"] if w["name"] == "particles.view.area" for v in w["rect"])')
read -r x y w h <<<"$area"
amber=$(ffmpeg -v error -i "$work/p.png" -vf "crop=$w:$h:$x:$y" -f rawvideo -pix_fmt rgb24 - |
    python3 -c 'import sys; b = sys.stdin.buffer.read(); print(sum(1 for i in range(0, len(b), 3) if b[i] > 220 and 180 < b[i+1] < 235 and b[i+2] < 130))')
check "presenter mode: the step's highlight is drawn ($amber amber pixels)" test "${amber:-0}" -gt 100

# Every lesson played in the window to its end, a step every 20 frames (scripted frames play
# a step's flow time and no more): at each step's last frame the state dump says the step
# has played and every claim holds, a comparison step's on each of its runs, whose own
# records (time, excess) agree with it.
lessons="$(dirname "$0")/../../assets/lessons"
for file in "$lessons"/*.json; do
    name=$(basename "$file" .json)
    steps=$(python3 -c "import json, sys; print(len(json.load(open(sys.argv[1]))['steps']))" "$file")
    args=()
    for ((k = 1; k <= steps; k++)); do
        args+=(--screenshot-at $((k * 20 - 1)))
        ((k < steps)) && args+=(--keys $((k * 20)):pagedown)
    done
    window --lesson "$name" --frames $((steps * 20)) --lockstep 1000 "${args[@]}" --state-dump "$work/$name.json" \
        --screenshot "$work/$name.png" >/dev/null 2>&1
    check "$name in the window: exit 0" test $? -eq 0
    verdict=$(python3 - "$file" "$work/$name" <<'PY'
import json, sys
lesson = json.load(open(sys.argv[1]))
wrong = []
for k, step in enumerate(lesson["steps"]):
    d = json.load(open("%s-%04d.json" % (sys.argv[2], (k + 1) * 20 - 1)))
    shown, where = d["lesson"], "step %d" % (k + 1)
    if shown["step"] != k + 1 or not shown["played"]:
        wrong.append(where + ": not played (%s)" % shown)
        continue
    runs = d.get("compare", {}).get("runs", [])
    if ("compare" in step) != ("compare" in d) or len(runs) != len(shown["runs"]):
        wrong.append(where + ": %d runs shown for %d" % (len(runs), len(shown["runs"])))
        continue
    for r in runs:  # every run played to the step's flow time, together
        if abs(r["time"] - step.get("play_for", 0)) > 1e-9 * max(1, r["time"]):
            wrong.append(where + ": %s at t = %s" % (r["label"], r["time"]))
    for c in shown["claims"]:
        what = "%s: %s%s = %s" % (where, c["metric"], " of " + c.get("run_label", "") if "run" in c else "", c.get("value"))
        if not (c["measured"] and c["holds"]):
            wrong.append(what + " does not hold")
        if "run" in c and c["metric"] in ("excess", "grad_norm", "loss") and runs[c["run"]][c["metric"]] != c["value"]:
            wrong.append(what + ", but its run's record says %s" % runs[c["run"]][c["metric"]])
print("; ".join(wrong) or "ok")
PY
)
    check "$name: every step played, every claim holds ($verdict)" test "$verdict" = ok
done

# A comparison step in the window: the lesson's tab beside the runs (a lesson keeps the column
# that compare mode hides in a small window); PageUp back to a single step closes them.
window --lesson 02-many-find-few-do-not --frames 30 --lockstep 1000 --keys 2:pagedown --keys 15:pageup \
    --screenshot-at 10 --screenshot-at 30 --state-dump "$work/c.json" --screenshot "$work/c.png" >/dev/null 2>&1
check "lesson comparison, back: exit 0" test $? -eq 0
check "the comparison step shows its two runs" test "$(field "$work/c-0010.json" 'len(d["compare"]["runs"])')" = 2
check "and the lesson's tab (text, claims) beside them" test "$(field "$work/c-0010.json" 'sum(w["name"] == "lesson.text" for w in d["widgets"])')" = 1
check "PageUp to the single step closes the comparison" test "$(field "$work/c-0030.json" '"compare" in d, d["lesson"]["step"]')" = "False 1"

# A comparison step's highlight is drawn in every pane, as a single step's in its view.
cat >"$work/highlight.json" <<'JSON'
{"title": "H", "summary": "S", "steps": [{"title": "a", "text": "b", "scenario": "relu2d-few",
  "compare": "particles.count=3,100", "play_for": 50, "highlight": {"at": [0, 0], "radius": 6, "label": "here"},
  "claims": [{"run": "3", "metric": "excess", "above": 0, "says": "c"}]}]}
JSON
window --lesson "$work/highlight.json" --frames 6 --lockstep 100 --state-dump "$work/h.json" --screenshot "$work/h.png" >/dev/null 2>&1
check "a comparison step with a highlight: exit 0" test $? -eq 0
panes=0
for area in $(field "$work/h.json" '" ".join(",".join(str(v) for v in w["rect"]) for w in d["widgets"] if w["name"] == "particles.view.area")'); do
    IFS=, read -r x y w h <<<"$area"
    amber=$(ffmpeg -v error -i "$work/h.png" -vf "crop=$w:$h:$x:$y" -f rawvideo -pix_fmt rgb24 - |
        python3 -c 'import sys; b = sys.stdin.buffer.read(); print(sum(1 for i in range(0, len(b), 3) if b[i] > 220 and 180 < b[i+1] < 235 and b[i+2] < 130))')
    [ "${amber:-0}" -gt 100 ] && panes=$((panes + 1))
done
check "the highlight is drawn in both panes ($panes)" test "$panes" -eq 2

# Presenting a comparison step on a 1024x768 projector at UI scale 1.5: the caption takes the
# control column, the panes and curves keep the window's height, and nothing overlaps.
window --lesson 02-many-find-few-do-not --frames 12 --lockstep 1000 --keys 2:pagedown --keys 3:f5 --ui-scale 1.5 \
    --state-dump "$work/pc.json" --screenshot "$work/pc.png" >/dev/null 2>&1
check "presenting a comparison: exit 0" test $? -eq 0
check "presenting a comparison: a caption column beside the panes, as tall as they are" \
    test "$(field "$work/pc.json" '(lambda r: r["caption"][0] + r["caption"][2] <= r["compare"][0] and r["caption"][3] >= r["compare"][3] and r["caption"][2] > 200)({w["name"]: w["rect"] for w in d["widgets"]})')" = True
check "presenting a comparison at UI scale 1.5: every claim holds" test "$(field "$work/pc.json" 'd["ui_scale"] == 1.5 and d["lesson"]["played"] and all(c["holds"] for c in d["lesson"]["claims"])')" = True

sed 's/particles.count=3,100/particles.colour=3,100/' "$work/highlight.json" >"$work/badkey.json"
window --lesson "$work/badkey.json" --frames 2 >"$work/out" 2>&1
code=$?
check "a comparison of a key the scenario lacks: exit 2 before any window (got $code)" test "$code" -eq 2
check "a comparison of a key the scenario lacks: one line naming the lesson, step and key" \
    test "$(grep -c "badkey step 1: compare: particles.colour=3: unknown key 'particles.colour'" "$work/out")" = 1

window --lesson no-such-lesson --frames 2 >"$work/out" 2>&1
code=$?
check "an unknown lesson: exit 2 before any window (got $code)" test "$code" -eq 2
check "an unknown lesson: names it and lists the lessons" grep -q "no-such-lesson: no such lesson file or lesson (lessons: 01-" "$work/out"

report
