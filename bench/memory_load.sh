#!/usr/bin/env bash
# Benchmark of tiered memory (issue 15) against the PostgreSQL of `./scripts/run --detach` (read
# from the running server's environment) and a private Valkey (AOF everysec) on a free port, so the
# stack's own memory worker does not take the events. Everything binds 127.0.0.1 and is stopped by
# PID; the synthetic users' rows are deleted at the end.
#   1. worker throughput: `contrail bench memory --events N` with 1 and 2 workers (events/s from
#      the stream into PostgreSQL, with extraction and record embeddings)
#   2. lag from XADD to commit at 2,000 events/s offered for 20 s (`contrail bench memory --rate
#      2000`) while a chat load runs throughout (wrk, stateless turns: they add no events of their
#      own), and the chat load's turns/s then (16 s of it) next to the same load beside the
#      producer alone (ROUNDS pairs, alternating)
#   3. chat turns/s (wrk, bench/wrk/chat_session.lua: session turns, grounding off) of a contrail
#      without events, with events and no worker, and with events and its in-process worker
#   4. CPU a second of the worker, PostgreSQL and Valkey at 2,000 events/s, without a chat load
#      (ROUNDS runs)
#
#   bench/memory_load.sh
# Env: EVENTS (100000), DURATION (10s), CONNECTIONS (32), CONTRAIL_BIN (build/contrail), PHASES
# ("1 2 3": which to run; 4 on request), ROUNDS (1: phase 2's loads beside the worker, phase 4's
# runs).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${CONTRAIL_BIN:-$REPO/build/contrail}
EVENTS=${EVENTS:-100000}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PHASES=${PHASES:-1 2 3}
phase() { [[ " $PHASES " == *" $1 "* ]]; }
LOG_TAG=bench
source "$REPO/scripts/lib/services.sh"
source "$REPO/scripts/lib/bench.sh"
[ -x "$BIN" ] || die "build first: $BIN missing"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
bench_stack_env VALKEY_PORT VALKEY_USERNAME VALKEY_PASSWORD
# pg_sql ROLE PASSWORD SQL: SQL on the stack's database.
pg_sql() {
  PGPASSWORD=$2 psql -X -q -h 127.0.0.1 -p "$(stack_env PG_PORT)" -U "$1" -d "$(stack_env PG_DATABASE)" -c "$3" >/dev/null
}
# A run deletes its synthetic rows at its end, leaving their dead tuples: they are vacuumed at once
# (as the tables' owner), so the next run measures the worker, not autovacuum catching up with the
# last run (it slowed single inserts of events to 200–300 ms and gave p99 lags over 1 s).
secrets_load "$REPO/.data/secrets.env"
vacuum_memory() { pg_sql "$PG_OWNER_ROLE" "$PG_OWNER_PASSWORD" "VACUUM (ANALYZE) memory_events, memory_records"; }

WORK=$(mktemp -d /tmp/contrail-memory.XXXXXX)
BENCH_PID=
cleanup() {
  [ -z "$BENCH_PID" ] || kill "$BENCH_PID" 2>/dev/null || true
  bench_stop_all
  rm -rf "$WORK"
}
trap cleanup EXIT
bench_start_valkey "$WORK" --auto-aof-rewrite-min-size 512mb
ENV=("${STACK_ENV[@]}" CONTRAIL_VALKEY_PORT="$VALKEY_PORT" CONTRAIL_LOG_LEVEL=warn)
flush() { valkey-cli -p "$VALKEY_PORT" flushall >/dev/null; }

echo "machine: $(nproc) cores, $(uname -r); valkey $(valkey-server --version | awk '{print $3}') AOF everysec; $(date -u +%F)"
phase 1 && echo "=== 1. worker throughput"
phase 1 && for workers in 1 2; do
  flush
  env "${ENV[@]}" "$BIN" bench memory --events "$EVENTS" --workers "$workers" 2>/dev/null
done

# start_server NAME VAR=VALUE…: an extra contrail on the private Valkey; sets PORT and SERVER_PID.
start_server() {
  local name=$1
  shift
  bench_start_contrail "$WORK/contrail-$name.log" CONTRAIL_VALKEY_PORT="$VALKEY_PORT" CONTRAIL_AUTH=off \
    CONTRAIL_GROUNDING=false CONTRAIL_LIMIT_USER_TURNS_PER_MINUTE=0 "$@"
}
stop_server() { bench_stop_contrail; }

