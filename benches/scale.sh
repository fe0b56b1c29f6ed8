#!/usr/bin/env bash
# Fast at every size (issue 14): one table of build times against the floor of copying the
# same output, for the bundled portal and generated portals of SIZES indicators (the build
# benchmark's generator: 20 periods × 5 dimension values each), and for one large dataset.
#
#   cargo build --release && benches/scale.sh [SIZES [DATASET_MB]]
#   benches/scale.sh "1000 3000 10000" 1000     # the issue's full set (needs ~10 GB of disk)
#
# Cases per portal: a cold build (empty cache, new folder, as every fresh CI run), a warm build
# into a new folder, a warm rebuild into the same folder with nothing changed, and a live edit
# under `chiso serve` (benches/live.sh: one observation CSV written, until the open page is
# told to reload, and until the build that publishes every file is done); the floor is `cp -r`
# of the output in the same run, in turns with the warm build into a new folder (median of 3
# each, see warm_and_floor). Peak RSS is /usr/bin/time's maximum resident set size. Sizes
# are in SI units (a MB is 10^6 bytes), as hosts such as GitHub Pages state their limits.
# Figures of one run on a shared machine are noisy: compare ratios, not seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${1:-1000}"
dataset_mb="${2:-200}"
# CHISO_BIN: another build of chiso to measure (a copy, so that cargo may rebuild meanwhile).
bin="${CHISO_BIN:-$(pwd)/target/release/chiso}"
[ -x "$bin" ] || cargo build --release --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rows=()
# run NAME PAGES_FROM OUT [ARGS…]: times one chiso build, keeps its figures for the table.
run() {
  local name="$1" src="$2" out="$3"
  shift 3
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" build --quiet "$src" --out "$out" "$@" 2>/dev/null >/dev/null
  read -r seconds rss <"$work/time"
  local pages bytes
  pages=$(find "$out" -name '*.html' | wc -l)
  # The bytes of the files, as a host such as GitHub Pages counts them (not the folders').
  bytes=$(find "$out" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }')
  rows+=("$name|$seconds|$pages|$bytes|$rss")
}

# floor NAME OUT: `cp -r` of a finished output into a new folder.
floor() {
  rm -rf "$work/copy"
  /usr/bin/time -f "%e" -o "$work/time" cp -r "$2" "$work/copy"
  rows+=("$1|$(cat "$work/time")|-|-|-")
  rm -rf "$work/copy"
}

# warm_and_floor NAME SRC: a warm build into a new folder and `cp -r` of its output into a new
# folder, in turns, three times each, each right after the folder of the one before it was
# removed: on ext4, creating thousands of inodes right after deleting thousands is several
# times slower, so both are measured after the same deletions. Medians are compared.
warm_and_floor() {
  local name="$1" src="$2" new="$work/new-$1" warm=() copies=()
  for _ in 1 2 3; do
    rm -rf "$new"
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" build --quiet "$src" --out "$new" 2>/dev/null >/dev/null
    warm+=("$(cat "$work/time")")
    rm -rf "$work/copy"
    /usr/bin/time -f "%e" -o "$work/time" cp -r "$new" "$work/copy"
    copies+=("$(cat "$work/time")")
  done
  rm -rf "$work/copy"
  local median copy pages bytes
  median=$(printf '%s\n' "${warm[@]}" | sort -n | sed -n 2p)
  copy=$(printf '%s\n' "${copies[@]}" | sort -n | sed -n 2p)
  pages=$(find "$new" -name '*.html' | wc -l)
  bytes=$(find "$new" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }')
  rows+=("$name: warm, new folder (median of 3)|${median% *}|$pages|$bytes|${median#* }")
  rows+=("$name: cp -r (floor)|$copy|-|-|-")
}

portal() {
  local name="$1" src="$2"
  export CHISO_CACHE_DIR="$work/cache-$name"
  rm -rf "$CHISO_CACHE_DIR" "$work/out-$name" "$work/new-$name"
  run "$name: cold" "$src" "$work/out-$name"
  warm_and_floor "$name" "$src"
  run "$name: warm, nothing changed" "$src" "$work/new-$name"
  live "$name" "$src"
  local largest
  largest=$(find "$work/new-$name" -name '*.html' -printf '%s %P\n' | sort -n | tail -1)
  notes+=("$name: largest page ${largest#* } ($(( ${largest%% *} / 1000 )) kB)")
  rm -rf "$work/out-$name" "$work/new-$name" "$CHISO_CACHE_DIR"
}

