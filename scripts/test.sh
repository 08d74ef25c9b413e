#!/usr/bin/env bash
# Runs the whole test suite (installs the system libraries first when missing), then the
# store and API suites a second time on PostgreSQL: a throw-away cluster on loopback
# (scripts/postgres.sh) unless OMNIROUTE_TEST_POSTGRES_URL names a server already.
# When no server can be started, the PostgreSQL run is skipped, saying so loudly; with
# OMNIROUTE_REQUIRE_POSTGRES=1 (CI) that is a failure instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
cluster=""
if [ -z "${OMNIROUTE_TEST_POSTGRES_URL:-}" ]; then
  cluster=$(mktemp -d /tmp/omniroute-pg-XXXXXX)
  chmod 755 "$cluster"  # the server runs as another user when this is root
  port=$((56000 + RANDOM % 4000))
  if url=$(bash scripts/postgres.sh start "$cluster/data" "$port"); then
    export OMNIROUTE_TEST_POSTGRES_URL="$url"
    trap 'bash scripts/postgres.sh stop "$cluster/data"; rm -rf "$cluster"' EXIT
  else
    rm -rf "$cluster"
    cluster=""
  fi
fi
if [ -z "${OMNIROUTE_TEST_POSTGRES_URL:-}" ]; then
  echo "################################################################################" >&2
  echo "# NO POSTGRESQL: the PostgreSQL backend's tests are SKIPPED (no server started) #" >&2
  echo "################################################################################" >&2
  [ "${OMNIROUTE_REQUIRE_POSTGRES:-0}" = 1 ] && exit 1
fi
swift test "$@"
if [ -n "${OMNIROUTE_TEST_POSTGRES_URL:-}" ]; then
  echo "== the store and API suites again, on PostgreSQL ($OMNIROUTE_TEST_POSTGRES_URL)" >&2
  OMNIROUTE_TEST_BACKEND=postgres swift test --skip-build --filter "OmniRouteStoreTests|OmniRouteServerTests" "$@"
fi
