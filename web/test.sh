#!/usr/bin/env bash
# The browser test: installs Debian's Chromium and playwright-core if missing, builds the page
# and the host binary, serves the page on 127.0.0.1 (a free port), and runs
# test/browser-test.mjs, which compares the page's lines with the host's byte for byte.
# Screenshots and report.json go to ${CI_OUTPUT_DIR:-target/web-test}.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
out="${CI_OUTPUT_DIR:-$CARGO_TARGET_DIR/web-test}"

if ! command -v chromium >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi
# playwright-core drives the system's Chromium; it never downloads a browser of its own.
(cd web/test && npm ci --no-audit --no-fund --loglevel=error)

bash web/build.sh
# The same command as scripts/test-all.sh, so that after it this is a no-op (building one
# package alone unifies the dependencies' features differently and rebuilds the host).
cargo build --release

log=$(mktemp)
python3 web/server.py 0 >"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 50); do
  [ -s "$log" ] && break
  sleep 0.1
done
url=$(head -n 1 "$log")
echo "serving web/www on $url"

node web/test/browser-test.mjs "$url" "$CARGO_TARGET_DIR/release/tinygen" "$out"
echo "screenshots and report: $out"
