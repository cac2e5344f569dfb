#!/usr/bin/env bash
# ARA as production deploys it, for benchmarks: gunicorn (Debian, 4 sync workers) serving ARA 1.5.8
# on a private PostgreSQL cluster (initdb in DIR, never the system one) with persistent database
# connections, both on free loopback ports. The same set-up as the tests' AraPostgresServer.
#
# Usage: bench/replay/ara-postgres.sh start DIR    prints the server's URL; DIR must not exist
#        bench/replay/ara-postgres.sh stop DIR     stops both servers and removes DIR
# Knobs: WORKERS=4 (gunicorn workers), ACCESS_LOG=1 (gunicorn logs every request to DIR/access.log)
set -euo pipefail
cmd=${1:?usage: ara-postgres.sh start|stop DIR} dir=${2:?usage: ara-postgres.sh start|stop DIR}
WORKERS=${WORKERS:-4}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
# PostgreSQL refuses to run as root: then it runs as the user the Debian package creates.
as_owner() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --clear-groups -- "$@"; else "$@"; fi; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

case "$cmd" in
start)
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || { echo "ara-postgres: no PostgreSQL server; apt-get install -y postgresql" >&2; exit 2; }
  command -v gunicorn >/dev/null || { echo "ara-postgres: gunicorn is missing; apt-get install -y gunicorn" >&2; exit 2; }
  /usr/bin/python3 -c 'import psycopg2' 2>/dev/null || { echo "ara-postgres: apt-get install -y python3-psycopg2" >&2; exit 2; }
  mkdir "$dir"; chmod 755 "$dir"; mkdir "$dir/pg" "$dir/ara"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir/pg"
  as_owner "$pg_bin/initdb" -D "$dir/pg/data" -U ara -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  pg_port=$(free_port)
  as_owner "$pg_bin/postgres" -D "$dir/pg/data" -h 127.0.0.1 -p "$pg_port" -k "$dir/pg" >"$dir/postgres.log" 2>&1 &
  echo $! >"$dir/postgres.pid"
  for _ in $(seq 1 300); do "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && break; sleep 0.1; done
  "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U ara ara
  cat >"$dir/env" <<ENV
ARA_BASE_DIR=$dir/ara
ARA_DEBUG=false
ARA_LOG_LEVEL=WARNING
ARA_DATABASE_ENGINE=django.db.backends.postgresql
ARA_DATABASE_NAME=ara
ARA_DATABASE_USER=ara
ARA_DATABASE_HOST=127.0.0.1
ARA_DATABASE_PORT=$pg_port
ARA_DATABASE_CONN_MAX_AGE=60
DJANGO_SETTINGS_MODULE=ara.server.settings
ENV
  # ara-manage 1.5.8 refuses Debian's psycopg2 2.9 by an outdated version check; Django's command does not.
  (cd "$dir" && env $(cat "$dir/env") /usr/bin/python3 -m django migrate >"$dir/migrate.log" 2>&1) \
    || { cat "$dir/migrate.log" >&2; exit 1; }
  port=$(free_port)
  access=(); [ -n "${ACCESS_LOG:-}" ] && access=(--access-logfile "$dir/access.log")
  (cd "$dir" && exec env $(cat "$dir/env") gunicorn --workers "$WORKERS" --bind "127.0.0.1:$port" "${access[@]}" ara.server.wsgi \
    >"$dir/gunicorn.log" 2>&1) &
  echo $! >"$dir/gunicorn.pid"
  for _ in $(seq 1 300); do
    /usr/bin/python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/api/', timeout=2)" \
      2>/dev/null && { echo "http://127.0.0.1:$port"; exit 0; }
    sleep 0.2
  done
  cat "$dir/gunicorn.log" >&2; exit 1
  ;;
stop)
  [ -d "$dir" ] || exit 0
  if [ -f "$dir/gunicorn.pid" ]; then
    pid=$(cat "$dir/gunicorn.pid"); kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -f "$dir/postgres.pid" ] && kill -0 "$(cat "$dir/postgres.pid")" 2>/dev/null; then
    as_owner "$pg_bin/pg_ctl" -D "$dir/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1 || kill "$(cat "$dir/postgres.pid")" 2>/dev/null || true
  fi
  rm -rf "$dir"
  ;;
*) echo "usage: ara-postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
