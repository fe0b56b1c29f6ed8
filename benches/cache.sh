#!/usr/bin/env bash
# The bundled portal's build time with a cold and with a warm cache (chart images and
# workbooks, see src/cache.rs): the median user, system and elapsed seconds of RUNS builds
# each, measured by /usr/bin/time. Every build writes into the output folder the previous one
# left, as repeated `chiso build` runs do; a cold build starts from an empty cache.
#
#   cargo build --release && benches/cache.sh [BINARY [RUNS]]
#
# On a shared machine compare medians of several runs, and compare binaries in one session.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/release/chiso}"
runs="${2:-7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure NAME PREPARE: PREPARE runs before each build.
measure() {
  : >"$work/times"
  for _ in $(seq "$runs"); do
    eval "$2"
    CHISO_CACHE_DIR="$work/cache" /usr/bin/time -f "%U %S %e" -a -o "$work/times" \
      "$bin" build --quiet . --out "$work/public"
  done
  printf '%s: user %s s, system %s s, elapsed %s s (medians of %s builds)\n' "$1" \
    "$(cut -d' ' -f1 "$work/times" | median)" \
    "$(cut -d' ' -f2 "$work/times" | median)" \
    "$(cut -d' ' -f3 "$work/times" | median)" "$runs"
}

"$bin" build --quiet . --out "$work/public" >/dev/null
measure "cold cache" 'rm -rf "$work/cache"'
measure "warm cache" ':'
measure "warm chart images, cold workbooks" 'rm -rf "$work/cache/xlsx"'
