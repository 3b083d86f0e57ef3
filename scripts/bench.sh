#!/usr/bin/env bash
# make bench: the figures in docs/BENCHMARKS.md. Go benchmarks (testing.B) of every package,
# summarised by benchstat, then start-up time and idle memory of the real binary under Xvfb.
# The machine is shared and noisy: read the rows as ratios within one run, not as absolutes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_OUT:-docs/bench}
count=${BENCH_COUNT:-3}
mkdir -p "$out"
export LANG=${LANG:-en_US.UTF-8} CITIZENKIOSK_REQUIRE_PCSCD=1 CITIZENKIOSK_REQUIRE_POSTGRES=1

benchstat=(go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da)

echo "== Go benchmarks (count $count)" >&2
# -p 1: one package at a time, so no benchmark shares the two cores with another package's.
go test -p 1 -tags ci -run '^$' -bench . -benchmem -count "$count" -timeout 60m ${BENCH_PKGS:-./...} | tee "$out/go.txt" >/dev/null
"${benchstat[@]}" "$out/go.txt" | tee "$out/go-benchstat.txt"

echo "== start-up to first screen, and resident memory while idle (real driver, Xvfb)" >&2
bin=$(mktemp -d)/citizenkiosk
go build -o "$bin" .
data=$(mktemp -d)
runs=${STARTUP_RUNS:-10}
{
  echo "start-up to first screen, $runs runs (ms):"
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N)
    CITIZENKIOSK_EXIT_ON_START=1 xvfb-run -a -s "-screen 0 1280x1024x24" "$bin" --demo --data "$data" >/dev/null 2>&1
    echo $(( ($(date +%s%N) - t0) / 1000000 ))
  done | sort -n | awk '{a[NR]=$1} END {printf "  min %d  median %d  max %d\n", a[1], a[int((NR+1)/2)], a[NR]}'
  echo "  (each run includes Xvfb's own start; the Xvfb-only floor below)"
  t0=$(date +%s%N); xvfb-run -a true; echo "  xvfb-run true: $(( ($(date +%s%N) - t0) / 1000000 )) ms"

  xvfb-run -a -s "-screen 0 1280x1024x24" "$bin" --demo --data "$data" >/dev/null 2>&1 &
  sleep 8
  pid=$(pgrep -n -f "$bin" || true)
  if [ -n "$pid" ]; then
    echo "resident memory while idle, 8 s after start: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)"
    kill "$pid" 2>/dev/null || true
  fi
  wait || true
} | tee "$out/startup.txt"
