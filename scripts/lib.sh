# Shared by the benchmark scripts (sourced, not run).

# start_server BIN DB LOG [ARGS...]: starts `omniroute serve ARGS` on a free port in the
# background; sets $server (its pid) and $url, and stops it when the script exits.
start_server() {
  "$1" serve --db "$2" --port 0 --log-level warning "${@:4}" >"$3" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 600); do grep -q "on http://" "$3" && break; sleep 0.1; done
  url="http://127.0.0.1:$(grep -o "on http://127.0.0.1:[0-9]*" "$3" | grep -o "[0-9]*$")"
}

# stop_server: stops the server start_server started.
stop_server() {
  kill "$server"
  wait "$server" 2>/dev/null || true
  trap - EXIT
}

# prepare_load OUT SCENARIO: a release build ($bin), a fresh OUT holding the scenario with stock
# that lasts (x1000, no capacity limits), its carts for wrk ($CARTS) and a database seeded from it
# (OUT/load.sqlite). Installs wrk when missing.
prepare_load() {
  command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  bash scripts/bootstrap.sh
  swift build -c release --scratch-path "${SCRATCH:-.build}" >/dev/null
  bin="${SCRATCH:-.build}/release/omniroute"
  rm -rf "$1" && mkdir -p "$1"
  python3 scripts/load/prepare.py "$2" "$1/scenario.json" "$1/carts.lua" 1000
  "$bin" db init --seed "$1/scenario.json" --db "$1/load.sqlite" --clock scenario >/dev/null
  export CARTS="$PWD/$1/carts.lua"
}

# field PATTERN FILE: the second column of the line of wrk's output matching PATTERN.
field() { grep -E "$1" "$2" | awk '{print $2}'; }

# micros VALUE: wrk's latency (850.00us, 1.20ms, 2.00s) in microseconds.
micros() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else print n * 1e6 }'
}

# median: the median of the numbers on stdin, one per line.
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
