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

window --lesson no-such-lesson --frames 2 >"$work/out" 2>&1
code=$?
check "an unknown lesson: exit 2 before any window (got $code)" test "$code" -eq 2
check "an unknown lesson: names it and lists the lessons" grep -q "no-such-lesson: no such lesson file or lesson (lessons: 01-" "$work/out"

report
