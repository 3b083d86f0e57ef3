#!/usr/bin/env bash
# Cross-compiles citizenkiosk.exe for the Windows counters and door kiosks, from Debian, with
# mingw-w64. Called by scripts/package.sh; usage: scripts/package-windows.sh OUT.exe [full|lite]
#
#   full  the real Fyne (OpenGL) build with JPEG 2000 faces: OpenJPEG is built here, static,
#         from Debian's own source package, so the counter shows the photo on every document.
#   lite  Fyne's software driver (-tags ci), no cgo: the same commands (version, mrz, read-id
#         without JPEG 2000), cheap enough for `make test` to run under Wine.
#   lds-test  reader/lds's test binary built like full, so Wine can check the face decoding.
#
# PC/SC needs nothing at build time: github.com/ebfe/scard calls WinSCard.dll at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: $0 OUT.exe [full|lite]}
kind=${2:-full}
cache=${PACKAGE_CACHE:-$PWD/dist/.cache}
mingw=x86_64-w64-mingw32

# openjpeg_for_windows prints the prefix of a static OpenJPEG built for mingw-w64 from the
# source package Debian ships (bookworm and its security updates, whichever is newer), so
# the Windows build decodes faces with the same library, fixes included, as the .deb.
openjpeg_for_windows() {
  local prefix=$cache/openjpeg-$mingw
  if [ -f "$prefix/lib/libopenjp2.a" ]; then echo "$prefix"; return; fi
  local apt=$cache/apt src=$cache/openjpeg-src
  mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$src"
  # A private source list: nothing under /etc/apt changes, and no root is needed.
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  printf 'deb-src [signed-by=%s] http://deb.debian.org/debian bookworm main\ndeb-src [signed-by=%s] http://deb.debian.org/debian-security bookworm-security main\n' \
    "$keyring" "$keyring" > "$apt/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt" -o "Dir::Cache::archives=$apt/archives"
              -o Debug::NoLocking=1)
  apt-get -qq "${opts[@]}" update >&2
  (cd "$src" && apt-get -qq "${opts[@]}" source openjpeg2 >&2)
  local dir; dir=$(find "$src" -maxdepth 1 -type d -name 'openjpeg2-*' | sort -V | tail -1)
  [ -n "$dir" ] || { echo "package-windows: no openjpeg2 source in $src" >&2; exit 1; }
  echo "package-windows: building OpenJPEG from $(basename "$dir") for $mingw" >&2
  cmake -S "$dir" -B "$src/build" -DCMAKE_SYSTEM_NAME=Windows \
    -DCMAKE_C_COMPILER=$mingw-gcc -DCMAKE_RC_COMPILER=$mingw-windres \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON -DBUILD_CODEC=OFF -DBUILD_TESTING=OFF \
    -DBUILD_DOC=OFF >&2
  cmake --build "$src/build" -j "$(nproc)" >&2
  cmake --install "$src/build" >&2
  echo "$prefix"
}

export GOOS=windows GOARCH=amd64
with_openjpeg() {
  prefix=$(openjpeg_for_windows)
  export CGO_ENABLED=1 CC=$mingw-gcc
  export PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig PKG_CONFIG_PATH=
  # Without OPJ_STATIC the header declares the functions dllimport and the link fails.
  export CGO_CFLAGS="-O2 -DOPJ_STATIC"
}
case "$kind" in
  full)
    with_openjpeg
    # A GUI program: no console window opens behind the kiosk.
    go build -trimpath -ldflags "-s -w -H windowsgui" -o "$out" .
    ;;
  lds-test)
    # reader/lds's tests against the same OpenJPEG, for Wine to decode the JPEG 2000 faces.
    with_openjpeg
    go test -c -trimpath -o "$out" ./reader/lds
    ;;
  lite)
    CGO_ENABLED=0 go build -trimpath -tags ci -ldflags "-s -w" -o "$out" .
    ;;
  *) echo "usage: $0 OUT.exe [full|lite|lds-test]" >&2; exit 2 ;;
esac
