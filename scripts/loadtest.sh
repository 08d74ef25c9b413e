#!/usr/bin/env bash
# Load benchmark of the route API on loopback (not a test): quotes/s and orders/s
# with p50/p99 latency from wrk, and the server's memory after ORDERS orders.
#   bash scripts/loadtest.sh [SCENARIO] [SECONDS] [ORDERS]
# Needs wrk (apt-get install wrk). Writes out/loadtest/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
scenario=${1:-scenarios/east-medium.json}
seconds=${2:-20}
orders=${3:-100000}
connections=${CONNECTIONS:-32}
order_connections=${ORDER_CONNECTIONS:-16}
out=out/loadtest
prepare_load "$out" "$scenario"
start_server "$bin" "$out/load.sqlite" "$out/server.log"
rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$server/status"; }

echo "warming up"
RUN=warm wrk -t2 -c"$connections" -d3s -s scripts/load/quotes.lua "$url" >/dev/null
echo "quotes: ${seconds}s, $connections connections"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s scripts/load/quotes.lua "$url" | tee "$out/quotes.txt"
echo "orders: ${seconds}s, $order_connections connections"
RUN=a wrk -t2 -c"$order_connections" -d"${seconds}s" --latency -s scripts/load/orders.lua "$url" | tee "$out/orders.txt"
placed=$(curl -s "$url/metrics" | awk '/^omniroute_orders_placed_total/ {print $2}')
echo "placed so far: $placed; continuing to $orders orders"
run=0
while [ "${placed%.*}" -lt "$orders" ]; do
  run=$((run + 1))
  RUN="fill$run" wrk -t2 -c"$connections" -d10s -s scripts/load/orders.lua "$url" >/dev/null
  placed=$(curl -s "$url/metrics" | awk '/^omniroute_orders_placed_total/ {print $2}')
done
memory=$(rss)
stop_server
check=$("$bin" db check --db "$out/load.sqlite" 2>&1 | tail -1)

{
  echo "# Route API load test ($(date -u +%F), $(nproc) cores, wrk -t2 on the same machine: $connections connections for quotes, $order_connections for orders)"
  echo
  echo "Network: $(basename "$scenario") (stock x1000, no capacity limits); carts: its orders, round-robin."
  echo
  echo "| endpoint | requests/s | p50 | p99 |"
  echo "|---|---|---|---|"
  echo "| POST /v1/quotes | $(field '^Requests/sec' "$out/quotes.txt") | $(field '^ +50%' "$out/quotes.txt") | $(field '^ +99%' "$out/quotes.txt") |"
  echo "| POST /v1/orders | $(field '^Requests/sec' "$out/orders.txt") | $(field '^ +50%' "$out/orders.txt") | $(field '^ +99%' "$out/orders.txt") |"
  echo
  echo "Server memory (RSS) after $placed orders: $memory. db check: $check"
} | tee "$out/report.md"
