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
