#!/usr/bin/env bash
# Benchmark of the order lifecycle through the API on loopback (not a test): seeds a store
# with a scenario's orders, releases them all (timed), then drives every leg to its end
# with node events from THREADS client threads, rejecting one leg in REJECT_EVERY (its
# units are re-sourced and the new legs driven too), and checks the store.
#   bash scripts/lifecycle-bench.sh [SCENARIO] [THREADS] [REJECT_EVERY]
# Writes out/lifecycle/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
scenario=${1:-scenarios/east-medium.json}
threads=${2:-8}
reject_every=${3:-20}
bash scripts/bootstrap.sh
swift build -c release --scratch-path "${SCRATCH:-.build}" >/dev/null
bin="${SCRATCH:-.build}/release/omniroute"
out=out/lifecycle
rm -rf "$out" && mkdir -p "$out"
"$bin" db init --seed "$scenario" --db "$out/store.sqlite" --with-orders >/dev/null
start_server "$bin" "$out/store.sqlite" "$out/server.log"
start=$(date +%s%N)
released=$(curl -s -X POST "$url/v1/release" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["released"]), d["legs"])')
release_ms=$(( ($(date +%s%N) - start) / 1000000 ))
table=$(python3 scripts/load/journeys.py "$url" "$threads" "$reject_every")
stop_server
check=$("$bin" db check --db "$out/store.sqlite" 2>&1 | tail -1)
{
  echo "# Order lifecycle through the API ($(date -u +%F), $(nproc) cores, client on the same machine)"
  echo
  echo "Store: $(basename "$scenario") seeded with its orders through checkout. \`POST /v1/release\` of all of them:"
  echo "$released (orders, legs) in $release_ms ms."
  echo
  echo "Node events, $threads client threads (Python http.client), one leg in $reject_every rejected at \`accepted\`:"
  echo
  echo "$table"
  echo
  echo "db check afterwards: $check"
} | tee "$out/report.md"
