#!/usr/bin/env bash
# A local multi-silo cluster on PostgreSQL, all on loopback: a throwaway PostgreSQL server, 3 silos and the gateway.
#   scripts/cluster.sh start    build, start everything, wait until the 3 silos are active and the gateway serves HTTP
#   scripts/cluster.sh status   what is running
#   scripts/cluster.sh stop     stop what start started and delete its data
# Ports (environment): OW_PG_PORT (55432), OW_SILO_PORT (11111, +1 per silo), OW_GATEWAY_PORT (30000, +1 per silo),
# OW_HTTP_PORT (5000). State, logs and the database live in OW_CLUSTER_DIR (default /tmp/orleansworkflows-cluster).
# OW_NO_BUILD=1 skips the build (the Debug binaries exist already). OW_GRPC_PORT=4001 also serves the Durable Task SDK's
# gRPC endpoint on the gateway (loopback) and makes every silo run remote work (DurableTaskGrpc:RemoteWorkers=true).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${OW_CLUSTER_DIR:-${TMPDIR:-/tmp}/orleansworkflows-cluster}"
pg_port="${OW_PG_PORT:-55432}"
silo_port="${OW_SILO_PORT:-11111}"
gateway_port="${OW_GATEWAY_PORT:-30000}"
http_port="${OW_HTTP_PORT:-5000}"
grpc_port="${OW_GRPC_PORT:-}"
silos=3
cluster_id="local"
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bin/initdb" ] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)." >&2; exit 1; }
  echo "$bin"
}

as_postgres() {
  # PostgreSQL refuses to run as root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

psql_value() {
  as_postgres "$(pg_bin)/psql" -h "$dir" -p "$pg_port" -U postgres -d postgres -tAc "$1" 2>/dev/null || echo "?"
}

start_process() {
  local name=$1; shift
  nohup dotnet "$@" > "$dir/$name.log" 2>&1 &
  echo $! > "$dir/$name.pid"
}

wait_for() {
  local what=$1 check=$2 deadline=$((SECONDS + 180))
  until eval "$check"; do
    if [ $SECONDS -ge $deadline ]; then echo "Timed out waiting for $what (logs in $dir)." >&2; exit 1; fi
    sleep 1
  done
  echo "$what: ok"
}

start() {
  if [ -d "$dir" ]; then echo "$dir exists: run '$0 stop' first." >&2; exit 1; fi
  local bin; bin=$(pg_bin)
  if [ "${OW_NO_BUILD:-}" != 1 ]; then
    echo "Building silo and gateway..."
    dotnet build "$root/src/Silo" -v q -nologo > /dev/null
    dotnet build "$root/src/Gateway" -v q -nologo > /dev/null
  fi
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_postgres "$bin/initdb" -D "$dir/pg" -U postgres --auth=trust -E UTF8 > "$dir/initdb.log"
  as_postgres "$bin/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w \
    -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start > /dev/null
  echo "PostgreSQL: 127.0.0.1:$pg_port"
  local common=(--Storage:Kind=PostgreSql "--Storage:ConnectionString=$connection" --Cluster:ClusterId=$cluster_id)
  local silo_grpc=() gateway_grpc=()
  if [ -n "$grpc_port" ]; then silo_grpc=(--DurableTaskGrpc:RemoteWorkers=true); gateway_grpc=("--DurableTaskGrpc:Port=$grpc_port"); fi
  for i in $(seq 0 $((silos - 1))); do
    start_process "silo$i" "$root/src/Silo/bin/Debug/net10.0/OrleansWorkflows.Silo.dll" "${common[@]}" "${silo_grpc[@]}" \
      --Orleans:SiloPort=$((silo_port + i)) --Orleans:GatewayPort=$((gateway_port + i)) --Orleans:AdvertisedIPAddress=127.0.0.1
  done
  wait_for "$silos silos active" "[ \"\$(psql_value \"select count(*) from ow_membership where cluster_id = '$cluster_id' and status = 3\")\" = $silos ]"
  start_process gateway "$root/src/Gateway/bin/Debug/net10.0/OrleansWorkflows.Gateway.dll" "${common[@]}" "${gateway_grpc[@]}" --urls "http://127.0.0.1:$http_port"
  wait_for "gateway http://127.0.0.1:$http_port" \
    "[ \"\$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$http_port/runtime/webhooks/durabletask/instances/health-check)\" = 404 ]"
  if [ -n "$grpc_port" ]; then echo "Durable Task gRPC endpoint: http://127.0.0.1:$grpc_port"; fi
  echo "Cluster up. Try: curl -X POST 'http://127.0.0.1:$http_port/runtime/webhooks/durabletask/orchestrators/HelloSequence?timeout=30'"
}

status() {
  if [ ! -d "$dir" ]; then echo "not running"; return; fi
  for pidfile in "$dir"/*.pid; do
    [ -e "$pidfile" ] || continue
    local name pid; name=$(basename "$pidfile" .pid); pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then echo "$name: running (pid $pid)"; else echo "$name: stopped"; fi
  done
  echo "active silos in the membership table: $(psql_value "select count(*) from ow_membership where cluster_id = '$cluster_id' and status = 3")"
}

stop() {
  if [ ! -d "$dir" ]; then echo "not running"; return; fi
  for pidfile in "$dir"/gateway.pid "$dir"/silo*.pid; do
    [ -e "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ -f "$dir/pg/postmaster.pid" ]; then as_postgres "$(pg_bin)/pg_ctl" -D "$dir/pg" -m fast -w stop > /dev/null || true; fi
  rm -rf "$dir"
  echo "stopped"
}

case "${1:-}" in
  start) start ;;
  status) status ;;
  stop) stop ;;
  *) echo "usage: $0 start|status|stop" >&2; exit 2 ;;
esac
