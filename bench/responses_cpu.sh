#!/usr/bin/env bash
# What a Responses turn costs each process, next to the chat turn of the same conversation (issue
# 16): CPU µs per request of contrail and of its Valkey, read from /proc over each load, for
# bench/wrk/responses_chain.lua as chat turns (BENCH_PROTOCOL=chat) and as a previous_response_id
# chain, alternating. The machine is CPU-bound under both loads, so their requests/s ratio is the
# ratio of these sums (plus wrk's share); per-process CPU moves far less with the machine's
# other tenants than requests/s do. An extra contrail (auth and grounding off, no limits, no
# memory events) against the PostgreSQL of `./scripts/run --detach` and a private Valkey (AOF
# everysec, as the stack's). Binds 127.0.0.1; stopped by PID.
#   bench/responses_cpu.sh
# Env: DURATION (6s), CONNECTIONS (8), ROUNDS (3), CONTRAIL_BIN (build/contrail).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${CONTRAIL_BIN:-$REPO/build/contrail}
DURATION=${DURATION:-6s}
CONNECTIONS=${CONNECTIONS:-8}
ROUNDS=${ROUNDS:-3}
LOG_TAG=bench
source "$REPO/scripts/lib/services.sh"
[ -x "$BIN" ] || die "build first: $BIN missing"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
STACK_PID=$(cat "$REPO/.data/contrail.pid" 2>/dev/null || true)
[ -n "$STACK_PID" ] && pid_alive "$STACK_PID" || die "no running stack: ./scripts/run --detach first"
mapfile -t STACK_ENV < <(tr '\0' '\n' <"/proc/$STACK_PID/environ" | grep '^CONTRAIL_' |
  grep -v -E '^CONTRAIL_(HTTP_PORT|VALKEY_PORT|VALKEY_USERNAME|VALKEY_PASSWORD)=')

WORK=$(mktemp -d /tmp/contrail-responses-cpu.XXXXXX)
VALKEY_PID=
SERVER_PID=
cleanup() {
  [ -z "$SERVER_PID" ] || stop_pid "$SERVER_PID" contrail 10
  [ -z "$VALKEY_PID" ] || stop_pid "$VALKEY_PID" valkey-server 10
  rm -rf "$WORK"
}
trap cleanup EXIT
VALKEY_PORT=$(free_port)
valkey-server --port "$VALKEY_PORT" --bind 127.0.0.1 --dir "$WORK" --save '' --appendonly yes \
  --appendfsync everysec --auto-aof-rewrite-percentage 0 --logfile "$WORK/valkey.log" &
VALKEY_PID=$!
for _ in $(seq 100); do valkey-cli -p "$VALKEY_PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
PORT=$(free_port)
env "${STACK_ENV[@]}" CONTRAIL_VALKEY_PORT="$VALKEY_PORT" CONTRAIL_HTTP_PORT="$PORT" CONTRAIL_AUTH=off \
  CONTRAIL_GROUNDING=false CONTRAIL_LOG_LEVEL=warn CONTRAIL_MEMORY_WORKER=false CONTRAIL_MEMORY_EVENT_PARTITIONS=0 \
  CONTRAIL_LIMIT_USER_TURNS_PER_MINUTE=0 CONTRAIL_LIMIT_MAX_SESSIONS_PER_USER=0 "$BIN" serve 2>"$WORK/contrail.log" &
SERVER_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || die "contrail did not get ready ($WORK/contrail.log)"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime, in clock ticks
HZ=$(getconf CLK_TCK)
measure() {  # measure LABEL [ENV…]: requests/s and CPU µs per request of contrail and Valkey
  local c0 v0 c1 v1 n rate
  c0=$(ticks "$SERVER_PID") v0=$(ticks "$VALKEY_PID")
  env BENCH_READ_ID=1 BENCH_USERS="cpu-r$RANDOM-" "${@:2}" wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"$DURATION" \
    -s "$REPO/bench/wrk/responses_chain.lua" "http://127.0.0.1:$PORT" >"$WORK/wrk.out"
  c1=$(ticks "$SERVER_PID") v1=$(ticks "$VALKEY_PID")
  if grep -q 'Non-2xx' "$WORK/wrk.out"; then
    cat "$WORK/wrk.out"
    die "$1: non-2xx responses"
  fi
  n=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  rate=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  awk -v l="$1" -v r="$rate" -v c=$((c1 - c0)) -v v=$((v1 - v0)) -v n="$n" -v hz="$HZ" \
    'BEGIN {printf "| %s | %.0f | %.1f | %.1f |\n", l, r, c * 1e6 / hz / n, v * 1e6 / hz / n}'
}

echo "machine: $(nproc) cores, $(uname -r); $(date -u +%F); $(basename "$BIN")"
measure warm-up BENCH_PROTOCOL=chat >/dev/null
measure warm-up >/dev/null
echo "| load | req/s | contrail µs/req | Valkey µs/req |"
echo "| --- | ---: | ---: | ---: |"
for _ in $(seq "$ROUNDS"); do
  measure "chat turn, same conversation" BENCH_PROTOCOL=chat
  measure "previous_response_id turn"
done
