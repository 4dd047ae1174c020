# Sourced by the ops/ scripts: makes sure a PostgreSQL server is reachable and exports
# ConnectionStrings__Postgres for it.
#
# 1. ConnectionStrings__Postgres already set and reachable: use it as it is.
# 2. Otherwise: install PostgreSQL from the OS packages if it is missing, initdb a private cluster
#    under $CLOUDNET_PGDATA (default: <repo>/.pgdata, git-ignored) on a free loopback port, start it
#    (as the postgres user when we are root), create the database and export the connection string.
#    A second run reuses the cluster (and the port it was given).

cloudnet_repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

cloudnet_log() { printf '[postgres] %s\n' "$*" >&2; }

cloudnet_pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  return 1
}

cloudnet_can_connect() {
  # Uses the .NET-style connection string's Host/Port/Username/Password/Database through psql.
  local cs="$1" host port user pass db
  host=$(sed -n 's/.*[Hh]ost=\([^;]*\).*/\1/p' <<<"$cs"); host=${host:-127.0.0.1}
  port=$(sed -n 's/.*[Pp]ort=\([^;]*\).*/\1/p' <<<"$cs"); port=${port:-5432}
  user=$(sed -n 's/.*\([Uu]sername\|User ID\|[Uu]ser\)=\([^;]*\).*/\2/p' <<<"$cs"); user=${user:-postgres}
  pass=$(sed -n 's/.*[Pp]assword=\([^;]*\).*/\1/p' <<<"$cs")
  db=$(sed -n 's/.*[Dd]atabase=\([^;]*\).*/\1/p' <<<"$cs"); db=${db:-postgres}
  command -v psql >/dev/null || return 1
  PGPASSWORD="$pass" PGCONNECT_TIMEOUT=3 psql -h "$host" -p "$port" -U "$user" -d "$db" -Atqc 'select 1' >/dev/null 2>&1
}

cloudnet_free_port() {
  local port=${1:-54329}
  while (echo >/dev/tcp/127.0.0.1/"$port") >/dev/null 2>&1; do port=$((port + 1)); done
  echo "$port"
}

# Runs a command as the cluster's owner: the postgres user when we are root (PostgreSQL refuses root).
cloudnet_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cloudnet_ensure_postgres() {
  if [ -n "${ConnectionStrings__Postgres:-}" ] && cloudnet_can_connect "$ConnectionStrings__Postgres"; then
    cloudnet_log "using ConnectionStrings__Postgres as given"
    return 0
  fi
  [ -n "${ConnectionStrings__Postgres:-}" ] && cloudnet_log "ConnectionStrings__Postgres is set but not reachable; starting a private cluster"

  local bin
  if ! bin=$(cloudnet_pg_bin); then
    cloudnet_log "PostgreSQL is not installed: installing it from the OS packages"
    if [ "$(id -u)" != 0 ]; then cloudnet_log "need root to apt-get install postgresql"; return 1; fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(cloudnet_pg_bin) || { cloudnet_log "postgresql install failed"; return 1; }
  fi
  # The Debian package may start its own cluster on 5432; we do not need it and leave it alone.

  local data=${CLOUDNET_PGDATA:-$(cloudnet_repo_root)/.pgdata}
  mkdir -p "$data"
  local cluster="$data/cluster" port
  if [ -f "$data/port" ]; then port=$(cat "$data/port"); fi

  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; fi
  if [ ! -f "$cluster/PG_VERSION" ]; then
    cloudnet_log "initdb $cluster"
    cloudnet_as_owner "$bin/initdb" -D "$cluster" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
      || { cat "$data/initdb.log" >&2; return 1; }
    cat >>"$cluster/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data'
max_connections = 300
shared_buffers = 256MB
CONF
  fi

  if cloudnet_as_owner "$bin/pg_ctl" -D "$cluster" status >/dev/null 2>&1 && [ -n "${port:-}" ]; then
    cloudnet_log "cluster already running on port $port"
  else
    [ -n "${port:-}" ] && (echo >/dev/tcp/127.0.0.1/"$port") >/dev/null 2>&1 && port=""
    port=${port:-$(cloudnet_free_port 54329)}
    echo "$port" >"$data/port"
    cloudnet_log "starting cluster on 127.0.0.1:$port"
    cloudnet_as_owner "$bin/pg_ctl" -D "$cluster" -l "$data/postgres.log" -o "-p $port" -w -t 60 start >/dev/null \
      || { tail -20 "$data/postgres.log" >&2; return 1; }
  fi

  local db=${CLOUDNET_DATABASE:-cloudnet}
  if ! psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create database \"$db\"" >/dev/null
  fi
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$port;Database=$db;Username=postgres;Password=postgres"
  cloudnet_log "ready: Host=127.0.0.1;Port=$port;Database=$db"
}
