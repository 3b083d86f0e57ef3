#!/usr/bin/env bash
# Installs the Debian packages that building, running and testing citizenkiosk need.
# Idempotent: it asks dpkg what is missing and installs only that, as root or through sudo.
# Usage: scripts/deps.sh [build|test|package|all]   (default: all; package is not in all)
set -euo pipefail

# libasound2-dev: ALSA, through which github.com/ebitengine/oto/v3 (cgo) plays the board's sound.
build=(gcc libc6-dev pkg-config libgl-dev libx11-dev libxcursor-dev libxrandr-dev
       libxinerama-dev libxi-dev libxxf86vm-dev libpcsclite-dev libopenjp2-7-dev libasound2-dev)
# pcscd and the vpcd driver: the tests talk to a real PC/SC stack with a virtual card.
# xvfb and xauth: the smoke test starts the real window without a display.
# postgresql: centrald's PostgreSQL store is tested against a real server, which the tests
# start themselves (internal/pgtest: initdb in a temp dir, as the postgres user it creates).
test=(pcscd vsmartcard-vpcd xvfb xauth postgresql)
# make package and package-test: the .deb's own dependencies (installed by dpkg -i in the
# test), Wine and mingw-w64 for the Windows build, cmake and Debian's keyring to build
# OpenJPEG from its source package, grim for the kiosk session's screenshot.
package=(dpkg-dev binutils systemd adduser cage xwayland grim wine wine64
         gcc-mingw-w64-x86-64 cmake debian-archive-keyring xz-utils
         libgl1-mesa-dri)

want=("${build[@]}")
case "${1:-all}" in
  build) ;;
  test|all) want+=("${test[@]}") ;;
  package) want+=("${test[@]}" "${package[@]}") ;;
  *) echo "usage: $0 [build|test|package|all]" >&2; exit 2 ;;
esac

# The vpcd driver listens on TCP 35963 and 35964. A test run that opens thousands of loopback
# connections (the central sync tests) can hold one of them as an ephemeral port, and then
# vpcd cannot bind and pcscd comes up without its reader. Keep the kernel from handing them out.
reserve_vpcd_ports() {
  local f=/proc/sys/net/ipv4/ip_local_reserved_ports
  [ -w "$f" ] || [ "$(id -u)" -ne 0 ] || return 0
  grep -q '35963' "$f" 2>/dev/null && return 0
  local cur; cur=$(cat "$f" 2>/dev/null || true)
  local want="35963-35964${cur:+,$cur}"
  if [ "$(id -u)" -eq 0 ]; then echo "$want" > "$f" 2>/dev/null
  else echo "$want" | sudo tee "$f" >/dev/null 2>&1; fi || echo "note: could not reserve ports 35963-35964 for vpcd" >&2
}
case "${1:-all}" in test|all) reserve_vpcd_ports ;; esac

missing=()
for p in "${want[@]}"; do
  # Any installed PostgreSQL server will do (postgresql-15 without the metapackage, say).
  if [ "$p" = postgresql ] && compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
