#!/usr/bin/env bash
# Proves the packages work before they ship. Usage: scripts/package-test.sh [quick|full]
#   quick (what `make test` runs): the .deb of this tree and an older one ("VERSION~prev"),
#         installed on this machine with dpkg and purged at the end: the user and the modes
#         the maintainer scripts make, `systemd-analyze verify` of the installed units, an
#         upgrade that keeps the database, seal key and edited config made by the older one,
#         the purge; then a cgo-free Windows build (-tags ci) under Wine: version and mrz.
#   full  (make package-test): also the kiosk session under cage with a headless back end and
#         a screenshot of the welcome screen, the real citizenkiosk.exe under Wine (with its
#         JPEG 2000 decoding), the tar.xz's binary and desktop entry.
# It installs and purges a package named citizenkiosk, so it runs as root (CI) or via sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
level=${1:-quick}
case "$level" in quick|full) ;; *) echo "usage: $0 [quick|full]" >&2; exit 2 ;; esac
if [ "$(id -u)" -ne 0 ]; then exec sudo --preserve-env=PATH,GOPATH,GOCACHE,GOMODCACHE,GOFLAGS "$0" "$@"; fi
# One run at a time on a machine: they share the installed package and its user.
exec 9>/tmp/citizenkiosk-package-test.lock
flock 9

dist=$PWD/dist
version=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' FyneApp.toml | head -1)
prev="$version~prev"   # dpkg orders "~" before anything: 0.1.0~prev < 0.1.0
work=$(mktemp -d /tmp/citizenkiosk-package-test.XXXXXX)
chmod 0755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  dpkg --purge citizenkiosk >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "package-test: FAIL: $*" >&2; exit 1; }
step() { echo "package-test: $*"; }
mode_of() { stat -c '%a %U:%G' "$1"; }
as_kiosk=(setpriv --reuid=citizenkiosk --regid=citizenkiosk --init-groups env HOME=/var/lib/citizenkiosk)

# A clean start: a package left by an interrupted run would make the "fresh install" a lie.
dpkg --purge citizenkiosk >/dev/null 2>&1 || true

step "building $prev and $version"
PACKAGE_VERSION=$prev DIST=$work/prev bash scripts/package.sh deb
bash scripts/package.sh deb
old=$work/prev/citizenkiosk_${prev}_amd64.deb new=$dist/citizenkiosk_${version}_amd64.deb

step "install $prev"
dpkg -i "$old" >/dev/null || fail "dpkg -i $old"
getent passwd citizenkiosk | grep -q ':/var/lib/citizenkiosk:/usr/sbin/nologin$' || fail "user citizenkiosk: $(getent passwd citizenkiosk)"
[ "$(mode_of /var/lib/citizenkiosk)" = "700 citizenkiosk:citizenkiosk" ] || fail "/var/lib/citizenkiosk is $(mode_of /var/lib/citizenkiosk)"
[ "$(mode_of /etc/citizenkiosk/config.toml)" = "640 root:citizenkiosk" ] || fail "config.toml is $(mode_of /etc/citizenkiosk/config.toml)"
/usr/bin/citizenkiosk version | grep -qF "citizenkiosk $prev " || fail "version: $(/usr/bin/citizenkiosk version)"

step "systemd-analyze verify"
# Without PID 1 systemd this checks the files, their directives and the binaries they name.
systemd-analyze verify /lib/systemd/system/citizenkiosk-centrald.service /lib/systemd/system/citizenkiosk-desk.service /lib/systemd/system/citizenkiosk-kiosk.service \
  || fail "systemd-analyze verify"

step "a database made by $prev"
port=$((20000 + RANDOM % 20000))
install -d -o citizenkiosk -g citizenkiosk "$work/central"
# Children do not inherit the lock (9>&-): one left behind would block the next run. setpriv
# and env exec, so $! is centrald itself (a shell function or runuser would sit between).
"${as_kiosk[@]}" citizenkiosk-centrald --listen "127.0.0.1:$port" --db "$work/central/central.db" --demo-seed --insecure-loopback \
  >"$work/centrald.log" 2>&1 9>&- &
pids+=($!)
for _ in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "centrald did not listen: $(cat "$work/centrald.log")"
sync_once() { "${as_kiosk[@]}" citizenkiosk --config /etc/citizenkiosk/config.toml --central "http://127.0.0.1:$port" sync --once; }
sync_once >"$work/sync1.out" 2>&1 || fail "sync with $prev: $(cat "$work/sync1.out")"
grep -q 'pulled [1-9][0-9]* appointments' "$work/sync1.out" || fail "sync with $prev pulled nothing: $(cat "$work/sync1.out")"
[ "$(mode_of /var/lib/citizenkiosk/seal.key)" = "600 citizenkiosk:citizenkiosk" ] || fail "seal.key is $(mode_of /var/lib/citizenkiosk/seal.key)"
echo "# edited by the operator" >> /etc/citizenkiosk/config.toml
sums() { sha256sum /var/lib/citizenkiosk/kiosk.db /var/lib/citizenkiosk/seal.key /etc/citizenkiosk/config.toml; }
sums > "$work/before.sum"

step "upgrade to $version"
dpkg -i "$new" >/dev/null || fail "dpkg -i $new"
/usr/bin/citizenkiosk version | grep -qF "citizenkiosk $version " || fail "version after upgrade: $(/usr/bin/citizenkiosk version)"
sums | diff "$work/before.sum" - || fail "the upgrade changed the database, the seal key or the edited config"
# The new binary opens the old file with the old key (a wrong key is a *KeyError), migrating it.
sync_once >"$work/sync2.out" 2>&1 || fail "sync with $version on $prev's database: $(cat "$work/sync2.out")"

if [ "$level" = full ]; then bash scripts/package-test-session.sh "$work" 9>&-; fi

step "purge"
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
pids=()
wait 2>/dev/null || true
dpkg --purge citizenkiosk >/dev/null || fail "dpkg --purge"
for f in /usr/bin/citizenkiosk /var/lib/citizenkiosk /etc/citizenkiosk /lib/systemd/system/citizenkiosk-kiosk.service; do
  [ ! -e "$f" ] || fail "$f is still there after purge"
done

if [ "$level" = full ]; then
  step "the fyne tar.xz"
  bash scripts/package.sh tar
  mkdir -p "$work/tar"
  tar -xJf "$dist/citizenkiosk_${version}_linux_amd64.tar.xz" -C "$work/tar"
  out=$("$work/tar/citizenkiosk/usr/local/bin/citizenkiosk" version) || fail "tar.xz binary: $out"
  grep -qF "citizenkiosk $version " <<<"$out" || fail "tar.xz binary says: $out"
  [ -f "$work/tar/citizenkiosk/usr/local/share/applications/dk.borgerservice.citizenkiosk.desktop" ] || fail "tar.xz has no desktop entry"
fi

bash scripts/package-test-wine.sh "$level" "$work" 9>&-
step "ok ($level)"
