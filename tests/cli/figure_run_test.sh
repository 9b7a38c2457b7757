#!/usr/bin/env bash
# scripts/figures.py run: the figure set of a run folder of every problem kind (1-D and 2-D
# deconvolution, ReLU in the plane and in dimension 100, sigmoid with bias), PNG and SVG,
# and a folder that is not a run's refused in one line naming the missing file.
set -u
source "$(dirname "$0")/checks.sh" "$1"
figures="$(dirname "$0")/../../scripts/figures.py"

png_size() {  # the width and height a PNG's header states
    /usr/bin/python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(*struct.unpack(">II", d[16:24]) if d[:8]==b"\x89PNG\r\n\x1a\n" else "not-a-png")' "$1"
}
for scenario in deconv1d deconv2d relu2d relu-highdim sigmoid2d; do
    "$cli" run "$scenario" --steps 40 --trajectory-every 10 --set particles.count=60 --out "$work/runs/$scenario" -q
    "$figures" run "$work/runs/$scenario" --out "$work/figures/$scenario" > "$work/out-$scenario"
    check "$scenario: exit 0" test $? -eq 0
    for name in trajectories loss; do
        read -r width height <<< "$(png_size "$work/figures/$scenario/$name.png")"
        check "$scenario: $name.png is a figure" test "${width:-0}" -gt 300 -a "${height:-0}" -gt 300
        check "$scenario: $name.svg is SVG" grep -q "<svg" "$work/figures/$scenario/$name.svg"
    done
    check "$scenario: the caption names the run" grep -q "$scenario — step 40" "$work/figures/$scenario/trajectories.svg"
done
# Without trajectories.csv the final particles are drawn, and the caption says how to get paths.
"$cli" run relu2d --steps 5 --set particles.count=20 --out "$work/runs/plain" -q
"$figures" run "$work/runs/plain" --out "$work/figures/plain" --light > /dev/null
check "no trajectories: exit 0" test $? -eq 0
check "no trajectories: caption says --trajectory-every" grep -q "trajectory-every" "$work/figures/plain/trajectories.svg"
# The light style is another figure, not the same one.
"$figures" run "$work/runs/relu2d" --out "$work/figures/relu2d-light" --light > /dev/null
check "light differs from dark" test "$(md5sum < "$work/figures/relu2d/loss.png")" != "$(md5sum < "$work/figures/relu2d-light/loss.png")"

"$figures" run "$work/nothing" --out "$work/figures/x" 2> "$work/err"
check "not a run folder: exit 2" test $? -eq 2
check "not a run folder: one line naming scenario.json" test "$(wc -l < "$work/err")" -eq 1 -a -n "$(grep 'nothing/scenario.json: missing' "$work/err")"
rm "$work/runs/plain/history.csv"
"$figures" run "$work/runs/plain" --out "$work/figures/y" 2> "$work/err"
check "no history: exit 2 naming history.csv" test $? -eq 2 -a -n "$(grep 'history.csv: missing' "$work/err")"
report
