#!/usr/bin/env bash
# Builds the bundled portal and the demo and maps fixtures, then runs the browser tests against them
# (served by the tests themselves). Needs chromium (Debian) and `npm ci` in this folder.
# Screenshots are written to tests/browser/artifacts/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$here/artifacts/sites"
rm -rf "$out"
mkdir -p "$out"
cd "$repo"
# A cache of its own, never the developer's.
export CHISO_CACHE_DIR="$here/artifacts/cache"
cargo build --quiet
./target/debug/chiso build -q . --out "$out/bundled"
./target/debug/chiso build -q tests/fixtures/demo --out "$out/demo"
./target/debug/chiso build -q tests/fixtures/maps --out "$out/maps"
cd "$here"
SITES="$out" node --test --test-concurrency=1 charts.test.mjs
