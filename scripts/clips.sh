#!/usr/bin/env bash
# Makes the spoken word clips of the waiting-room board's announcements (announce/clips):
# "nummer" / "number", "skranke" / "counter", the letters A-Z and the digits 0-9, in Danish
# and English, synthesised by espeak-ng and made small by sox (mono, 11025 Hz, 16 bit,
# silence trimmed, peak at -1 dB). The clips are committed; run this again only to change
# them. The chime is not here: announce synthesises it in Go.
# Usage: scripts/clips.sh [OUTDIR]   (default: announce/clips)
# Needs: espeak-ng, sox (Debian packages of the same names).
set -euo pipefail

out=${1:-announce/clips}
rate=11025
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "$0: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# clip LANGUAGE VOICE NAME TEXT: one word, spoken slowly enough for a noisy waiting room.
clip() {
  local dir="$out/$1" voice=$2 name=$3 text=$4
  mkdir -p "$dir"
  espeak-ng -v "$voice" -s 140 -w "$tmp/raw.wav" -- "$text"
  # Trim the silence espeak-ng puts at both ends (the player adds its own, even pauses),
  # then normalise so that every word is as loud as the next.
  sox "$tmp/raw.wav" -r "$rate" -c 1 -b 16 -e signed-integer "$dir/$name.wav" \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse gain -n -1
}

for letter in {A..Z}; do
  clip da da "${letter,,}" "$letter"
  clip en en-gb "${letter,,}" "$letter"
done
for digit in {0..9}; do
  clip da da "$digit" "$digit"
  clip en en-gb "$digit" "$digit"
done
clip da da number "Nummer"
clip da da counter "Skranke"
clip en en-gb number "Number"
clip en en-gb counter "Counter"

du -sh "$out" | sed 's/^/clips: /'
