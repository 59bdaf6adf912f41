#!/usr/bin/env bash
# Builds the page and serves it on http://127.0.0.1:${PORT:-8000}/ until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash web/build.sh
exec python3 web/server.py "${PORT:-8000}"
