#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite: `start DIR PORT` creates a cluster in DIR
# (trust authentication, listening on 127.0.0.1:PORT only) and starts it; `stop DIR` stops
# it. Prints the SQLAlchemy URL of the `pactwatch` superuser's server on start. Uses the
# Debian packages installed by install-system-deps.sh; initdb refuses to run as root, so
# as root the cluster belongs to the `postgres` system user.
set -euo pipefail

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "postgres-for-tests: PostgreSQL is not installed" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
    dir=$2 port=$3
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
        as_owner "$BIN/initdb" -D "$dir" -U pactwatch --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # Durability is not wanted from a test server; speed is.
    as_owner "$BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start -o \
        "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
    echo "postgresql+psycopg://pactwatch@127.0.0.1:$port/postgres"
    ;;
stop)
    dir=$2
    [ -f "$dir/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    ;;
*)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
