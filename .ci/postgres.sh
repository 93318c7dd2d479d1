#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the sync history tests.
# Installs PostgreSQL when missing (apt, as root), creates a cluster in a temp folder on
# first use, starts it if it is not running, and prints its URL on stdout:
#     export PMKIT_TEST_POSTGRES_URL=$(bash .ci/postgres.sh)
# Idempotent: a second call reuses the running server. Stop it with:
#     bash .ci/postgres.sh stop
set -euo pipefail

dir=${PMKIT_PG_DIR:-/tmp/pmkit-postgres}
database=pmkit_test

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }
  else
    echo "postgres.sh: PostgreSQL is not installed (run as root to install it)" >&2
    exit 1
  fi
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# initdb and the server refuse to run as root: use the postgres account then.
as_owner=()
if [ "$(id -u)" = "0" ]; then
  as_owner=(runuser -u postgres --)
fi
mkdir -p "$dir"
if [ "$(id -u)" = "0" ]; then chown postgres: "$dir"; fi

if [ "${1:-}" = "stop" ]; then
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
  "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-locale \
    -E UTF8 >/dev/null
fi
if [ ! -f "$dir/port" ]; then
  # A free port chosen once, then kept, so later calls find the same server.
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    >"$dir/port"
fi
port=$(cat "$dir/port")

if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
fi

exists=$("${as_owner[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = '$database'")
if [ "$exists" != "1" ]; then
  "${as_owner[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
fi
echo "postgresql://postgres@127.0.0.1:$port/$database"
