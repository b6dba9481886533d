#!/usr/bin/env bash
# HTTP load benchmark of semantic cache hits (issue 13), next to the speed-layer turn, in one run:
#   speed    the stateful speed-layer turn of bench/http_load.sh (sessions, grounding off, no cache)
#   hit-N    a grounded question answered from the semantic cache, in sessions like `speed`
#            (each hit's long grounded answer joins its history, read back by the next turn) and
#            stateless, with N entries in the cache (filled by `contrail bench cache --fill N`,
#            which the extra server loads at start: its rebuild time is printed too)
# wrk -t1 -c32 against one extra contrail per setting on the stack of `./scripts/run --detach`
# (same Valkey and PostgreSQL), with authentication and the per-user turn rate off, stopped by PID.
# The cache is cleared before each fill and after the run (DELETE /v1/cache?all=true).
#
#   bench/cache_load.sh [SETTING...]     default: speed hit-1000 hit-10000 hit-100000
# Env: DURATION (10s), CONNECTIONS (32), CONTRAIL_BIN (build/contrail).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${CONTRAIL_BIN:-$REPO/build/contrail}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
SETTINGS=("$@")
[ ${#SETTINGS[@]} -gt 0 ] || SETTINGS=(speed hit-1000 hit-10000 hit-100000)
LOG_TAG=bench
source "$REPO/scripts/lib/services.sh"
source "$REPO/scripts/lib/bench.sh"
[ -x "$BIN" ] || die "build first: $BIN missing"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
bench_stack_env

PORT=
WORK=$(mktemp -d /tmp/contrail-cache-load.XXXXXX)
cleanup() {
  bench_stop_all
  [ -z "$PORT" ] || curl -s -X DELETE "http://127.0.0.1:$PORT/v1/cache?all=true" >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_server NAME ENV...: an extra contrail on a free port, ready (its cache in sync).
start_server() {
  local name=$1
  shift
  local started=$(date +%s.%N)
  bench_start_contrail "$WORK/contrail-$name.log" CONTRAIL_AUTH=off CONTRAIL_LIMIT_USER_TURNS_PER_MINUTE=0 \
    CONTRAIL_CACHE_ANSWER_ENTRIES=200000 "$@"
  for _ in $(seq 600); do
    curl -s "http://127.0.0.1:$PORT/v1/cache/stats" | grep -Eq '"in_sync":true|"enabled":false' && break
    sleep 0.1
  done
  curl -s "http://127.0.0.1:$PORT/v1/cache/stats" | grep -Eq '"in_sync":true|"enabled":false' ||
    die "contrail did not get ready (log: $WORK/contrail-$name.log)"
  echo "ready in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s;" \
    "cache: $(curl -s "http://127.0.0.1:$PORT/v1/cache/stats" | grep -o '"entries":[0-9]*' || echo off)"
}

stop_server() { bench_stop_contrail; }

run_wrk() {
  BENCH_QUESTION=${1:-} BENCH_USERS="bench-${2:-speed}-$$-" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$REPO/bench/wrk/chat_session.lua" \
    "http://127.0.0.1:$PORT" | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx|Socket errors'
}

QUESTION="Is it warm in Maui in March?"
echo "machine: $(nproc) cores, $(uname -r); wrk -t1 -c$CONNECTIONS -d$DURATION; question: $QUESTION"
for setting in "${SETTINGS[@]}"; do
  case $setting in
    speed)
      echo "--- speed: the stateful turn, grounding off, no semantic cache"
      start_server speed CONTRAIL_GROUNDING=false CONTRAIL_CACHE_SEMANTIC=false
      wrk -t1 -c"$CONNECTIONS" -d3s -s "$REPO/bench/wrk/chat_session.lua" "http://127.0.0.1:$PORT" >/dev/null
      run_wrk
      stop_server
      ;;
    hit-*)
      n=${setting#hit-}
      echo "--- $setting: '$QUESTION' from the semantic cache among $n entries, in sessions"
      start_server "clear-$n" CONTRAIL_CACHE_SEMANTIC=true
      curl -s -X DELETE "http://127.0.0.1:$PORT/v1/cache?all=true" >/dev/null
      stop_server
      env "${STACK_ENV[@]}" "$BIN" bench cache --fill "$n" 2>&1 | tail -1
      start_server "$setting" CONTRAIL_CACHE_SEMANTIC=true
      curl -s -o /dev/null -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/v1/chat/completions" \
        -d "{\"model\":\"flightly-local\",\"messages\":[{\"role\":\"user\",\"content\":\"$QUESTION\"}]}"
      cache=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/v1/chat/completions" \
        -d "{\"model\":\"flightly-local\",\"messages\":[{\"role\":\"user\",\"content\":\"$QUESTION\"}]}" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache" {print $2}')
      [ "$cache" = HIT ] || die "the question is not a cache hit (X-Cache: $cache)"
      echo "in sessions (each hit read and stored in its history, as the speed turn):"
      run_wrk "$QUESTION" "$setting"
      echo "stateless (user, no session):"
      BENCH_STATELESS=1 run_wrk "$QUESTION" "$setting-stateless"
      echo "stats: $(curl -s "http://127.0.0.1:$PORT/v1/cache/stats" | grep -o '"hits":[0-9]*,"hit_ratio":[0-9.E-]*')"
      curl -s -X DELETE "http://127.0.0.1:$PORT/v1/cache?all=true" >/dev/null
      stop_server
      ;;
    *) die "unknown setting '$setting' (speed | hit-N)" ;;
  esac
done
PORT=
