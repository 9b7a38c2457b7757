# Shared by the install tests: checks an installed tree (an install prefix, or a Debian
# package's /usr) from a folder that is not the source tree, with nothing pointing the
# programs at their files: they must find their presets and shaders beside their bin/.
#   check_installed PREFIX VERSION WITH_GUI(ON|OFF)
# Needs checks.sh (check, $work) sourced first.
unset FLOWSCOPE_ASSETS FLOWSCOPE_SHADERS

check_installed() {
    local prefix="$1" version="$2" gui="$3"
    local data="$prefix/share/flowscope" here="$work/elsewhere"
    mkdir -p "$here" "$work/config"
    cd "$here" || return 1

    local cli="$prefix/bin/flowscope-cli"
    check "cli --version" grep -Eq "^flowscope-cli $version \(git ([0-9a-f]+|unknown)\)$" <("$cli" --version)
    # A preset only the installed tree has: found there, not in the source tree.
    cp "$data/assets/scenarios/deconv1d.json" "$data/assets/scenarios/installed-only.json"
    "$cli" run installed-only --steps 20 --out "$here/run" -q
    check "cli runs an installed preset (exit $?)" test -s "$here/run/history.csv"
    check "cli's history has its 20 steps" test "$(wc -l <"$here/run/history.csv")" -eq 22
    rm "$data/assets/scenarios/installed-only.json"

    check "docs installed" test -s "$prefix/share/doc/flowscope/README.md" -a -s "$prefix/share/doc/flowscope/docs/scenario.md"
    check "copyright installed" grep -q "^Upstream-Name: flowscope" "$prefix/share/doc/flowscope/copyright"
    check_man_page "$prefix" flowscope-cli

    [ "$gui" = ON ] || return 0
    local gui_bin="$prefix/bin/flowscope"
    check "gui --version" grep -Eq "^flowscope $version \(git ([0-9a-f]+|unknown)\)$" <("$gui_bin" --version)
    XDG_CONFIG_HOME="$work/config" xvfb-run -a -s "-screen 0 1024x768x24" "$gui_bin" --scenario deconv1d --size 800x600 \
        --ui-scale 1 --frames 6 --lockstep 5 --screenshot "$here/shot.png" >"$work/gui.out" 2>&1
    local code=$?
    check "gui runs from the install tree (exit $code)" test "$code" -eq 0
    check "gui wrote its screenshot" grep -q "PNG image data, 800 x 600" <(file "$here/shot.png")
    [ "$code" -eq 0 ] || cat "$work/gui.out"
    # The shaders it drew with were the installed ones: without one, the error names it there.
    mv "$data/shaders/particles.frag" "$work/particles.frag"
    XDG_CONFIG_HOME="$work/config" xvfb-run -a -s "-screen 0 1024x768x24" "$gui_bin" --scenario deconv1d --size 800x600 \
        --frames 2 >"$work/gui.out" 2>&1
    check "gui reads the installed shaders" grep -q "$data/shaders/particles.frag" "$work/gui.out"
    mv "$work/particles.frag" "$data/shaders/particles.frag"

    check "desktop entry is valid" desktop-file-validate "$prefix/share/applications/flowscope.desktop"
    check "scalable icon" test -s "$prefix/share/icons/hicolor/scalable/apps/flowscope.svg"
    local size
    for size in 48 128 256; do
        check "${size}px icon" grep -q "PNG image data, $size x $size" \
            <(file "$prefix/share/icons/hicolor/${size}x${size}/apps/flowscope.png")
    done
    check_man_page "$prefix" flowscope
}

check_man_page() {  # check_man_page PREFIX PROGRAM: man renders it, with the program's name and options
    local page="$1/share/man/man1/$2.1.gz"
    MANWIDTH=80 man -l "$page" >"$work/man.txt" 2>"$work/man.err"
    check "man -l $2.1.gz (exit $?)" test -s "$work/man.txt"
    check "man page of $2 is named" grep -Eq "^ *$2 +- " "$work/man.txt"
    check "man page of $2 lists --version" grep -q -- "--version" "$work/man.txt"
    check "man page of $2 renders without warnings" test ! -s "$work/man.err"
    [ -s "$work/man.err" ] && cat "$work/man.err"
    return 0
}
