#!/usr/bin/env bash
# Installs the Debian packages that building, running and testing citizenkiosk need.
# Idempotent: it asks dpkg what is missing and installs only that, as root or through sudo.
# Usage: scripts/deps.sh [build|test|all]   (default: all)
set -euo pipefail

build=(gcc libc6-dev pkg-config libgl-dev libx11-dev libxcursor-dev libxrandr-dev
       libxinerama-dev libxi-dev libxxf86vm-dev libpcsclite-dev libopenjp2-7-dev)
# pcscd and the vpcd driver: the tests talk to a real PC/SC stack with a virtual card.
# xvfb and xauth: the smoke test starts the real window without a display.
test=(pcscd vsmartcard-vpcd xvfb xauth)

want=("${build[@]}")
case "${1:-all}" in
  build) ;;
  test|all) want+=("${test[@]}") ;;
  *) echo "usage: $0 [build|test|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
