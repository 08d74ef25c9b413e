#!/usr/bin/env bash
# What checking API keys costs checkout (a benchmark, not a test): quotes/s and p50/p99
# from wrk on loopback, in ROUNDS alternated rounds of SECONDS each, against the same
# database served open (--insecure-no-auth, no header sent) and with a checkout key
# checked on every request. Reports each round and the medians.
#   bash scripts/loadtest-keys.sh [SCENARIO] [SECONDS] [ROUNDS]
# Needs wrk (apt-get install wrk). Writes out/loadtest-keys/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
scenario=${1:-scenarios/east-medium.json}
seconds=${2:-15}
rounds=${3:-3}
connections=${CONNECTIONS:-32}
out=out/loadtest-keys
prepare_load "$out" "$scenario"
"$bin" keys create --name load-checkout --role checkout --db "$out/load.sqlite" >"$out/key.txt"
key=$(grep -o 'omr_[A-Za-z0-9_-]*' "$out/key.txt" | head -1)

# round MODE N: one server start, a warm-up, and a measured run of quotes.
round() {
  local mode=$1 n=$2 auth="" args=()
  if [ "$mode" = open ]; then args=(--insecure-no-auth); else auth=$key; fi
  start_server "$bin" "$out/load.sqlite" "$out/server-$mode-$n.log" "${args[@]}"
  AUTH=$auth RUN=warm wrk -t2 -c"$connections" -d3s -s scripts/load/quotes.lua "$url" >/dev/null
  AUTH=$auth wrk -t2 -c"$connections" -d"${seconds}s" --latency -s scripts/load/quotes.lua "$url" \
    >"$out/quotes-$mode-$n.txt"
  refused=$(curl -s -H "Authorization: Bearer $key" "$url/metrics" |
    awk '/^omniroute_auth_refused_total/ {s += $2} END {print s + 0}')
  stop_server
  [ "$refused" = 0 ] || { echo "round $mode $n: $refused requests refused" >&2; exit 1; }
}

alternate open keyed "$rounds"

{
  echo "# Cost of API keys on checkout ($(date -u +%F), $(nproc) cores, wrk -t2 -c$connections on the same machine)"
  echo
  echo "Network: $(basename "$scenario") (stock x1000); POST /v1/quotes with its carts, round-robin;"
  echo "$rounds alternated rounds of ${seconds}s, each on a freshly started server."
  echo
  ab_report "$out" open keyed "$rounds"
} | tee "$out/report.md"
