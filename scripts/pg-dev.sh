#!/usr/bin/env bash
# Start a throwaway PostgreSQL + PostGIS cluster on loopback for Khaldun
# (development and CI) and print its URL on stdout.
#
#   eval "$(scripts/pg-dev.sh start /tmp/khaldun-pg 54329)"   # exports KHALDUN_TEST_PG
#   scripts/pg-dev.sh stop /tmp/khaldun-pg
#
# Needs the Debian packages `postgresql` and `postgresql-15-postgis-3`
# (scripts/pg-dev.sh install installs them). Run as root, the cluster runs
# as the `postgres` system user; as another user, as that user.
set -euo pipefail
cmd=${1:-start}
dir=${2:-/tmp/khaldun-pg}
port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

case "$cmd" in
install)
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql postgresql-15-postgis-3 >&2
  ;;
start)
  [ -n "$bin" ] || { echo "PostgreSQL is not installed (scripts/pg-dev.sh install)" >&2; exit 1; }
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/initdb -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >&2
  fi
  as_owner "$bin/pg_ctl -D '$dir/data' -l '$dir/log' -w -t 60 \
    -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=off -c max_connections=100\" start" >&2
  as_owner "$bin/psql -h 127.0.0.1 -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='khaldun'\"" | grep -q 1 ||
    as_owner "$bin/createdb -h 127.0.0.1 -p $port -U postgres khaldun" >&2
  echo "export KHALDUN_TEST_PG=postgres://postgres@127.0.0.1:$port/khaldun"
  ;;
stop)
  as_owner "$bin/pg_ctl -D '$dir/data' -m fast stop" >&2 || true
  ;;
*)
  echo "usage: $0 install|start|stop [DIR] [PORT]" >&2; exit 2
  ;;
esac
