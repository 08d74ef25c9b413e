#!/usr/bin/env bash
# What the real calendar costs checkout (a benchmark, not a test): quotes/s and p50/p99 from
# wrk on loopback, in ROUNDS alternated rounds of SECONDS each, against the scenario as it is
# and the same scenario in the calendar (every node in America/New_York with a 14:00 cutoff,
# nodes and carriers closed on Sundays and Thanksgiving), both served open on loopback.
#   bash scripts/loadtest-time.sh [SCENARIO] [SECONDS] [ROUNDS]
# Needs wrk (apt-get install wrk). Writes out/loadtest-time/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
scenario=${1:-scenarios/east-medium.json}
seconds=${2:-15}
rounds=${3:-3}
connections=${CONNECTIONS:-32}
out=out/loadtest-time
prepare_load "$out" "$scenario"
python3 - "$out/scenario.json" "$out/calendar.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
closed = {"closed_weekdays": ["sun"], "closed_dates": ["2026-11-26"]}
for node in s["nodes"]:
    node.update({"timezone": "America/New_York", "cutoff": "14:00"}, **closed)
for service in s["services"]:
    service.update(closed)
s["name"] += "-calendar"
json.dump(s, open(sys.argv[2], "w"))
PY
"$bin" db init --seed "$out/calendar.json" --db "$out/calendar.sqlite" --clock scenario >/dev/null

# round MODE N: one server start on MODE's database, a warm-up, and a measured run of quotes.
round() {
  local db="$out/load.sqlite"
  if [ "$1" = calendar ]; then db="$out/calendar.sqlite"; fi
  start_server "$bin" "$db" "$out/server-$1-$2.log" --insecure-no-auth
  RUN=warm wrk -t2 -c"$connections" -d3s -s scripts/load/quotes.lua "$url" >/dev/null
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s scripts/load/quotes.lua "$url" >"$out/quotes-$1-$2.txt"
  stop_server
}

alternate plain calendar "$rounds"

{
  echo "# Cost of the calendar on checkout ($(date -u +%F), $(nproc) cores, wrk -t2 -c$connections on the same machine)"
  echo
  echo "Network: $(basename "$scenario") (stock x1000), plain and in the calendar; POST /v1/quotes with its"
  echo "carts, round-robin; $rounds alternated rounds of ${seconds}s, each on a freshly started server."
  echo
  ab_report "$out" plain calendar "$rounds"
} | tee "$out/report.md"
