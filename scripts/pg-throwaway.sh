# Sourced by scripts/test-postgres.sh and scripts/bench-server.sh: a throwaway PostgreSQL cluster
# in a temporary directory, listening on 127.0.0.1 only, started by `pg_start PORT [SETTING...]`
# and removed by `pg_stop` (call it from an EXIT trap). PostgreSQL refuses to run as root, so as
# root the cluster belongs to the `postgres` user the Debian package creates; as anyone else it is
# that user's own. The superuser's password is random, so no other local user can connect.
# Sets PG_URL (postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres), PG_TMP and PG_BIN.

pg_as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

PG_TMP="" PG_URL="" PG_BIN=""
pg_start() {
  local port=$1; shift
  PG_BIN=$(pg_find_bin) || { echo "PostgreSQL's initdb and pg_ctl are missing (scripts/setup.sh postgres)" >&2; return 1; }
  if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
    echo "port ${port} on 127.0.0.1 is in use: the throwaway PostgreSQL needs it" >&2; return 1
  fi
  PG_TMP=$(mktemp -d)
  local password
  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$PG_TMP/pwfile"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$PG_TMP"
  pg_as_owner "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A scram-sha-256 --pwfile="$PG_TMP/pwfile" \
    -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  local options="-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${PG_TMP}"
  local setting
  for setting in "$@"; do options="$options -c $setting"; done
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -o "$options" -w -t 60 start >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; return 1; }
  PG_URL="postgres://postgres:${password}@127.0.0.1:${port}/postgres"
}

pg_stop() {
  if [ -n "$PG_TMP" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
    PG_TMP=""
  fi
}
