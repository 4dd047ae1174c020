# shellcheck shell=bash
# Sourced by ops/run --replicas N and ops/chaos failover: a replicated PostgreSQL on loopback, run by pg_auto_failover
# (Debian's postgresql-NN-auto-failover and pg-auto-failover-cli): a monitor, a primary and N synchronous standbys.
#
# cloudnet_ensure_replicas N   creates the formation under $CLOUDNET_PGDATA/replicas (default <repo>/.pgdata/replicas)
#                              on the first run, starts whatever keeper is not running, waits for one primary and N
#                              secondaries, and exports
#                                ConnectionStrings__Postgres       every node, Target Session Attributes=primary
#                                ConnectionStrings__PostgresReads  every node, Target Session Attributes=prefer-standby
#                              (the second one turns on the service's read routing: docs/replicas.md).
# cloudnet_replicas_stop       stops every keeper (and so its PostgreSQL) of the formation.
# cloudnet_replicas_state      the monitor's view: one line per node, "name port reported-state assigned-state".
#
# Each keeper (pg_autoctl run) is the leader of a session of its own, its pid in <dir>/<node>.pid: ops/chaos kills a
# node whole (keeper and PostgreSQL, kill -9 on the session) as a host dies. The monitor's timeouts are shortened from
# pg_auto_failover's defaults (20 s to call a node unhealthy, 30 s before the standby may take writes) to fit one
# machine's loopback; see docs/replicas.md for what each one is and what the defaults give.

# shellcheck source=postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"

cloudnet_replicas_dir() { echo "${CLOUDNET_PGDATA:-$(cloudnet_repo_root)/.pgdata}/replicas"; }

# pg_autoctl keeps its configuration, state and pid files under the XDG folders of its user: here, inside the
# formation's folder, so that two checkouts (or a deleted folder) never see each other's.
cloudnet_autoctl() {
  local dir bin
  dir=$(cloudnet_replicas_dir)
  bin=$(cloudnet_pg_bin)
  cloudnet_as_owner env PATH="$bin:$PATH" XDG_CONFIG_HOME="$dir/xdg/config" XDG_DATA_HOME="$dir/xdg/data" \
    XDG_RUNTIME_DIR="$dir/xdg/run" PG_CONFIG="$bin/pg_config" pg_autoctl "$@"
}

cloudnet_replicas_install() {
  local bin major
  if ! bin=$(cloudnet_pg_bin) || ! command -v pg_autoctl >/dev/null; then
    if [ "$(id -u)" != 0 ]; then cloudnet_log "need root to apt-get install postgresql and pg_auto_failover"; return 1; fi
    cloudnet_log "installing PostgreSQL and pg_auto_failover from the OS packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql pg-auto-failover-cli >/dev/null
    bin=$(cloudnet_pg_bin) || { cloudnet_log "postgresql install failed"; return 1; }
  fi
  major=$("$bin/pg_config" --version | sed 's/[^0-9]*\([0-9]*\).*/\1/')
  if [ ! -f "/usr/share/postgresql/$major/extension/pgautofailover.control" ]; then
    if [ "$(id -u)" != 0 ]; then cloudnet_log "need root to apt-get install postgresql-$major-auto-failover"; return 1; fi
    cloudnet_log "installing postgresql-$major-auto-failover"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major-auto-failover" >/dev/null ||
      { cloudnet_log "postgresql-$major-auto-failover install failed"; return 1; }
  fi
}