if phase 2; then
echo "=== 2. lag at 2,000 events/s offered, with a chat load (stateless turns)"
flush
start_server lag CONTRAIL_MEMORY_WORKER=false
chat_load() { BENCH_STATELESS=1 wrk -t1 -c"$CONNECTIONS" -d"$1" -s "$REPO/bench/wrk/chat_session.lua" "http://127.0.0.1:$PORT"; }
chat_load 3s >/dev/null
# beside WORKERS: 20 s of events at 2,000/s (`contrail bench memory --rate 2000 --workers
# WORKERS`) under the chat load throughout; the load's rate over 16 s of it (from its 2nd second),
# the load before and after unmeasured. WORKERS 0 runs the producer alone: the baseline, so the
# ratio is what the worker costs the chat turn (the producer stands in for the turns' own XADDs).
beside() {
  env "${ENV[@]}" "$BIN" bench memory --rate 2000 --seconds 20 --workers "$1" 2>/dev/null >"$WORK/bench-lag.out" &
  BENCH_PID=$!
  chat_load 2s >/dev/null
  chat_load 16s >"$WORK/wrk-lag.out"
  while pid_alive "$BENCH_PID"; do chat_load 1s >/dev/null; done
  wait "$BENCH_PID" || true
  BENCH_PID=
  vacuum_memory
  RATE=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-lag.out")
}
# The machine's speed drifts by ±20 % over tens of seconds (its neighbours), so each load beside the
# worker is compared with the mean of the loads beside the producer alone just before and just
# after it: 0 1 0 1 … 0, ROUNDS loads beside the worker.
beside 0
alone=$RATE
ratios=()
for round in $(seq "${ROUNDS:-1}"); do
  beside 1
  with=$RATE
  grep -E '^lag' "$WORK/bench-lag.out"
  beside 0
  ratios+=("$(awk -v a="$alone" -v c="$RATE" -v b="$with" 'BEGIN {printf "%.3f", b / ((a + c) / 2)}')")
  echo "chat turns/s beside producer and worker: $with; beside the producer alone: $alone before, $RATE after;" \
    "ratio ${ratios[-1]}"
  alone=$RATE
done
ratio_summary "ratio (beside producer and worker / beside the producer alone)" "${ratios[@]}"
stop_server
fi

# What the worker costs the machine, without a chat load: CPU a second (/proc/PID/stat, 16 s of a
# 20 s run at 2,000 events/s) of the bench's process (the worker; its producer alone takes ~10 ms
# a second), of the stack's PostgreSQL processes (the worker's backend, and whatever autovacuum does
# then) and of the Valkey.
if phase 4; then
echo "=== 4. CPU a second of the worker, PostgreSQL and Valkey at 2,000 events/s (no chat load)"
ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
hz=$(getconf CLK_TCK)
ms() { echo $(( ($2 - $1) * 1000 / hz / 16 )); }  # ms CPU a second from two tick counts 16 s apart
pg_main=$(head -1 "$REPO/.data/pg/data/postmaster.pid")
for round in $(seq "${ROUNDS:-1}"); do
  flush
  env "${ENV[@]}" "$BIN" bench memory --rate 2000 --seconds 20 --workers 1 2>/dev/null >"$WORK/bench-cpu.out" &
  BENCH_PID=$!
  sleep 2
  mapfile -t PG_PIDS < <(echo "$pg_main"; pgrep -P "$pg_main")  # the stack's cluster only
  w0=$(ticks "$BENCH_PID"); p0=$(ticks "${PG_PIDS[@]}"); v0=$(ticks "$VALKEY_PID")
  sleep 16
  w1=$(ticks "$BENCH_PID"); p1=$(ticks "${PG_PIDS[@]}"); v1=$(ticks "$VALKEY_PID")
  wait "$BENCH_PID" || true
  BENCH_PID=
  vacuum_memory
  echo "worker $(ms "$w0" "$w1") ms/s, PostgreSQL $(ms "$p0" "$p1") ms/s, Valkey $(ms "$v0" "$v1") ms/s;" \
    "$(grep -E '^lag' "$WORK/bench-cpu.out")"
done
fi

phase 3 && echo "=== 3. chat turns/s (session turns, grounding off)"
phase 3 && for setting in no-events no-worker worker; do
  flush
  case $setting in
    no-events) start_server "$setting" CONTRAIL_MEMORY_EVENT_PARTITIONS=0 CONTRAIL_MEMORY_WORKER=false ;;
    no-worker) start_server "$setting" CONTRAIL_MEMORY_WORKER=false ;;
    worker) start_server "$setting" CONTRAIL_MEMORY_WORKER=true ;;
  esac
  wrk -t1 -c"$CONNECTIONS" -d3s -s "$REPO/bench/wrk/chat_session.lua" "http://127.0.0.1:$PORT" >/dev/null
  echo "--- $setting"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$REPO/bench/wrk/chat_session.lua" "http://127.0.0.1:$PORT" |
    grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors'
  echo "events waiting in the streams: $(for p in 0 1 2 3; do valkey-cli -p "$VALKEY_PORT" xlen "mem:events:{p$p}"; done | awk "{s+=\$1} END {print s}")"
  stop_server
done
# The chat load's users (bench-N) and the workers' rows of them.
pg_sql "$(stack_env PG_USER)" "$(stack_env PG_PASSWORD)" "DELETE FROM memory_records WHERE user_id LIKE 'bench-%'; DELETE FROM memory_events WHERE user_id LIKE 'bench-%'"
