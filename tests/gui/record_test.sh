#!/usr/bin/env bash
# Clips from the window under Xvfb: exact frame counts, H.264 in yuv420p, the same bytes
# for the same command, the REC mark on screen but not in the clip, the particle view
# alone, a GIF, the video clock without --lockstep, compare mode (the window, the panes on the
# video clock), and clear refusals.
set -u
source "$(dirname "$0")/../cli/checks.sh" "$1"  # $work, check and report
program="$cli"
if ! command -v ffprobe >/dev/null; then echo "SKIPPED: ffmpeg is not installed"; exit 0; fi
export XDG_CONFIG_HOME="$work/config"
window() {  # window ARGS...: the program in a 1280x720 window under Xvfb
    xvfb-run -a -s "-screen 0 1600x1000x24" "$program" --size 1280x720 --ui-scale 1 "$@"
}
probe() { ffprobe -v error -select_streams v:0 -count_frames -show_entries "stream=$2" -of default=nw=1:nk=1 "$1" | paste -sd' '; }
# red_pixels IMAGE W H X Y: pixels of the REC mark's red in the crop W x H at X,Y
red_pixels() {
    ffmpeg -v error -i "$1" -vf "crop=$2:$3:$4:$5" -f rawvideo -pix_fmt rgb24 - |
        python3 -c 'import sys; b = sys.stdin.buffer.read(); print(sum(1 for i in range(0, len(b), 3) if b[i] > 200 and b[i+1] < 90 and b[i+2] < 90))'
}

# psnr A B: the PSNR in dB of two pictures without their bottom 60 rows (the REC mark is
# on the screen, not in the clip); "inf" when identical.
psnr() {
    ffmpeg -v info -i "$1" -i "$2" -filter_complex "[0]crop=iw:ih-60:0:0,format=rgb24[a];[1]crop=iw:ih-60:0:0,format=rgb24[b];[a][b]psnr" \
        -f null - 2>&1 | sed -n 's/.*average:\([0-9.inf]*\).*/\1/p'
}
above() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a == "inf" || a + 0 > b) }'; }

window --scenario deconv1d --frames 300 --lockstep 2 --size 960x540 --record "$work/long.mp4" \
    --screenshot "$work/long.png" --screenshot-at 1 --screenshot-at 300 >"$work/out" 2>&1
check "300-frame clip: exit 0" test $? -eq 0
check "300-frame clip: H.264 in yuv420p, 960x540, 30 fps, exactly 300 frames" \
    test "$(probe "$work/long.mp4" codec_name,width,height,pix_fmt,r_frame_rate,nb_read_frames)" = "h264 960 540 yuv420p 30/1 300"
ffmpeg -v error -y -i "$work/long.mp4" -vf "select=eq(n\,0)" -frames:v 1 "$work/clip-first.png"
ffmpeg -v error -y -i "$work/long.mp4" -vf "select=eq(n\,299)" -frames:v 1 "$work/clip-last.png"
first=$(psnr "$work/clip-first.png" "$work/long-0001.png"); last=$(psnr "$work/clip-last.png" "$work/long-0300.png")
apart=$(psnr "$work/clip-first.png" "$work/clip-last.png")
check "the clip's first frame is the screenshot of frame 1 (PSNR $first dB)" above "${first:-0}" 30
check "the clip's last frame is the screenshot of frame 300 (PSNR $last dB)" above "${last:-0}" 30
check "first and last frames differ (PSNR $apart dB)" test "$(awk -v a="${apart:-inf}" 'BEGIN { print (a != "inf" && a + 0 < 25) }')" = 1

window --scenario deconv1d --frames 30 --lockstep 5 --record "$work/a.mp4" --screenshot "$work/a.png" >"$work/out" 2>&1
check "lockstep clip: exit 0" test $? -eq 0
check "lockstep clip: the notice names the file and its frames" grep -q "recorded $work/a.mp4: 30 frames, 1.0 s" "$work/out"
check "lockstep clip: H.264 in yuv420p, 1280x720, 30 fps, exactly 30 frames" \
    test "$(probe "$work/a.mp4" codec_name,width,height,pix_fmt,r_frame_rate,nb_read_frames)" = "h264 1280 720 yuv420p 30/1 30"
mv "$work/a.mp4" "$work/first.mp4"
window --scenario deconv1d --frames 30 --lockstep 5 --record "$work/a.mp4" >/dev/null 2>&1
check "the same command gives the same bytes" cmp -s "$work/a.mp4" "$work/first.mp4"
ffmpeg -v error -y -sseof -0.04 -i "$work/a.mp4" -frames:v 1 "$work/last.png"
on_screen=$(red_pixels "$work/a.png" 220 40 1060 680)
in_clip=$(red_pixels "$work/last.png" 220 40 1060 680)
check "the REC mark is on screen ($on_screen red pixels)" test "$on_screen" -gt 30
check "the REC mark is not in the clip ($in_clip red pixels)" test "$in_clip" -eq 0

