#!/usr/bin/env bash
# The many-users topology on one machine: one PostgreSQL, N app replicas, HAProxy with sticky sessions in front.
#   scripts/cluster.sh up [N]   start everything (N replicas, default 2); again with another N adds or drops replicas
#   scripts/cluster.sh status   each part's state and the URL (exit 0 only when every part is up)
#   scripts/cluster.sh down     stop everything (the database's data stays in $CLUSTER_DIR/pg)
#   scripts/cluster.sh config [N]  print the HAProxy configuration for N replicas (a server room's haproxy.cfg)
# Settings (environment): CLUSTER_PORT (HAProxy, default 8500), CLUSTER_APP_PORT (first replica, default
# CLUSTER_PORT+10; replica i listens on CLUSTER_APP_PORT+i-1), CLUSTER_PG_PORT (default CLUSTER_PORT+32),
# CLUSTER_DIR (default var/cluster), CLUSTER_BIND (HAProxy address, default 127.0.0.1).
# Generated files (never committed): $CLUSTER_DIR/haproxy.cfg from deploy/haproxy.cfg.template, cookie_secret,
# pid files and logs. docs/DEPLOY.md describes the same topology for a server room.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

CLUSTER_PORT=${CLUSTER_PORT:-8500}
CLUSTER_APP_PORT=${CLUSTER_APP_PORT:-$((CLUSTER_PORT + 10))}
CLUSTER_PG_PORT=${CLUSTER_PG_PORT:-$((CLUSTER_PORT + 32))}
CLUSTER_DIR=${CLUSTER_DIR:-var/cluster}
CLUSTER_BIND=${CLUSTER_BIND:-127.0.0.1}
HEALTH_PATH=/_stcore/health
TEMPLATE=deploy/haproxy.cfg.template
PY=.venv/bin/python
mkdir -p "$CLUSTER_DIR"
DIR=$(cd "$CLUSTER_DIR" && pwd)
DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:${CLUSTER_PG_PORT}/postgres"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
healthy() { curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$1$HEALTH_PATH" 2>/dev/null; }
replica_port() { echo $((CLUSTER_APP_PORT + $1 - 1)); }
replicas() { cat "$DIR/replicas" 2>/dev/null || echo 0; }

need_packages() {
  # The same way scripts/setup.sh installs system packages: only what is missing.
  local need=()
  command -v haproxy >/dev/null || need+=(haproxy)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
  if [ ${#need[@]} -gt 0 ]; then
    echo "cluster: installing system packages: ${need[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

cookie_secret() {
  # One secret for every replica (Streamlit signs its cookies with it), made once, readable by the owner only.
  if [ ! -s "$DIR/cookie_secret" ]; then
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/cookie_secret")
  fi
  cat "$DIR/cookie_secret"
}

haproxy_config() {
  local n=$1 line i
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "$line" = "@SERVERS@" ]; then
      for ((i = 1; i <= n; i++)); do
        printf '    server app%d 127.0.0.1:%d check cookie app%d\n' "$i" "$(replica_port "$i")" "$i"
      done
    else
      line=${line//@CLUSTER_PORT@/$CLUSTER_PORT}
      printf '%s\n' "${line//@BIND@/$CLUSTER_BIND}"
    fi
  done < "$TEMPLATE"
}

render_haproxy() {
  haproxy_config "$1" > "$DIR/haproxy.cfg.new"
  haproxy -q -c -f "$DIR/haproxy.cfg.new" >/dev/null
  mv "$DIR/haproxy.cfg.new" "$DIR/haproxy.cfg"
}

start_replica() {
  local i=$1 port pidfile
  port=$(replica_port "$i")
  pidfile="$DIR/app$i.pid"
  alive "$pidfile" && return 0
  # The secret goes through the environment, not the command line (which `ps` shows to every user).
  DATABASE_URL="$DATABASE_URL" STREAMLIT_SERVER_COOKIE_SECRET="$(cookie_secret)" setsid \
    .venv/bin/streamlit run app.py --server.port "$port" --server.address 127.0.0.1 --server.headless true \
    --server.fileWatcherType none --server.runOnSave false --browser.gatherUsageStats false \
    > "$DIR/app$i.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
}

stop_pid() {
  local pidfile=$1 pid t
  if alive "$pidfile"; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for ((t = 0; t < 100; t++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

wait_healthy() {
  local port=$1 what=$2 t
  for ((t = 0; t < 120; t++)); do
    healthy "$port" && return 0
    sleep 0.5
  done
  echo "error: cluster: $what did not become healthy on port $port (see $DIR)" >&2
  return 1
}

up() {
  local n=${1:-2} i old
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "error: cluster: N must be a positive number, not '$n'" >&2; exit 2; }
  [ -x "$PY" ] || { echo "error: cluster: no .venv: run scripts/setup.sh first" >&2; exit 2; }
  need_packages
  $PY -m geo.store.pg_local start "$DIR/pg" "$CLUSTER_PG_PORT"
  # Schema first, once, before any replica starts (replicas never migrate each other's tables concurrently).
  DATABASE_URL="$DATABASE_URL" $PY -m geo.db upgrade
  old=$(replicas)
  for ((i = n + 1; i <= old; i++)); do stop_pid "$DIR/app$i.pid"; done
  echo "$n" > "$DIR/replicas"
  for ((i = 1; i <= n; i++)); do start_replica "$i"; done
  for ((i = 1; i <= n; i++)); do wait_healthy "$(replica_port "$i")" "replica $i"; done
  render_haproxy "$n"
  if alive "$DIR/haproxy.pid"; then  # reload: the new process takes over the port, the old one finishes
    haproxy -f "$DIR/haproxy.cfg" -D -p "$DIR/haproxy.pid" -sf "$(cat "$DIR/haproxy.pid")"
  else
    haproxy -f "$DIR/haproxy.cfg" -D -p "$DIR/haproxy.pid"
  fi
  wait_healthy "$CLUSTER_PORT" "haproxy"
  status
}

down() {
  local i
  stop_pid "$DIR/haproxy.pid"
  for i in "$DIR"/app*.pid; do [ -e "$i" ] && stop_pid "$i"; done
  rm -f "$DIR/replicas"
  if [ -x "$PY" ]; then $PY -m geo.store.pg_local stop "$DIR/pg" "$CLUSTER_PG_PORT"; fi
  echo "cluster: down"
}

status() {
  local n i port ok=0 state
  $PY -m geo.store.pg_local status "$DIR/pg" "$CLUSTER_PG_PORT" || ok=1
  n=$(replicas)
  for ((i = 1; i <= n; i++)); do
    port=$(replica_port "$i")
    if ! alive "$DIR/app$i.pid"; then state="stopped"; ok=1
    elif healthy "$port"; then state="running (pid $(cat "$DIR/app$i.pid"), healthy)"
    else state="running (pid $(cat "$DIR/app$i.pid"), not healthy)"; ok=1
    fi
    echo "replica app$i: $state on 127.0.0.1:$port"
  done
  [ "$n" -gt 0 ] || { echo "replicas: none"; ok=1; }
  if alive "$DIR/haproxy.pid"; then echo "haproxy: running (pid $(cat "$DIR/haproxy.pid")) on $CLUSTER_BIND:$CLUSTER_PORT"
  else echo "haproxy: stopped"; ok=1
  fi
  echo "url: http://localhost:$CLUSTER_PORT/"
  return $ok
}

case "${1:-}" in
  up) up "${2:-2}" ;;
  down) down ;;
  status) status ;;
  config) haproxy_config "${2:-2}" ;;
  *) echo "usage: scripts/cluster.sh up [N] | down | status | config [N]" >&2; exit 2 ;;
esac
