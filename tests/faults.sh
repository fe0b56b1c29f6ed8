#!/usr/bin/env bash
# Fault script (not part of `cargo test`): kills builds of the bundled portal with SIGKILL at
# random moments while a reader polls the output path, and checks that
#  - after every kill the output path holds a complete site (the same files as a clean build),
#  - the reader never found the site missing or half there,
#  - after the next build no staging or old folder of a killed build is left.
# Usage: tests/faults.sh [KILLS]   (default 100; about a minute on two cores)
set -euo pipefail
kills="${1:-100}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
cargo build --release --quiet
bin="$repo/target/release/chiso"
work="$(mktemp -d)"
reader_pid=""
cleanup() {
  [ -n "$reader_pid" ] && kill "$reader_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/portal"
cp -r chiso.toml data content "$work/portal/"
site="$work/site"
"$bin" build --quiet "$work/portal" --out "$site"
(cd "$site" && find . -type f | sort) > "$work/reference"
files="$(wc -l < "$work/reference")"

# How long a rebuild takes: kills land anywhere from the start to past its end.
start=$(date +%s%N)
"$bin" build --quiet "$work/portal" --out "$site"
build_ms=$(( ($(date +%s%N) - start) / 1000000 ))

# The reader: a page and the catalogue must always be there.
: > "$work/misses"
(
  reads=0
  while [ ! -e "$work/stop" ]; do
    if [ ! -f "$site/vi/index.html" ] || [ ! -f "$site/data.json" ]; then
      echo miss >> "$work/misses"
    fi
    reads=$((reads + 1))
    echo "$reads" > "$work/reads"
  done
) &
reader_pid=$!

incomplete=0
for i in $(seq 1 "$kills"); do
  "$bin" build --quiet "$work/portal" --out "$site" 2>/dev/null &
  pid=$!
  delay_ms=$(( RANDOM % (build_ms + build_ms / 2 + 1) ))
  sleep "$(printf '0.%03d' "$delay_ms")" 2>/dev/null || sleep "$((delay_ms / 1000))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if ! (cd "$site" && find . -type f | sort) | cmp -s - "$work/reference"; then
    incomplete=$((incomplete + 1))
    echo "after kill $i the output is not a complete site" >&2
  fi
done
leftovers_before=$(find "$work" -maxdepth 1 -name '.site.chiso-staging-*' -o -maxdepth 1 -name '.site.chiso-old-*' | wc -l)
"$bin" build --quiet "$work/portal" --out "$site"
leftovers_after=$(find "$work" -maxdepth 1 \( -name '.site.chiso-staging-*' -o -name '.site.chiso-old-*' \) | wc -l)
touch "$work/stop"
wait "$reader_pid" 2>/dev/null || true
reader_pid=""
misses=$(wc -l < "$work/misses")
reads=$(cat "$work/reads" 2>/dev/null || echo 0)

echo "builds killed:                         $kills (at 0-$((build_ms * 3 / 2)) ms; a build takes ${build_ms} ms)"
echo "files in a complete site:              $files"
echo "kills that left an incomplete site:    $incomplete"
echo "reads by the poller / site missing:    $reads / $misses"
echo "killed builds' folders before / after the next build: $leftovers_before / $leftovers_after"
[ "$incomplete" -eq 0 ] && [ "$misses" -eq 0 ] && [ "$leftovers_after" -eq 0 ]