window --scenario relu2d --frames 12 --lockstep 20 --record "$work/view.mp4" --record-view particles \
    --state-dump "$work/view.json" >/dev/null 2>&1
check "particle view clip: exit 0" test $? -eq 0
size=$(probe "$work/view.mp4" width,height)
expected=$(python3 -c 'import json, sys
panel = [w for w in json.load(open(sys.argv[1]))["widgets"] if w["name"] == "particles"][0]
x, y, w, h = panel["rect"]
print(w // 2 * 2, h // 2 * 2)' "$work/view.json" 2>/dev/null)
check "particle view clip: the panel's size ($size, panel ${expected:-?})" test "$size" = "${expected:-none}"

window --scenario deconv1d --frames 10 --lockstep 5 --record "$work/a.gif" >/dev/null 2>&1
check "GIF clip: exit 0, 10 frames" test "$(probe "$work/a.gif" codec_name,nb_read_frames)" = "gif 10"

window --scenario deconv1d --frames 40 --speed 90 --record "$work/clock.mp4" >/dev/null 2>&1
check "video clock (90 steps/s at 30 fps): exactly 40 frames" test "$(probe "$work/clock.mp4" nb_read_frames)" = "40"
mv "$work/clock.mp4" "$work/clock-first.mp4"
window --scenario deconv1d --frames 40 --speed 90 --record "$work/clock.mp4" >/dev/null 2>&1
check "video clock: the same command gives the same bytes (the run waits at step 0 for the clip)" \
    cmp -s "$work/clock.mp4" "$work/clock-first.mp4"

# Compare mode: the whole window with both panes in lockstep; on the video clock the panes
# alone (--record-view particles), two step sizes granted the same flow time at each frame.
window --scenario relu2d-few --compare particles.count=3,100 --frames 20 --lockstep 50 --record "$work/compare.mp4" >/dev/null 2>&1
check "compare clip: exit 0" test $? -eq 0
check "compare clip: 1280x720, exactly 20 frames" test "$(probe "$work/compare.mp4" width,height,nb_read_frames)" = "1280 720 20"
window --scenario relu2d-few --compare particles.count=3,100 --compare dynamics.step_size=0.5,0.25 --frames 20 --speed 60 \
    --record "$work/panes.mp4" --record-view particles --state-dump "$work/panes.json" >/dev/null 2>&1
check "compare clip of the panes on the video clock: exit 0" test $? -eq 0
size=$(probe "$work/panes.mp4" width,height)
expected=$(python3 -c 'import json, sys
x, y, w, h = [w for w in json.load(open(sys.argv[1]))["widgets"] if w["name"] == "compare"][0]["rect"]
print(w // 2 * 2, h // 2 * 2)' "$work/panes.json" 2>/dev/null)
check "compare clip of the panes: the panes' size ($size, panes ${expected:-?}), 20 frames" \
    test "$size $(probe "$work/panes.mp4" nb_read_frames)" = "${expected:-none} 20"
check "compare clip on the video clock: both runs at the same flow time, each by its own steps" \
    test "$(python3 -c 'import json, sys; print([(r["step"], r["time"]) for r in json.load(open(sys.argv[1]))["compare"]["runs"]])' "$work/panes.json")" = "[(38, 19.0), (76, 19.0)]"

window --scenario deconv1d --frames 3 --lockstep 1 --record "$work/no/such/a.mp4" >"$work/out" 2>&1
code=$?
check "missing folder: exit 4 (got $code)" test "$code" -eq 4
check "missing folder: the message names it" grep -q "$work/no/such/a.mp4: the folder .* does not exist" "$work/out"
mkdir -p "$work/empty-path"
xvfb-run -a -s "-screen 0 1600x1000x24" env PATH="$work/empty-path" "$program" --size 1280x720 --scenario deconv1d \
    --frames 3 --lockstep 1 --record "$work/c.mp4" >"$work/out" 2>&1
code=$?
check "no ffmpeg: exit 4 (got $code)" test "$code" -eq 4
check "no ffmpeg: says how to install it" grep -q "needs ffmpeg, which is not installed (apt-get install ffmpeg)" "$work/out"
leftovers=$(ls -A "$work" | grep '^\.' | paste -sd' ')
check "no partial files left behind ($leftovers)" test -z "$leftovers"

report
