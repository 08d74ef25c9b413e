#!/usr/bin/env bash
# Several instances on one database, for a person to try: a throw-away PostgreSQL cluster on
# loopback (scripts/postgres.sh), seeded from a scenario, and three route API instances on
# three ports sharing it. Ctrl-C stops the instances and the cluster.
#   bash scripts/cluster.sh [SCENARIO] [FIRST_PORT]      (defaults: scenarios/east-medium.json 8081)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/east-medium.json}
first=${2:-8081}
bash scripts/bootstrap.sh
swift build -c release --product omniroute >&2
bin=$(swift build -c release --show-bin-path)/omniroute
dir=$(mktemp -d /tmp/omniroute-cluster-XXXXXX)
chmod 755 "$dir"
server=$(bash scripts/postgres.sh start "$dir/data" "${OMNIROUTE_CLUSTER_PG_PORT:-55433}")
db="${server%/postgres}/omniroute"
psql -q "$server" -c "CREATE DATABASE omniroute"
"$bin" db init --seed "$scenario" --db "$db" >&2
pids=()
stop() {
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  bash scripts/postgres.sh stop "$dir/data"
  rm -rf "$dir"
}
trap stop EXIT INT TERM
for i in 0 1 2; do
  "$bin" serve --db "$db" --port $((first + i)) &
  pids+=($!)
done
echo "three instances on $db: http://127.0.0.1:$first, :$((first + 1)), :$((first + 2)) (Ctrl-C stops them)" >&2
wait
