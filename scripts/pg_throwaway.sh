#!/usr/bin/env bash
# Start (or stop) a throwaway PostgreSQL cluster from the local binaries in a temporary directory.
# "start" prints shell assignments for DATABASE_URL and PG_THROWAWAY_DIR.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "No PostgreSQL server binaries found (install postgresql)." >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$1" in
  start)
    dir=$(mktemp -d /tmp/samhandling-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust --locale=C.UTF-8 >/dev/null
    # A random port may be taken: try a few before giving up.
    for _try in 1 2 3 4 5; do
      port=$(( 20000 + RANDOM % 20000 ))
      if as_pg "$bindir/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null; then
        started=1; break
      fi
    done
    [ "${started:-}" = 1 ] || { echo "Could not start the throwaway PostgreSQL (see $dir/log)." >&2; exit 1; }
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$port/samhandling PG_THROWAWAY_DIR=$dir"
    ;;
  stop)
    as_pg "$bindir/pg_ctl" -D "$2/data" -m fast -w stop >/dev/null || true
    rm -rf "$2"
    ;;
esac
