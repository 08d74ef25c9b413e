#!/usr/bin/env bash
# Load benchmark of the backends and of several instances (not a test): quotes/s and orders/s with
# p50/p99 for SQLite with one instance and PostgreSQL with one, two and three, in alternated rounds
# on one machine; then the fault figures of three instances on PostgreSQL (scripts/load/faults.py:
# oversold units under scarce stock, confirmed orders lost over CYCLES kill-and-restart cycles).
#   bash scripts/loadtest-instances.sh [SCENARIO] [SECONDS] [ROUNDS] [CYCLES]
# Needs wrk (installed when missing) and PostgreSQL (a throw-away cluster, scripts/postgres.sh).
# Writes out/loadtest-instances/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
scenario=${1:-scenarios/east-medium.json}
seconds=${2:-10}
rounds=${3:-3}
cycles=${4:-20}
connections=${CONNECTIONS:-24}            # for quotes, split evenly over the instances
order_connections=${ORDER_CONNECTIONS:-12} # for orders, likewise
configs=(sqlite:1 postgres:1 postgres:2 postgres:3)
out=out/loadtest-instances
prepare_load "$out" "$scenario"
pgdir=$(mktemp -d /tmp/omniroute-load-pg-XXXXXX)
chmod 755 "$pgdir"
pgserver=$(bash scripts/postgres.sh start "$pgdir/data" "${OMNIROUTE_LOAD_PG_PORT:-55434}")
pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  bash scripts/postgres.sh stop "$pgdir/data" || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
pgdb="${pgserver%/*}/omniroute_load"
psql -q "$pgserver" -c "CREATE DATABASE omniroute_load"
"$bin" db init --seed "$out/scenario.json" --db "$pgdb" --clock scenario >/dev/null

# start_instances DB N TAG: N instances of `omniroute serve` on DB; sets $urls and $pids.
start_instances() {
  urls=()
  pids=()
  local i log
  for i in $(seq "$2"); do
    log="$out/server-$3-$i.log"
    "$bin" serve --db "$1" --port 0 --log-level warning >"$log" 2>&1 &
    pids+=($!)
    for _ in $(seq 600); do grep -q "on http://" "$log" && break; sleep 0.1; done
    urls+=("http://127.0.0.1:$(grep -o "on http://127.0.0.1:[0-9]*" "$log" | grep -o "[0-9]*$")")
  done
}

stop_instances() {
  kill "${pids[@]}"
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
}

# load KIND SCRIPT CONNECTIONS TAG: one wrk per instance at once, the connections split among them.
load() {
  local i=0 url per=$(($3 / ${#urls[@]})) loaders=()
  for url in "${urls[@]}"; do
    i=$((i + 1))
    RUN="$4-$i" wrk -t1 -c"$per" -d"${seconds}s" --latency -s "scripts/load/$2" "$url" >"$out/$1-$4-$i.txt" &
    loaders+=($!)
  done
  wait "${loaders[@]}"
}

# round CONFIG N: measures one configuration once (its instances start and stop around it).
round() {
  local backend=${1%:*} n=${1#*:} db
  [ "$backend" = sqlite ] && db="$out/load.sqlite" || db="$pgdb"
  start_instances "$db" "$n" "$backend$n-r$2"
  local url warmers=()
  for url in "${urls[@]}"; do
    RUN=warm wrk -t1 -c4 -d2s -s scripts/load/quotes.lua "$url" >/dev/null &
    warmers+=($!)
  done
  wait "${warmers[@]}"
  load quotes quotes.lua "$connections" "$backend$n-r$2"
  load orders orders.lua "$order_connections" "$backend$n-r$2"
  stop_instances
}

for r in $(seq "$rounds"); do
  for config in "${configs[@]}"; do
    echo "round $r: $config"
    round "$config" "$r"
  done
done

# sum KIND TAG / worst KIND TAG PATTERN: over the wrk files of one measurement, the summed
# requests/s and the highest latency at a percentile (µs).
sum() { cat "$out/$1-$2-"*.txt | awk '/^Requests\/sec/ {s += $2} END {printf "%.0f", s}'; }
worst() {
  local f
  for f in "$out/$1-$2-"*.txt; do micros "$(field "$3" "$f")"; done | sort -g | tail -1
}
non2xx() { cat "$out/$1-$2-"*.txt | awk '/Non-2xx/ {s += $NF} END {print s + 0}'; }
tag() { echo "${1%:*}${1#*:}-r$2"; }

{
  echo "# Backends and instances under load ($(date -u +%F), $(nproc) cores shared by PostgreSQL, the instances and wrk)"
  echo
  echo "Network: $(basename "$scenario") (stock x1000, no capacity limits); carts: its orders, round-robin."
  echo "One wrk (one thread) per instance, $connections connections for quotes and $order_connections for orders"
  echo "split among the instances; ${seconds} s each, $rounds alternated rounds. PostgreSQL $(psql -tA "$pgserver" -c 'SHOW server_version') on"
  echo "loopback runs with fsync off (a throw-away cluster); SQLite runs in WAL with synchronous=NORMAL."
  echo "Latency is the slowest instance's percentile. Medians over the rounds; the ratio to SQLite x1 is the"
  echo "median of each round's ratio."
  echo
  echo "| configuration | quotes/s | p50 | p99 | x SQLite | orders/s | p50 | p99 | x SQLite | non-2xx orders |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for config in "${configs[@]}"; do
    row="| ${config%:*} x${config#*:}"
    for kind in quotes orders; do
      rps=$(for r in $(seq "$rounds"); do sum "$kind" "$(tag "$config" "$r")"; echo; done | median)
      p50=$(for r in $(seq "$rounds"); do worst "$kind" "$(tag "$config" "$r")" '^ +50%'; done | median)
      p99=$(for r in $(seq "$rounds"); do worst "$kind" "$(tag "$config" "$r")" '^ +99%'; done | median)
      ratio=$(for r in $(seq "$rounds"); do
        awk -v x="$(sum "$kind" "$(tag sqlite:1 "$r")")" -v y="$(sum "$kind" "$(tag "$config" "$r")")" \
          'BEGIN { printf "%.3f\n", y / x }'
      done | median)
      row="$row | $rps | $(awk -v v="$p50" 'BEGIN {printf "%.2f ms", v / 1000}') | $(awk -v v="$p99" 'BEGIN {printf "%.2f ms", v / 1000}') | $ratio"
    done
    bad=$(for r in $(seq "$rounds"); do non2xx orders "$(tag "$config" "$r")"; done | awk '{s += $1} END {print s}')
    echo "$row | $bad |"
  done
  echo
  echo "db check after the rounds: SQLite $("$bin" db check --db "$out/load.sqlite" 2>&1 | tail -1);" \
    "PostgreSQL $("$bin" db check --db "$pgdb" 2>&1 | tail -1)"
  echo
  python3 scripts/load/faults.py "$bin" "$out/scenario.json" "$scenario" "$pgserver" "$out/faults" "$cycles"
} | tee "$out/report.md"
