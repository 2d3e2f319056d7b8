#!/usr/bin/env bash
# Runs the storage adapter's tests against a throwaway PostgreSQL server: initdb (as the
# `postgres` user) into a temporary directory, listening on 127.0.0.1 only, on a free port, trust
# authentication and fsync off (acceptable for a local test server only); then removes it, however
# the tests end. Extra arguments go to vitest (default: the adapter's folder); after `--run`, they
# are a command to run instead, with LIAISON_PG_URL set (CI runs the whole suite that way).
#
#   npm run test:pg
#   npm run test:pg -- packages/adapters/sql/test/SqlStorage.test.ts
#   bash scripts/test-pg.sh --run npm test
#
# Needs root (to act as `postgres`). Where PostgreSQL is missing it is installed with apt-get.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "test-pg: run as root (the server runs as the postgres user), or set LIAISON_PG_URL and run npx vitest run packages/adapters/sql" >&2
  exit 2
fi

find_bin() {
  command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}
INITDB=$(find_bin initdb || true)
if [ -z "$INITDB" ]; then
  echo "test-pg: PostgreSQL is not installed; installing it with apt-get" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  INITDB=$(find_bin initdb)
fi
PG_CTL="$(dirname "$INITDB")/pg_ctl"
id -u postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres

PGDATA=$(mktemp -d -t liaison-pg-XXXXXX)
PGPORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

cleanup() {
  runuser -u postgres -- "$PG_CTL" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}
trap cleanup EXIT INT TERM

chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
runuser -u postgres -- "$INITDB" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PG_CTL" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off" start >/dev/null

export LIAISON_PG_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
echo "test-pg: PostgreSQL $("$(dirname "$INITDB")/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (data in $PGDATA, removed on exit)"

if [ "${1:-}" = "--run" ]; then
  shift
  "$@"
else
  if [ "$#" -eq 0 ]; then set -- packages/adapters/sql; fi
  npx vitest run "$@"
fi
