#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback, for the tests and for trying several instances.
#   bash scripts/postgres.sh start DIR PORT   initialises DIR if empty, starts the server, prints its URL
#   bash scripts/postgres.sh stop DIR         stops it (the data stays in DIR)
# PostgreSQL refuses to run as root: as root, the cluster runs as the system user `omniroute-pg`
# (created when missing). Installs Debian's postgresql when it is missing and apt-get can.
# The cluster trusts every local connection and skips fsync: it is for tests, never for data.
set -euo pipefail
action=${1:?usage: postgres.sh start DIR PORT | stop DIR}
dir=${2:?a data directory}
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] && [ "$action" = start ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } >&2 \
    || { echo "postgres.sh: PostgreSQL is not installed and could not be" >&2; exit 1; }
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u omniroute-pg -- "$@"; else "$@"; fi
}
case "$action" in
  start)
    if [ "$(id -u)" = 0 ] && ! id omniroute-pg >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin omniroute-pg
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown omniroute-pg "$dir"
    chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir" -U omniroute -A trust --no-sync -E UTF8 >/dev/null
    fi
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off \
       -c full_page_writes=off -c max_connections=400" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://omniroute@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -z "$bin" ] || as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: postgres.sh start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