cloudnet_replicas_running() { # node
  local pidfile
  pidfile="$(cloudnet_replicas_dir)/$1.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

cloudnet_replicas_start_keeper() { # node
  local dir=$(cloudnet_replicas_dir) node=$1
  cloudnet_replicas_running "$node" && return 0
  # setsid: the keeper leads a session of its own, which its PostgreSQL joins (kill -9 on it takes the node down whole).
  cloudnet_as_owner bash -c "cd '$dir' && exec setsid env PATH='$(cloudnet_pg_bin):$PATH' XDG_CONFIG_HOME='$dir/xdg/config' \
    XDG_DATA_HOME='$dir/xdg/data' XDG_RUNTIME_DIR='$dir/xdg/run' pg_autoctl run --pgdata '$dir/$node' \
    >>'$dir/$node.log' 2>&1 </dev/null & echo \$! >'$dir/$node.pid'"
}

# Settings every node gets on top of pg_auto_failover's (which would size shared_buffers for a machine of its own).
cloudnet_replicas_tune() { # pgdata
  local dir=$(cloudnet_replicas_dir)
  grep -q '^# CloudNet' "$1/postgresql.conf" && return 0
  cloudnet_as_owner tee -a "$1/postgresql.conf" >/dev/null <<CONF
# CloudNet (ops/lib/replicas.sh): a share of one shared machine
shared_buffers = 256MB
effective_cache_size = 1GB
maintenance_work_mem = 64MB
work_mem = 4MB
max_connections = 300
wal_keep_size = 1GB
unix_socket_directories = '$dir'
CONF
}

cloudnet_replicas_state() {
  psql -h 127.0.0.1 -p "$(cat "$(cloudnet_replicas_dir)/monitor.port")" -U autoctl_node -d pg_auto_failover -AtF ' ' -c \
    "select nodename, nodeport, reportedstate, goalstate from pgautofailover.node order by nodeid" 2>/dev/null
}

cloudnet_ensure_replicas() { # standbys (default 1)
  local standbys=${1:-1} dir bin node port monitor_port monitor nodes=() hosts="" i
  cloudnet_replicas_install || return 1
  bin=$(cloudnet_pg_bin)
  dir=$(cloudnet_replicas_dir)
  mkdir -p "$dir/xdg/config" "$dir/xdg/data" "$dir/xdg/run"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
  chmod 700 "$dir/xdg/run"

  if [ ! -f "$dir/monitor/PG_VERSION" ]; then
    monitor_port=$(cloudnet_free_port 55400)
    echo "$monitor_port" >"$dir/monitor.port"
    cloudnet_log "pg_auto_failover monitor on 127.0.0.1:$monitor_port"
    cloudnet_autoctl create monitor --pgdata "$dir/monitor" --pgport "$monitor_port" --hostname 127.0.0.1 \
      --auth trust --no-ssl >"$dir/monitor-create.log" 2>&1 || { tail -20 "$dir/monitor-create.log" >&2; return 1; }
    cloudnet_autoctl config set --pgdata "$dir/monitor" postgresql.listen_addresses 127.0.0.1 >/dev/null
    cloudnet_replicas_tune "$dir/monitor"
    # Failure detection and promotion, shortened for loopback (defaults in brackets): a health check every second
    # [5 s], a node unhealthy after 3 s without answers [20 s], and the standby allowed to take writes 8 s after the
    # primary was last heard of [30 s]. The last one must stay above the keepers' network_partition_timeout (5 s
    # here, set below [20 s]): a primary cut off from the monitor and its standbys stops taking writes by then.
    cloudnet_as_owner tee -a "$dir/monitor/postgresql.conf" >/dev/null <<'CONF'
pgautofailover.health_check_period = 1000
pgautofailover.health_check_timeout = 1000
pgautofailover.health_check_max_retries = 1
pgautofailover.health_check_retry_delay = 500
pgautofailover.node_considered_unhealthy_timeout = 3000
pgautofailover.primary_demote_timeout = 8000
CONF
  fi
  monitor_port=$(cat "$dir/monitor.port")
  monitor="postgres://autoctl_node@127.0.0.1:$monitor_port/pg_auto_failover?sslmode=disable"
  cloudnet_replicas_start_keeper monitor
  for _ in $(seq 120); do cloudnet_replicas_state >/dev/null && break; sleep 0.5; done

  local db=${CLOUDNET_DATABASE:-cloudnet}
  for i in $(seq 1 $((standbys + 1))); do
    node="node$i"
    nodes+=("$node")
    if [ ! -f "$dir/$node/PG_VERSION" ]; then
      port=$(cloudnet_free_port $((monitor_port + i)))
      echo "$port" >"$dir/$node.port"
      cloudnet_log "pg_auto_failover node $node on 127.0.0.1:$port"
      # The first node initdb's and becomes the primary; each further one is a pg_basebackup of it (settings included).
      cloudnet_autoctl create postgres --pgdata "$dir/$node" --pgport "$port" --listen 127.0.0.1 --hostname 127.0.0.1 \
        --name "$node" --dbname "$db" --auth trust --no-ssl --monitor "$monitor" >"$dir/$node-create.log" 2>&1 \
        || { tail -20 "$dir/$node-create.log" >&2; return 1; }
      cloudnet_autoctl config set --pgdata "$dir/$node" timeout.network_partition_timeout 5 >/dev/null
      cloudnet_replicas_tune "$dir/$node"
      cloudnet_replicas_start_keeper "$node"
      # A new node, one at a time: the next one copies this one once it is a primary or a secondary.
      local state=""
      for _ in $(seq 240); do
        state=$(cloudnet_replicas_state | awk -v n="$node" '$1 == n && $3 == $4 && ($3 == "single" || $3 == "primary" || $3 == "secondary" || $3 == "wait_primary") { print $3 }')
        [ -n "$state" ] && break
        sleep 0.5
      done
      [ -n "$state" ] || { cloudnet_log "$node did not come up; see $dir/$node.log"; cloudnet_replicas_state >&2; return 1; }
    fi
    # An existing node: every keeper is started before any is waited for (the monitor may need both to settle a
    # failover it began while they were stopping).
    cloudnet_replicas_start_keeper "$node"
    hosts+="${hosts:+,}127.0.0.1:$(cat "$dir/$node.port")"
  done
  # Ready when one node is primary and every other one secondary (the monitor says so once they have caught up).
  local ready=""
  for _ in $(seq 480); do
    [ "$(cloudnet_replicas_state | awk '$3 == $4 && $3 == "primary"' | wc -l)" = 1 ] &&
      [ "$(cloudnet_replicas_state | awk '$3 == $4 && $3 == "secondary"' | wc -l)" = "$standbys" ] && { ready=1; break; }
    sleep 0.5
  done
  [ -n "$ready" ] || { cloudnet_log "no primary with $standbys secondaries after 4 minutes; see $dir/*.log"; cloudnet_replicas_state >&2; return 1; }
  cloudnet_replicas_state | sed 's/^/[postgres]   /' >&2

  # Host Recheck Seconds=1: Npgsql caches each host's role (primary, standby, down) this long; after a failover the
  # promoted standby is found as the primary within a second of its promotion.
  local common="Host=$hosts;Database=$db;Username=postgres;Password=postgres;Host Recheck Seconds=1"
  export ConnectionStrings__Postgres="$common;Target Session Attributes=primary"
  export ConnectionStrings__PostgresReads="$common;Target Session Attributes=prefer-standby"
  cloudnet_log "ready: $common (writes: primary; reads: prefer-standby)"
}

cloudnet_replicas_stop() {
  local dir node
  dir=$(cloudnet_replicas_dir)
  # The monitor first: stopped after the primary, it would see the primary gone and start a failover that the next
  # start finds half-done.
  for node in monitor $(ls "$dir" 2>/dev/null | sed -n 's/^\(node[0-9]*\)\.pid$/\1/p'); do
    cloudnet_replicas_running "$node" || continue
    cloudnet_autoctl stop --pgdata "$dir/$node" >/dev/null 2>&1 || kill -TERM "$(cat "$dir/$node.pid")" 2>/dev/null
    for _ in $(seq 100); do cloudnet_replicas_running "$node" || break; sleep 0.1; done
  done
}
