#!/usr/bin/env bash
# Runs the test suite (arguments go to pytest) against a throwaway PostgreSQL server: started
# in a temporary directory on a free port, stopped and removed afterwards, whatever happens.
# Without PostgreSQL installed it says so and exits 0, unless PACTWATCH_REQUIRE_POSTGRES=1
# (CI), which makes that a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if [ "${PACTWATCH_REQUIRE_POSTGRES:-}" = 1 ]; then
        echo "test-with-postgres: PostgreSQL is not installed (deploy/install-system-deps.sh)" >&2
        exit 1
    fi
    echo "test-with-postgres: PostgreSQL not installed; the PostgreSQL pass is skipped"
    exit 0
fi

dir=$(mktemp -d /tmp/pactwatch-pg.XXXXXX)
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
    deploy/postgres-for-tests.sh stop "$dir" || true
    rm -rf "$dir"
}
trap cleanup EXIT
url=$(deploy/postgres-for-tests.sh start "$dir" "$port")
echo "test-with-postgres: $url"
PACTWATCH_TEST_POSTGRES=$url .venv/bin/pytest "$@"
