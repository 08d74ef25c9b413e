#!/usr/bin/env bash
# Property-based conformance run of the route API: schemathesis (from PyPI) generates
# requests from the served OpenAPI document, valid and invalid, against a server on a
# fresh database seeded with northeast-small, and checks every answer against the
# document. Fails on any 5xx and on any conformance failure not accepted (with its
# reason) in scripts/schemathesis/schemathesis.toml.
#   bash scripts/schemathesis.sh [EXAMPLES]    # examples per operation and phase (default 25)
# Writes out/schemathesis/ (JUnit and NDJSON reports, the server log).
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-25}
if ! python3 -c "import schemathesis" 2>/dev/null; then
  python3 -m pip install -q schemathesis >/dev/null 2>&1 || { echo "schemathesis could not be installed" >&2; exit 1; }
fi
out=out/schemathesis
rm -rf "$out" && mkdir -p "$out"
swift build --product omniroute >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
bin=.build/debug/omniroute
"$bin" db init --seed scenarios/northeast-small.json --db "$out/api.sqlite" --clock scenario >/dev/null
# Every request carries an admin key (unlimited), so that access control runs on every one;
# schemathesis' ignored_auth check also sends them without it and expects the 401.
secret=$("$bin" keys create --name schemathesis --role admin --db "$out/api.sqlite" 2>/dev/null)
# The server's first line is "listening on HOST:PORT".
exec 3< <(exec "$bin" serve --db "$out/api.sqlite" --port 0 --log-level warning --rate-limit admin=off \
  2>"$out/server.log")
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
read -r -t 120 first <&3 || { echo "the server did not start:" >&2; cat "$out/server.log" >&2; exit 1; }
url="http://${first#listening on }"
status=0
python3 -m schemathesis.cli --config-file scripts/schemathesis/schemathesis.toml run "$url/openapi.yaml" \
  --checks all --max-examples "$examples" --seed 1 --workers 2 --request-timeout 30 \
  --header "Authorization: Bearer $secret" \
  --report junit,ndjson --report-dir "$out" --no-color >"$out/run.txt" 2>&1 || status=$?
sed -n '/SUMMARY/,$p' "$out/run.txt"
kill -TERM $server
wait $server 2>/dev/null || true
trap - EXIT
"$bin" db check --db "$out/api.sqlite" >/dev/null || { echo "db check failed after the run" >&2; status=1; }
if grep -q "Server error" "$out/run.txt"; then echo "the server answered 5xx" >&2; status=1; fi
exit $status
