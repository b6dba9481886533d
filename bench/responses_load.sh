#!/usr/bin/env bash
# Benchmark of the Responses API (issue 16): a turn that continues its chain with
# previous_response_id next to the equivalent chat turn in a session, requests/s and latency, on
# an extra contrail (auth and grounding off, no limits) against the PostgreSQL of
# `./scripts/run --detach` and a private Valkey. Both loads run one connection per wrk thread
# (the chain's next id comes from each response) and read each response's id; ROUNDS rounds of
# five loads: chat turns of the chain's own conversation (responses_chain.lua's chat form), responses
# continuing each connection's chain for the whole run (the chat session's equivalent: the
# target), chains of 6 responses (a new chain's first response and the second, which rebuilds the
# history from the records, are a third of them), the chat turns again, and the older baseline
# (bench/wrk/chat_session.lua, 256 users). Each load also reports the CPU contrail and its Valkey
# spent per request (from /proc): the machine is CPU-bound under every load, so a ratio of
# requests/s is a ratio of these sums (plus wrk's share), and they move far less with the
# machine's other tenants than requests/s do; and the pages Valkey faulted in per request (the
# stored responses grow its memory; a chat session's trimmed history reuses its own). Binds
# 127.0.0.1; stopped by PID.
#   bench/responses_load.sh
# Env: DURATION (3s), CONNECTIONS (8), ROUNDS (10: the machine's own noise moves one run by
# ±20 %, so the figure is the median of the rounds' ratios), CONTRAIL_BIN (build/contrail).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${CONTRAIL_BIN:-$REPO/build/contrail}
DURATION=${DURATION:-3s}
CONNECTIONS=${CONNECTIONS:-8}
ROUNDS=${ROUNDS:-10}
LOG_TAG=bench
source "$REPO/scripts/lib/services.sh"
source "$REPO/scripts/lib/bench.sh"
[ -x "$BIN" ] || die "build first: $BIN missing"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
bench_stack_env VALKEY_PORT VALKEY_USERNAME VALKEY_PASSWORD

WORK=$(mktemp -d /tmp/contrail-responses.XXXXXX)
cleanup() {
  bench_stop_all
  rm -rf "$WORK"
}
trap cleanup EXIT
# A private Valkey (AOF everysec, as the stack's), so the stack's own memory worker and traffic
# stay out of the measurement; no memory events either (the same for both loads). No automatic
# AOF rewrite: the stored responses grow the data set, and a rewrite (a fork copying it all) lands
# on whichever load runs at that moment — it moved single rounds' ratios from 0.77 to 1.07.
bench_start_valkey "$WORK" --auto-aof-rewrite-percentage 0
bench_start_contrail "$WORK/contrail.log" CONTRAIL_VALKEY_PORT="$VALKEY_PORT" CONTRAIL_AUTH=off \
  CONTRAIL_GROUNDING=false CONTRAIL_MEMORY_WORKER=false CONTRAIL_MEMORY_EVENT_PARTITIONS=0 \
  CONTRAIL_LIMIT_USER_TURNS_PER_MINUTE=0 CONTRAIL_LIMIT_MAX_SESSIONS_PER_USER=0

