#!/usr/bin/env bash
# The Windows build under Wine: `version` and `mrz --json` with the ICAO 9303-3 specimen.
# Usage: scripts/package-test-wine.sh quick|full WORKDIR
#   quick  a cgo-free build (-tags ci: Fyne's software driver), a minute or two to compile
#   full   dist/citizenkiosk.exe from `scripts/package.sh exe`, and the
#          JPEG 2000 face tests of reader/lds built the same way
set -euo pipefail
cd "$(dirname "$0")/.."
level=${1:?quick|full} work=${2:?WORKDIR}
version=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' FyneApp.toml | head -1)
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }

if [ "$level" = full ]; then
  # Built again every time (seconds when nothing changed): a stale .exe would prove nothing.
  exe=$PWD/dist/citizenkiosk.exe
  bash scripts/package.sh exe
else
  exe=$work/citizenkiosk-lite.exe
  bash scripts/package-windows.sh "$exe" lite
  printf 'package: %-52s %6s MiB\n' "$(basename "$exe")" "$(awk -v b="$(stat -c %s "$exe")" 'BEGIN{printf "%.1f", b/1048576}')"
fi

export WINEPREFIX=$work/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
echo "package-test: wine $(wine --version) on $(basename "$exe")"
wineboot -i >/dev/null 2>&1 || fail "wineboot"
# Wine 8.0 has no bcryptprimitives.dll, which every Go >= 1.22 program needs at start
# (ProcessPrng); Windows 10 and 11 have it. A shim forwards it to BCryptGenRandom.
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  packaging/windows/wine-processprng.c -lbcrypt

out=$(wine "$exe" version 2>&1) || fail "wine version: $out"
grep -qF "citizenkiosk $version " <<<"$out" || fail "wine version printed: $out"
specimen='P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
L898902C36UTO7408122F1204159ZE184226B<<<<<10'
out=$(wine "$exe" mrz --json <<<"$specimen" 2>&1) || fail "wine mrz --json: $out"
grep -q '"valid":true' <<<"$out" && grep -q '"documentNumber":"L898902C3"' <<<"$out" || fail "wine mrz --json printed: $out"
# A wrong check digit must be caught on Windows too (exit 1), or the test above proves little.
set +e
wine "$exe" mrz --json <<<"${specimen/L898902C36/L898902C37}" >/dev/null 2>&1
rc=$?
set -e
[ "$rc" = 1 ] || fail "wine mrz with a wrong check digit exited $rc, want 1"
echo "package-test: wine: version and mrz --json answer"

if [ "$level" = full ]; then
  # The counter must show the face on Windows too: DG2's JPEG 2000 through the static
  # OpenJPEG, checked pixel for pixel against the PNGs in reader/lds/testdata.
  bash scripts/package-windows.sh "$work/lds.test.exe" lds-test
  out=$(cd reader/lds && wine "$work/lds.test.exe" -test.run '^TestDG2JPEG2000$' -test.v 2>&1) || fail "wine lds tests: $out"
  [ "$(grep -c -- '--- PASS: TestDG2JPEG2000/' <<<"$out")" = 3 ] || fail "wine JPEG 2000 decoding: $out"
  echo "package-test: wine: JPEG 2000 faces decode (reader/lds TestDG2JPEG2000)"
fi
wineserver -k 2>/dev/null || true
