#!/usr/bin/env bash
# The main job: build and start the checkout route API on the embedded default
# database (created on first use from the bundled east-medium network), and print
# an example request. Extra arguments go to `omniroute serve` (--db, --port, ...).
#   bash scripts/serve.sh [--port 8080] [--db PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
swift build -c release --product omniroute >&2
bin=$(swift build -c release --show-bin-path)/omniroute
exec "$bin" serve "$@"
