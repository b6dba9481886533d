#!/usr/bin/env bash
# What authentication, rate limits and durability cost per request (issue 12): the same loads
# against one contrail binary in several configurations, in one run, on one private Valkey (AOF,
# everysec) and PostgreSQL (migrated: api_keys) under a temp dir:
#
#   open      auth off, limits off, durability acked            (the baseline)
#   auth      an API key on every request, limits off
#   limited   an API key, every limit on (high, so nothing is refused: the checks are measured)
#   async     auth off, limits off, durability async            (acked vs async)
#   soak      as `limited` with grounding on (knowledge seeded), chat turns only, for SOAK (10m) at
#             SOAK_CONNECTIONS (4): RSS at start and end, every error counted (not in the default)
#
# Loads: chat turns in sessions (wrk bench/wrk/chat_session.lua: profile, history and state read,
# the turn written back) and GET /v1/models (nothing but the request path, auth and the key's rate).
# Prints requests/s, latency and the CPU contrail and Valkey spent per request (from /proc).
#
#   bench/limits_load.sh [CONFIG...]      default: open auth limited async
# Env: DURATION (10s), CONNECTIONS (32), THREADS (contrail I/O threads, 1), CONTRAIL_BIN (build/contrail).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${CONTRAIL_BIN:-$REPO/build/contrail}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
CONFIGS=("$@")
[ ${#CONFIGS[@]} -gt 0 ] || CONFIGS=(open auth limited async)
[ -x "$BIN" ] || { echo "build first: $BIN missing" >&2; exit 1; }
LOG_TAG=bench
# shellcheck source=../scripts/lib/services.sh
source "$REPO/scripts/lib/services.sh"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
per_request() { awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", (b - a) * 1e6 / hz / n}'; }

WORK=$(mktemp -d /tmp/contrail-bench.XXXXXX)
chmod 755 "$WORK"
VALKEY_PORT=$(free_port)
PG_PORT=$(free_port)
PG_DIR=$(pg_dir_for "$WORK")
SERVER_PID=
cleanup() {
  [ -z "$SERVER_PID" ] || stop_pid "$SERVER_PID" contrail 10
  valkey_stop "$WORK/valkey" || true
  pg_stop "$PG_DIR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/valkey"
# The stack ./scripts/run sets up: passwords, the Valkey ACL, contrail serving as the app role.
secrets_load "$WORK/secrets.env"
valkey_start "$WORK/valkey" "$VALKEY_PORT" >/dev/null
pg_start "$PG_DIR" "$PG_PORT" >/dev/null
pg_ensure_db "$PG_PORT" contrail_bench >/dev/null
pg_ensure_roles "$PG_PORT" contrail_bench >/dev/null
export CONTRAIL_VALKEY_PORT=$VALKEY_PORT CONTRAIL_PG_PORT=$PG_PORT CONTRAIL_PG_DATABASE=contrail_bench \
  CONTRAIL_LOG_LEVEL=warn CONTRAIL_GROUNDING=false CONTRAIL_THREADS=$THREADS
export_credentials owner
"$BIN" migrate >/dev/null 2>&1
KEY=$("$BIN" keys create --service --name bench 2>/dev/null)
if [[ " ${CONFIGS[*]} " == *" soak "* ]]; then  # the soak's turns are grounded
  "$BIN" seed >/dev/null 2>&1
  "$BIN" ingest "$REPO/data/knowledge" >/dev/null 2>&1
fi
pg_grant_app "$PG_PORT" contrail_bench
export_credentials app
VALKEY_PID=$(read_pid "$WORK/valkey/valkey.pid")

# run_config NAME: starts contrail configured as NAME, runs both loads, stops it.
run_config() {
  local name=$1 key="" port
  local -a env=(CONTRAIL_AUTH=off CONTRAIL_DURABILITY=acked CONTRAIL_LIMIT_KEY_REQUESTS_PER_MINUTE=0
    CONTRAIL_LIMIT_USER_TURNS_PER_MINUTE=0 CONTRAIL_LIMIT_MAX_SESSIONS_PER_USER=0)
  case $name in
    open) ;;
    auth) env[0]=CONTRAIL_AUTH=required key=$KEY ;;
    limited)
      key=$KEY
      env=(CONTRAIL_AUTH=required CONTRAIL_DURABILITY=acked CONTRAIL_LIMIT_KEY_REQUESTS_PER_MINUTE=6000000
        CONTRAIL_LIMIT_KEY_BURST=1000000 CONTRAIL_LIMIT_USER_TURNS_PER_MINUTE=6000000 CONTRAIL_LIMIT_USER_BURST=1000000
        CONTRAIL_LIMIT_MAX_SESSIONS_PER_USER=1000 CONTRAIL_LIMIT_DAILY_TOKENS_PER_KEY=2000000000)
      ;;
    async) env[1]=CONTRAIL_DURABILITY=async ;;
    soak) soak; return ;;
    *) die "unknown configuration $name (open, auth, limited, async, soak)" ;;
  esac
  port=$(free_port)
  env "${env[@]}" CONTRAIL_HTTP_PORT="$port" "$BIN" serve 2>"$WORK/contrail-$name.log" &
  SERVER_PID=$!
  wait_for_http "http://127.0.0.1:$port/readyz" 30 "$SERVER_PID"
  local url="http://127.0.0.1:$port" auth_header=()
  [ -z "$key" ] || auth_header=(-H "Authorization: Bearer $key")
  # Warm-up: every session's history filled to the window, every key and bucket cached.
  BENCH_API_KEY=$key wrk -t1 -c"$CONNECTIONS" -d3s -s "$REPO/bench/wrk/chat_session.lua" "$url" >/dev/null
  local load c0 v0 requests
  for load in chat models; do
    c0=$(cpu_ticks "$SERVER_PID")
    v0=$(cpu_ticks "$VALKEY_PID")
    if [ "$load" = chat ]; then
      BENCH_API_KEY=$key wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$REPO/bench/wrk/chat_session.lua" \
        "$url" >"$WORK/wrk.out"
    else
      wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "${auth_header[@]}" "$url/v1/models" >"$WORK/wrk.out"
    fi
    requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
    printf '%-8s %-6s %9s req/s  p50 %-9s p99 %-9s non-2xx %-6s CPU/request: contrail %s µs, valkey %s µs\n' \
      "$name" "$load" "$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")" \
      "$(awk '$1 == "50%" {print $2}' "$WORK/wrk.out")" "$(awk '$1 == "99%" {print $2}' "$WORK/wrk.out")" \
      "$(awk '/Non-2xx/ {print $5}' "$WORK/wrk.out" | grep . || echo 0)" \
      "$(per_request "$c0" "$(cpu_ticks "$SERVER_PID")" "$requests")" \
      "$(per_request "$v0" "$(cpu_ticks "$VALKEY_PID")" "$requests")"
  done
  stop_pid "$SERVER_PID" contrail 10
  SERVER_PID=
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# soak: a steady chat load with every part on, for SOAK; RSS and errors at the end.
soak() {
  local port url duration=${SOAK:-10m} rss0
  port=$(free_port)
  url="http://127.0.0.1:$port"
  CONTRAIL_AUTH=required CONTRAIL_GROUNDING=true CONTRAIL_LIMIT_KEY_REQUESTS_PER_MINUTE=6000000 \
    CONTRAIL_LIMIT_KEY_BURST=1000000 CONTRAIL_LIMIT_USER_TURNS_PER_MINUTE=6000000 CONTRAIL_LIMIT_USER_BURST=1000000 \
    CONTRAIL_LIMIT_DAILY_TOKENS_PER_KEY=2000000000 CONTRAIL_HTTP_PORT="$port" "$BIN" serve 2>"$WORK/contrail-soak.log" &
  SERVER_PID=$!
  wait_for_http "$url/readyz" 30 "$SERVER_PID"
  BENCH_API_KEY=$KEY wrk -t1 -c"${SOAK_CONNECTIONS:-4}" -d10s -s "$REPO/bench/wrk/chat_session.lua" "$url" >/dev/null
  rss0=$(rss_kb "$SERVER_PID")
  echo "soak: $duration at -c${SOAK_CONNECTIONS:-4}, grounding on, auth and limits on; contrail RSS after warm-up ${rss0} kB"
  BENCH_API_KEY=$KEY wrk -t1 -c"${SOAK_CONNECTIONS:-4}" -d"$duration" --latency -s "$REPO/bench/wrk/chat_session.lua" \
    "$url" >"$WORK/wrk.out"
  grep -E "requests in|Requests/sec|^p50|errors|Non-2xx" "$WORK/wrk.out"
  echo "contrail RSS at the end $(rss_kb "$SERVER_PID") kB (after warm-up ${rss0} kB);" \
    "server log lines at warn or above: $(grep -c '"level":"\(warn\|error\|critical\)"' "$WORK/contrail-soak.log" || true)"
  stop_pid "$SERVER_PID" contrail 10
  SERVER_PID=
}

echo "machine: $(nproc) cores, $(uname -r); valkey $(valkey-server --version | awk '{print $3}') AOF everysec;" \
  "contrail threads=$THREADS; wrk -t1 -c$CONNECTIONS -d$DURATION"
for config in "${CONFIGS[@]}"; do run_config "$config"; done