# live NAME SRC: `chiso serve` on a copy of the portal, one observation CSV edited three times;
# the median time from the write to the page being told to reload, and to the end of the build
# that publishes every file (benches/live.sh).
live() {
  local copy="$work/live-src"
  rm -rf "$copy" && mkdir -p "$copy"
  for part in chiso.toml data content themes; do
    if [ -e "$2/$part" ]; then cp -r "$2/$part" "$copy/"; fi
  done
  local lines reload whole
  lines=$(CHISO_BIN="$bin" benches/live.sh "$copy" 3)
  reload=$(grep -o '[0-9.]* s to the reload' <<<"$lines" | cut -d' ' -f1 | sort -n | sed -n 2p)
  whole=$(grep -o '[0-9.]* s to the whole build' <<<"$lines" | cut -d' ' -f1 | sort -n | sed -n 2p)
  rows+=("$1: live edit, one CSV, page (median of 3)|$reload|-|-|-")
  rows+=("$1: live edit, one CSV, every file (median of 3)|$whole|-|-|-")
  rm -rf "$copy"
}

notes=()
portal "bundled" "."
for n in $sizes; do
  cargo bench --quiet --bench build -- --generate "$work/gen-$n" "$n" >/dev/null
  portal "$n indicators" "$work/gen-$n"
  rm -rf "$work/gen-$n"
done

# A dataset of DATASET_MB megabytes (8 columns), published whole (CSV, JSON, Data Package).
if [ "$dataset_mb" -gt 0 ]; then
  src="$work/dataset"
  mkdir -p "$src/data/datasets"
  cat >"$src/chiso.toml" <<'TOML'
title = "Dataset bench"
languages = ["en"]
base_url = "https://example.org/"
publisher = { name = "Bench", email = "bench@example.org" }
license = { name = "CC BY 4.0", url = "https://creativecommons.org/licenses/by/4.0/" }
TOML
  cat >"$src/data/datasets/big.toml" <<'TOML'
title = "A large dataset"
description = "Generated rows for the benchmark."
TOML
  rows_wanted=$(( dataset_mb * 1000000 / 100 ))
  awk -v n="$rows_wanted" 'BEGIN {
    print "id,date,province,agency,service,channel,count,share";
    for (i = 1; i <= n; i++)
      printf "%d,2024-%02d-%02d,province-%02d,agency-%03d,service-number-%05d,online,%d,%.2f\n", i, i % 12 + 1, i % 28 + 1, i % 63, i % 200, i % 20000, i % 9973, (i % 10000) / 100
  }' >"$src/data/datasets/big.csv"
  size=$(stat -c %s "$src/data/datasets/big.csv")
  export CHISO_CACHE_DIR="$work/cache-dataset"
  name="dataset ($(( size / 1000000 )) MB)"
  run "$name: published" "$src" "$work/out-dataset"
  # The floor: copying the published files (CSV, JSON: about three times the input).
  floor "$name: cp -r (floor)" "$work/out-dataset"
  notes+=("dataset: $(( size / 1000000 )) MB of input, $rows_wanted rows")
  dataset_bytes=$size
  rm -rf "$work/out-dataset" "$src"
fi

printf '\n%-50s %9s %9s %9s %10s %11s %8s\n' "case" "seconds" "pages/s" "MB/s" "peak RSS" "output" "× floor"
# Each portal's rows, with the ratio to its floor.
for ((i = 0; i < ${#rows[@]}; i++)); do
  IFS='|' read -r name seconds pages bytes rss <<<"${rows[$i]}"
  if [[ "$name" == *"(floor)"* ]]; then continue; fi
  floor_s=""
  for ((j = 0; j < ${#rows[@]}; j++)); do
    IFS='|' read -r fname fseconds _ <<<"${rows[$j]}"
    if [[ "$fname" == "${name%%:*}: cp -r (floor)" ]]; then floor_s="$fseconds"; break; fi
  done
  per_s="-"
  [ "$pages" != "-" ] && per_s=$(awk -v p="$pages" -v s="$seconds" 'BEGIN { printf "%.0f", p / (s > 0 ? s : 0.001) }')
  mb_s="-"
  if [[ "$name" == dataset* ]]; then
    mb_s=$(awk -v b="$dataset_bytes" -v s="$seconds" 'BEGIN { printf "%.1f", b / 1e6 / s }')
    per_s="-"
  fi
  ratio="-"
  [ -n "$floor_s" ] && ratio=$(awk -v s="$seconds" -v f="$floor_s" 'BEGIN { printf "%.2f", s / (f > 0 ? f : 0.01) }')
  if [ "$rss" = "-" ]; then
    printf '%-50s %9s %9s %9s %11s %11s %8s\n' "$name" "$seconds" - - - - -
    continue
  fi
  printf '%-50s %9s %9s %9s %8s MB %8s MB %8s\n' "$name" "$seconds" "$per_s" "$mb_s" \
    "$(( rss * 1024 / 1000000 ))" "$(( bytes / 1000000 ))" "$ratio"
  if [[ "$name" == *"nothing changed" ]]; then
    printf '%-50s %9s\n' "${name%%:*}: cp -r of the output (floor, median of 3)" "$floor_s"
  elif [[ "$name" == dataset* ]]; then
    printf '%-50s %9s\n' "${name%%:*}: cp -r of the output (floor)" "$floor_s"
  fi
done
printf '\n'
printf '%s\n' "${notes[@]}"
