#!/usr/bin/env bash
# Start (or reuse) a throwaway local PostgreSQL on 127.0.0.1 for the test suite and print its
# SQLAlchemy URL. Uses Debian's PostgreSQL binaries; as root the cluster runs as user postgres.
set -euo pipefail
PORT=${HUIQI_PG_PORT:-55432}
DIR=${HUIQI_PG_DIR:-/tmp/huiqi-pg-$PORT}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  mkdir -p "$DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
  [ -f "$DIR/data/PG_VERSION" ] || as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >&2
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
fi
for db in huiqi_test huiqi_rasa_test; do
  as_pg "$PGBIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
    || as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$db" >&2
done
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/huiqi_test"
