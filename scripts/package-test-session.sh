#!/usr/bin/env bash
# The kiosk session of the installed package, started the way its unit starts it: the
# unit's own ExecStart (cage, then the kiosk full screen with /etc/citizenkiosk/config.toml)
# as the citizenkiosk user, but with wlroots' headless back end instead of a seat, since
# these machines have neither systemd nor a screen. grim takes a screenshot through cage's
# screencopy protocol; screencheck decides that it shows the welcome screen.
# Usage: scripts/package-test-session.sh WORKDIR   (called by package-test.sh full, as root)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:?WORKDIR}
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }
unit=/lib/systemd/system/citizenkiosk-kiosk.service
cmdline=$(sed -n 's/^ExecStart=//p' "$unit")
[ -n "$cmdline" ] || fail "no ExecStart in $unit"

run=$work/xdg-runtime
install -d -m 0700 -o citizenkiosk -g citizenkiosk "$run"
# shellcheck disable=SC2086 # the unit's command line, split as systemd splits it (no quotes in it)
runuser -u citizenkiosk -- env -i PATH=/usr/bin:/bin HOME=/var/lib/citizenkiosk LANG=en_US.UTF-8 \
  XDG_RUNTIME_DIR="$run" WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
  $cmdline >"$work/session.log" 2>&1 &
session=$!
echo "package-test: session: $cmdline"

shot=$work/welcome.png ok=
# The first frame can take a while on a loaded machine: Xwayland starts, then the kiosk
# opens its database and builds the screen. Keep taking screenshots until one passes.
for _ in $(seq 60); do
  sleep 2
  kill -0 "$session" 2>/dev/null || { cat "$work/session.log" >&2; fail "cage exited"; }
  sock=$(find "$run" -maxdepth 1 -name 'wayland-*' ! -name '*.lock' -printf '%f\n' | head -1)
  [ -n "$sock" ] || continue
  runuser -u citizenkiosk -- env XDG_RUNTIME_DIR="$run" WAYLAND_DISPLAY="$sock" grim - >"$shot" 2>"$work/grim.log" || continue
  if go run scripts/screencheck.go "$shot" 2>"$work/screencheck.log"; then ok=1; break; fi
done
kill "$session" 2>/dev/null || true
wait "$session" 2>/dev/null || true
[ -n "$ok" ] || { cat "$work/session.log" "$work/grim.log" "$work/screencheck.log" >&2 2>/dev/null; fail "no welcome screen under cage (last screenshot: $shot)"; }
mkdir -p dist
cp "$shot" dist/session-welcome.png
echo "package-test: session: welcome screen under cage (dist/session-welcome.png)"
