#!/usr/bin/env bash
# HTTP load benchmark of a stateful chat turn (issue 2): wrk -t1 -c32 -d10s against
# POST /v1/chat/completions with flightly-local and a session, so every request reads profile,
# history and state from Valkey in one round trip and writes the turn back. Valkey runs with AOF
# (appendfsync everysec). Grounding is off (CONTRAIL_GROUNDING=false): this measures the speed-layer
# turn; retrieval is measured by `contrail bench search`. Authentication and the per-user turn rate
# are off (256 users at this rate are each far over it); bench/limits_load.sh measures what they
# cost. Everything binds 127.0.0.1 on free ports and is stopped by PID.
#
#   bench/http_load.sh [THREADS...]     e.g. bench/http_load.sh 1 2   (default: 1 2)
# Prints wrk's figures and the CPU contrail and Valkey spent per request (from /proc).
# Env: DURATION (10s), CONNECTIONS (32), CONTRAIL_BIN (build/contrail), AOF_REWRITE_MIN (512mb),
# CONTRAIL_PIN_THREADS (true: contrail's I/O threads one per CPU),
# NODE_BASELINE (1: also run bench/node-baseline, the same read path written the ordinary way in
# Node.js, no model, no writes).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${CONTRAIL_BIN:-$REPO/build/contrail}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=("$@")
[ ${#THREADS[@]} -gt 0 ] || THREADS=(1 2)
[ -x "$BIN" ] || { echo "build first: $BIN missing" >&2; exit 1; }

# User + system CPU of a process so far, in clock ticks (/proc/PID/stat fields 14 and 15).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# µs of CPU per request between two cpu_ticks readings.
per_request() { awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f", (b - a) * 1e6 / hz / n}'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d)
VALKEY_PORT=$(free_port)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# The AOF rewrite threshold is the one scripts/lib/services.sh gives the private Valkey (512 MB);
# AOF_REWRITE_MIN=64mb (Valkey's default) measures the forks that default causes at this rate.
valkey-server --port "$VALKEY_PORT" --bind 127.0.0.1 --dir "$WORK" --save '' --appendonly yes \
  --appendfsync everysec --auto-aof-rewrite-min-size "${AOF_REWRITE_MIN:-512mb}" --logfile "$WORK/valkey.log" &
VALKEY_PID=$!
PIDS+=("$VALKEY_PID")
for _ in $(seq 100); do valkey-cli -p "$VALKEY_PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done

echo "machine: $(nproc) cores, $(uname -r); valkey $(valkey-server --version | awk '{print $3}') AOF everysec, rewrite at ${AOF_REWRITE_MIN:-512mb}; wrk -t1 -c$CONNECTIONS -d$DURATION"
for threads in "${THREADS[@]}"; do
  HTTP_PORT=$(free_port)
  CONTRAIL_VALKEY_PORT=$VALKEY_PORT CONTRAIL_HTTP_PORT=$HTTP_PORT CONTRAIL_THREADS=$threads \
    CONTRAIL_LOG_LEVEL=warn CONTRAIL_PG_PORT=$(free_port) CONTRAIL_GROUNDING=false CONTRAIL_AUTH=off \
    CONTRAIL_LIMIT_USER_TURNS_PER_MINUTE=0 "$BIN" serve 2>"$WORK/contrail-$threads.log" &
  pid=$!
  PIDS+=("$pid")
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null && break; sleep 0.05; done
  # Warm-up fills every session's history to the window, so the measured run reads full histories.
  wrk -t1 -c"$CONNECTIONS" -d3s -s "$REPO/bench/wrk/chat_session.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
  echo "--- contrail threads=$threads (pinned: ${CONTRAIL_PIN_THREADS:-true})"
  contrail_cpu=$(cpu_ticks "$pid")
  valkey_cpu=$(cpu_ticks "$VALKEY_PID")
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$REPO/bench/wrk/chat_session.lua" \
    "http://127.0.0.1:$HTTP_PORT" >"$WORK/wrk.out"
  grep -E "Requests/sec|^p50|errors|Non-2xx" "$WORK/wrk.out"
  requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  echo "CPU per request: contrail $(per_request "$contrail_cpu" "$(cpu_ticks "$pid")" "$requests") µs," \
    "valkey $(per_request "$valkey_cpu" "$(cpu_ticks "$VALKEY_PID")" "$requests") µs"
  echo "history lists: $(valkey-cli -p "$VALKEY_PORT" --scan --pattern '*:msgs' | wc -l), sample length $(valkey-cli -p "$VALKEY_PORT" llen '{u:bench-1}:s:s1:msgs')"
  kill "$pid"
  wait "$pid" || true
done

if [ "${NODE_BASELINE:-1}" = 1 ] && command -v node >/dev/null; then
  (cd "$REPO/bench/node-baseline" && { [ -d node_modules ] || npm ci --silent --no-audit --no-fund; })
  NODE_PORT=$(free_port)
  PORT=$NODE_PORT VALKEY_PORT=$VALKEY_PORT node "$REPO/bench/node-baseline/server.mjs" 2>"$WORK/node.log" &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$NODE_PORT/healthz" >/dev/null && break; sleep 0.05; done
  echo "--- node baseline (same reads, no model, no history write)"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$REPO/bench/wrk/chat_session.lua" \
    "http://127.0.0.1:$NODE_PORT" | grep -E "Requests/sec|^p50|errors|Non-2xx"
fi
