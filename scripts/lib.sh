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

# alternate A B ROUNDS: calls the script's `round MODE N` for N = 1…ROUNDS, A then B in each.
alternate() {
  for n in $(seq "$3"); do
    for mode in "$1" "$2"; do
      echo "round $n: $mode"
      round "$mode" "$n"
    done
  done
}

# ab_report OUT A B ROUNDS: the table of alternated rounds from OUT/quotes-MODE-N.txt (wrk --latency),
# the medians of each mode, and B/A as the ratio of the medians and as the median of each round's
# ratio (rounds on a shared machine drift together, so the second is the steadier figure).
ab_report() {
  local out=$1 a=$2 b=$3 rounds=$4 n mode
  echo "| round | $a: quotes/s | p50 | p99 | $b: quotes/s | p50 | p99 |"
  echo "|---|---|---|---|---|---|---|"
  for n in $(seq "$rounds"); do
    local fa="$out/quotes-$a-$n.txt" fb="$out/quotes-$b-$n.txt"
    echo "| $n | $(field '^Requests/sec' "$fa") | $(field '^ +50%' "$fa") | $(field '^ +99%' "$fa")" \
      "| $(field '^Requests/sec' "$fb") | $(field '^ +50%' "$fb") | $(field '^ +99%' "$fb") |"
  done
  local rps=() p99=()
  for mode in "$a" "$b"; do
    rps+=("$(for n in $(seq "$rounds"); do field '^Requests/sec' "$out/quotes-$mode-$n.txt"; done | median)")
    p99+=("$(for n in $(seq "$rounds"); do micros "$(field '^ +99%' "$out/quotes-$mode-$n.txt")"; done | median)")
  done
  local ratio ratio99
  ratio=$(for n in $(seq "$rounds"); do
    awk -v x="$(field '^Requests/sec' "$out/quotes-$a-$n.txt")" \
      -v y="$(field '^Requests/sec' "$out/quotes-$b-$n.txt")" 'BEGIN { print y / x }'
  done | median)
  ratio99=$(for n in $(seq "$rounds"); do
    awk -v x="$(micros "$(field '^ +99%' "$out/quotes-$a-$n.txt")")" \
      -v y="$(micros "$(field '^ +99%' "$out/quotes-$b-$n.txt")")" 'BEGIN { print y / x }'
  done | median)
  echo
  echo "Medians: $a ${rps[0]} quotes/s, p99 ${p99[0]} µs; $b ${rps[1]} quotes/s, p99 ${p99[1]} µs."
  awk -v a="$a" -v b="$b" -v x="${rps[0]}" -v y="${rps[1]}" -v xp="${p99[0]}" -v yp="${p99[1]}" \
    -v r="$ratio" -v rp="$ratio99" 'BEGIN {
      printf "%s/%s: throughput %.3f, p99 %.3f (ratio of the medians); %.3f, %.3f (median of the rounds'"'"' ratios).\n",
        b, a, y / x, yp / xp, r, rp }'
}
