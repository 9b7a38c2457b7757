#!/usr/bin/env bash
# The Debian package: built by CPack from this build, its control fields, then installed
# with dpkg into a scratch root (no container, nothing touches this system) and run there.
#   deb_test.sh BUILD_DIR VERSION WITH_GUI(ON|OFF) CPACK
set -u
source "$(dirname "$0")/../cli/checks.sh" "$1"
source "$(dirname "$0")/installed_checks.sh"
build="$1" version="$2" gui="$3" cpack="$4"

"$cpack" --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1
code=$?
check "cpack -G DEB (exit $code)" test "$code" -eq 0
deb="$work/pkg/flowscope_${version}_$(dpkg --print-architecture).deb"
check "package named $(basename "$deb")" test -s "$deb"
[ -s "$deb" ] || { cat "$work/cpack.log"; report; exit; }

field() { dpkg-deb --field "$deb" "$1"; }
check "Package" test "$(field Package)" = flowscope
check "Version" test "$(field Version)" = "$version"
check "Section" test "$(field Section)" = science
check "Maintainer" grep -q "flowscope developers <" <(field Maintainer)
check "Description" grep -q "gradient descent" <(field Description)
# Depends from the linked libraries (dpkg-shlibdeps), not typed by hand.
depends=$(field Depends)
echo "Depends: $depends"
check "Depends on libc6 and libstdc++6" grep -q "libc6.*libstdc++6\|libstdc++6.*libc6" <<<"$depends"
if [ "$gui" = ON ]; then
    check "Depends on GLFW" grep -q "libglfw3" <<<"$depends"
    check "Depends on the fonts the window reads" grep -q "fonts-dejavu-core" <<<"$depends"
fi
# apt resolves those Depends on this system, as `apt-get install ./flowscope_*.deb` would.
apt-get install --simulate --quiet "$deb" >"$work/apt.log" 2>&1
check "apt-get install --simulate resolves the Depends (exit $?)" grep -q "^Inst flowscope " "$work/apt.log"

root="$work/root"
if [ "$(id -u)" -eq 0 ]; then
    # dpkg itself installs it (unpack, file list, status) into an empty root; the Depends
    # are this system's, checked above.
    mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
    touch "$root/var/lib/dpkg/status"
    dpkg --root="$root" --force-depends --log=/dev/null -i "$deb" >"$work/dpkg.log" 2>&1
    check "dpkg --root -i (exit $?)" grep -q "^ii  flowscope " <(dpkg --root="$root" -l flowscope 2>/dev/null)
else
    dpkg-deb -x "$deb" "$root"
    check "dpkg-deb -x (exit $?)" test -x "$root/usr/bin/flowscope-cli"
fi
check_installed "$root/usr" "$version" "$gui"
report