echo "machine: $(nproc) cores, $(uname -r); $(date -u +%F)"
HZ=$(getconf CLK_TCK)
load() {  # load SCRIPT DURATION [ENV…]: requests/s (and the latency and CPU line) of one wrk run
  local contrail_ticks valkey_ticks valkey_faults requests
  contrail_ticks=$(cpu_ticks "$SERVER_PID") valkey_ticks=$(cpu_ticks "$VALKEY_PID")
  valkey_faults=$(minor_faults "$VALKEY_PID")
  env BENCH_READ_ID=1 BENCH_USERS="bench-r$RANDOM-" "${@:3}" wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"$2" --latency \
    -s "$REPO/bench/wrk/$1" "http://127.0.0.1:$PORT" >"$WORK/wrk.out"
  if grep -q 'Non-2xx' "$WORK/wrk.out"; then
    cat "$WORK/wrk.out"
    grep -v '"level":"info"' "$WORK/contrail.log" | grep -v 'later turn of its session' | tail -20 >&2
    die "$1: non-2xx responses"
  fi
  RATE=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  LATENCY=$(grep '^p50' "$WORK/wrk.out")
  requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  LATENCY+=$(awk -v c=$(($(cpu_ticks "$SERVER_PID") - contrail_ticks)) -v v=$(($(cpu_ticks "$VALKEY_PID") - valkey_ticks)) \
    -v n="$requests" -v hz="$HZ" 'BEGIN {printf "; CPU a request: contrail %.1f µs, Valkey %.1f µs", c * 1e6 / hz / n, v * 1e6 / hz / n}')
  # Stored responses grow Valkey's memory; a chat session's trimmed history reuses its own.
  LATENCY+=$(awk -v f=$(($(minor_faults "$VALKEY_PID") - valkey_faults)) -v n="$requests" \
    'BEGIN {printf ", Valkey page faults a request %.2f", f / n}')
}
load responses_chain.lua 3s BENCH_PROTOCOL=chat
load chat_session.lua 3s
load responses_chain.lua 3s
ratios=()
chains=()
others=()
for round in $(seq "$ROUNDS"); do
  # Each round's responses loads are bracketed by two chat loads and compared with their mean:
  # this machine's speed drifts by ±20 % over seconds (other tenants), and a load compared with a
  # chat load run at another moment measures the drift as much as the turn. The chat loads ask the
  # chain's own conversation (bench/wrk/responses_chain.lua with BENCH_PROTOCOL=chat: one session
  # per connection, the same questions in the same order), so only the protocol differs.
  load responses_chain.lua "$DURATION" BENCH_PROTOCOL=chat
  chat_before=$RATE
  load responses_chain.lua "$DURATION"
  continued=$RATE
  continued_latency=$LATENCY
  load responses_chain.lua "$DURATION" BENCH_CHAIN_TURNS=6
  chained=$RATE
  chained_latency=$LATENCY
  load responses_chain.lua "$DURATION" BENCH_PROTOCOL=chat
  chat=$(awk -v a="$chat_before" -v b="$RATE" 'BEGIN {printf "%.2f", (a + b) / 2}')
  echo "chat turn, the chain's conversation: $chat req/s (mean of $chat_before before, $RATE after); $LATENCY"
  ratio=$(awk -v a="$chat" -v b="$continued" 'BEGIN {printf "%.3f", b / a}')
  ratios+=("$ratio")
  echo "response with previous_response_id: $continued req/s; $continued_latency; ratio $ratio"
  ratio=$(awk -v a="$chat" -v b="$chained" 'BEGIN {printf "%.3f", b / a}')
  chains+=("$ratio")
  echo "chains of 6 responses:              $chained req/s; $chained_latency; ratio $ratio"
  # The baseline of the runs before 2026-12-06: 256 users' sessions, three questions each in
  # another order (bench/wrk/chat_session.lua). Its turns miss the answer cache more often (a
  # session's place changes under a repeated question), so it is slower than the chain's own
  # conversation; reported beside it so the older figures stay comparable.
  load chat_session.lua "$DURATION"
  ratio=$(awk -v a="$RATE" -v b="$continued" 'BEGIN {printf "%.3f", b / a}')
  others+=("$ratio")
  echo "chat turn, 256 users' sessions:      $RATE req/s; $LATENCY; previous_response_id's ratio to it $ratio"
done
ratio_summary "ratio (previous_response_id turn / chat turn of the same conversation)" "${ratios[@]}"
ratio_summary "ratio (chains of 6, a new chain every 6th request)" "${chains[@]}"
ratio_summary "ratio (previous_response_id turn / chat turn of 256 users' sessions, as before 2026-12-06)" "${others[@]}"
