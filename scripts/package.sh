#!/usr/bin/env bash
# Builds what a municipality's IT installs, under dist/:
#   deb  citizenkiosk_VERSION_amd64.deb      door kiosk, counter, board and centrald on Debian 12
#   tar  citizenkiosk_VERSION_linux_amd64.tar.xz   `fyne package` (FyneApp.toml's metadata)
#   exe  citizenkiosk.exe                    Windows counters and kiosks (mingw-w64, Fyne, OpenJPEG)
# Usage: scripts/package.sh [deb|tar|exe|all]...   (default: all)
# VERSION is FyneApp.toml's [Details] Version. PACKAGE_VERSION overrides it for one build
# (the upgrade test makes an "older" package that way); it is then also the binary's version.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${DIST:-$PWD/dist}
mkdir -p "$dist"

fyneapp_version() { sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' FyneApp.toml | head -1; }
version=${PACKAGE_VERSION:-$(fyneapp_version)}
[ -n "$version" ] || { echo "package: no Version in FyneApp.toml" >&2; exit 1; }
ldflags="-s -w"
[ -z "${PACKAGE_VERSION:-}" ] || ldflags+=" -X main.releaseOverride=$version"

size() { printf 'package: %-52s %6s MiB\n' "$(basename "$1")" "$(awk -v b="$(stat -c %s "$1")" 'BEGIN{printf "%.1f", b/1048576}')"; }

# shlib_depends prints the Debian packages that hold the shared libraries the binaries
# link, so that Depends follows the build instead of a list kept by hand.
shlib_depends() {
  objdump -p "$@" | awk '/NEEDED/{print $2}' | sort -u | while read -r so; do
    local path; path=$(ldconfig -p | awk -v so="$so" '$1==so && /x86-64/{print $NF; exit}')
    [ -n "$path" ] || { echo "package: $so not found" >&2; exit 1; }
    # dpkg knows a file by the path its package ships; with merged /usr that may be the
    # /lib or the /usr/lib spelling of what ldconfig reports.
    local real pkg=; real=$(readlink -f "$path")
    for p in "$path" "$real" "${path#/usr}" "${real#/usr}" "/usr$path" "/usr$real"; do
      pkg=$(dpkg -S "$p" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$pkg" ] && break
    done
    [ -n "$pkg" ] || { echo "package: no Debian package holds $so ($path)" >&2; exit 1; }
    echo "$pkg"
  done | sort -u | paste -sd, | sed 's/,/, /g'
}

build_deb() {
  local stage=$dist/.stage/deb build=$dist/.stage/bin
  rm -rf "$stage"; mkdir -p "$build"
  # No -trimpath: the same compile as `make test`'s `go build .`, so CI reuses its cache.
  go build -ldflags "$ldflags" -o "$build/citizenkiosk" .
  go build -ldflags "$ldflags" -o "$build/citizenkiosk-centrald" ./cmd/centrald
  install -Dm0755 "$build/citizenkiosk" "$stage/usr/bin/citizenkiosk"
  install -Dm0755 "$build/citizenkiosk-centrald" "$stage/usr/bin/citizenkiosk-centrald"
  install -Dm0644 Icon.png "$stage/usr/share/icons/hicolor/512x512/apps/citizenkiosk.png"
  install -Dm0644 packaging/debian/citizenkiosk.desktop "$stage/usr/share/applications/citizenkiosk.desktop"
  install -Dm0644 packaging/debian/config.toml "$stage/usr/share/doc/citizenkiosk/examples/config.toml"
  install -Dm0644 packaging/debian/config.toml "$stage/etc/citizenkiosk/config.toml"
  install -Dm0644 packaging/debian/centrald.env "$stage/etc/citizenkiosk/centrald.env"
  install -Dm0644 packaging/debian/desk.env "$stage/etc/citizenkiosk/desk.env"
  for u in packaging/systemd/*.service; do install -Dm0644 "$u" "$stage/lib/systemd/system/$(basename "$u")"; done
  install -d "$stage/DEBIAN"
  install -m0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$stage/DEBIAN/"
  install -m0644 packaging/debian/conffiles "$stage/DEBIAN/"
  local kib deps; kib=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
  # control.in names what the binaries need but do not link: cage and Xwayland for the
  # session, pcscd, and the X libraries GLFW opens with dlopen at run time.
  deps=$(shlib_depends "$build"/*)
  sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$kib/" -e "s/@SHLIBS@/$deps/" \
    packaging/debian/control.in > "$stage/DEBIAN/control"
  (cd "$stage" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
  local deb=$dist/citizenkiosk_${version}_amd64.deb
  dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
  size "$deb"
}

build_tar() {
  local stage=$dist/.stage/fyne
  rm -rf "$stage"; mkdir -p "$stage"
  # fyne package reads FyneApp.toml (name, id, icon, version) and writes ./citizenkiosk.tar.xz.
  # It also rewrites FyneApp.toml to count up Build; a package build must not change the
  # source tree, so the file is put back as it was.
  cp FyneApp.toml "$stage/FyneApp.toml"
  local rc=0
  go run fyne.io/tools/cmd/fyne@v1.7.4 package --target linux --release ${PACKAGE_VERSION:+--app-version "$version"} || rc=$?
  cp "$stage/FyneApp.toml" FyneApp.toml
  [ "$rc" = 0 ] || exit "$rc"
  local tar=$dist/citizenkiosk_${version}_linux_amd64.tar.xz
  mv citizenkiosk.tar.xz "$tar"
  size "$tar"
}

build_exe() {
  bash scripts/package-windows.sh "$dist/citizenkiosk.exe" full
  size "$dist/citizenkiosk.exe"
}

[ $# -gt 0 ] || set -- all
for what in "$@"; do
  case "$what" in
    deb) build_deb ;;
    tar) build_tar ;;
    exe) build_exe ;;
    all) build_deb; build_tar; build_exe ;;
    *) echo "usage: $0 [deb|tar|exe|all]..." >&2; exit 2 ;;
  esac
done
