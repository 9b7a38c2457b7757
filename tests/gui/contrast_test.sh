#!/usr/bin/env bash
# The high-contrast colours under Xvfb: F6 switches them on (black background, the state
# dump names the scheme), F6 again switches back, --high-contrast starts with them; a
# comparison's runs change colour with the scheme.
set -u
source "$(dirname "$0")/../cli/checks.sh" "$1"  # $work, check and report
program="$cli"
export XDG_CONFIG_HOME="$work/config"
window() { xvfb-run -a -s "-screen 0 1600x1000x24" "$program" --scenario relu2d --size 1024x768 --ui-scale 1.5 "$@"; }
field() {  # field DUMP PYTHON-EXPRESSION-OF-d
    python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print($2)" "$1"
}
black_share() {  # the share of black pixels (no channel above 10) in a screenshot, in percent
    ffmpeg -v error -i "$1" -f rawvideo -pix_fmt rgb24 - |
        python3 -c 'import sys; b = sys.stdin.buffer.read(); n = len(b) // 3; print(int(100 * sum(1 for i in range(0, len(b), 3) if max(b[i:i+3]) <= 10) / n))'
}

window --frames 6 --lockstep 10 --screenshot "$work/standard.png" --state-dump "$work/standard.json" >/dev/null 2>&1
check "standard: exit 0" test $? -eq 0
check "standard: the dump names the scheme" test "$(field "$work/standard.json" 'd["palette"]')" = standard
standard=$(black_share "$work/standard.png")
check "standard: a dark grey background, not black ($standard% black)" test "${standard:-100}" -lt 5

window --frames 6 --lockstep 10 --keys 3:f6 --screenshot "$work/high.png" --state-dump "$work/high.json" >/dev/null 2>&1
check "F6: exit 0" test $? -eq 0
check "F6: the dump names the high-contrast scheme" test "$(field "$work/high.json" 'd["palette"]')" = high-contrast
high=$(black_share "$work/high.png")
check "F6: a black background ($high% black)" test "${high:-0}" -gt 40

# A comparison's run colours are the scheme's too: F6 changes them with the rest.
window --compare particles.count=3,100 --frames 6 --lockstep 10 --keys 3:f6 --state-dump "$work/runs.json" >/dev/null 2>&1
check "F6 in compare mode: exit 0" test $? -eq 0
check "F6 in compare mode: the runs take the high-contrast run colours" \
    test "$(field "$work/runs.json" '[r["color"] for r in d["compare"]["runs"]]')" = "['#50fa6e', '#ff96ff']"

window --high-contrast --frames 6 --lockstep 10 --keys 3:f6 --state-dump "$work/back.json" >/dev/null 2>&1
check "--high-contrast, then F6: back to standard" test "$(field "$work/back.json" 'd["palette"]')" = standard
report
