#!/usr/bin/env bash
# Live edits (issue 14): under `chiso serve`, the time from writing one observation CSV to the
# moment the indicator's open page is told to reload, with the new value in it (the preview of
# the pages that show the edited data), then to the end of the build that publishes everything
# else, with the new value in the CSV.
#
#   benches/live.sh PORTAL [TIMES]     # PORTAL is edited (pass a copy); prints one line per edit
#
# The page's script long-polls /__chiso/wait; this does the same with curl, so the figure is
# what a reader sees: debounce, preview and the answer. CHISO_BIN names the binary.
set -euo pipefail
portal="$1"
times="${2:-3}"
bin="${CHISO_BIN:-$(dirname "$0")/../target/release/chiso}"
work="$(mktemp -d)"
log="$work/serve.log"
"$bin" serve "$portal" --out "$work/out" --port 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
# The first build may be a long one: the preview's base URL is its own, so its chart images
# are not those of a build for the portal's URL.
until grep -q '^Serving ' "$log"; do
  kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
url=$(grep -o 'http://[0-9.:]*/' "$log" | sed -n 1p)

# The first observations file, and its first value as written.
csv=$(find "$portal/data/indicators" -name '*.csv' | sort | sed -n 1p)
id=$(basename "$csv" .csv)
for n in $(seq "$times"); do
  version=$(curl -s "${url}__chiso/wait")
  builds=$(grep -c '^Built ' "$log" || true)
  # A new value: the first row's value with one more decimal digit, as written.
  # Written beside the portal, then renamed over the CSV: one change, as an editor makes.
  new=$(python3 - "$csv" "$n" "$work/new.csv" <<'PY'
import csv, sys
path, n, written = sys.argv[1:]
with open(path, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
col = rows[0].index("value")
row = next(r for r in rows[1:] if r[col].strip())
row[col] = (row[col] if "." in row[col] else row[col] + ".") + n
with open(written, "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
print(row[col])
PY
)
  curl -s "${url}__chiso/wait?version=$version&page=/en/indicators/$id/" >/dev/null &
  poll=$!
  sleep 0.2 # the poll is waiting before the write
  start=$(date +%s.%N)
  mv "$work/new.csv" "$csv"
  wait $poll
  end=$(date +%s.%N)
  page=$(curl -s "${url}en/indicators/$id/" "${url}vi/indicators/$id/" | grep -c -- "${new}\|${new/./,}" || true)
  # The build that publishes the rest: its summary line.
  until [ "$(grep -c '^Built ' "$log" || true)" -gt "$builds" ]; do
    if ! kill -0 $server 2>/dev/null || grep -q 'still serving the last good build' "$log"; then
      cat "$log" >&2
      exit 1
    fi
    sleep 0.02
  done
  built=$(date +%s.%N)
  shown=$(curl -s "${url}data/indicators/$id.csv" | grep -c -- ",$new," || true)
  awk -v s="$start" -v e="$end" -v b="$built" -v id="$id" -v v="$new" -v c="$shown" -v p="$page" \
    'BEGIN { printf "live edit %s = %s: %.3f s to the reload (page lines with it: %d), %.2f s to the whole build (CSV rows with it: %d)\n", id, v, e - s, p, b - s, c }'
done
