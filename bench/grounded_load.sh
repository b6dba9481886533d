#!/usr/bin/env bash
# HTTP load benchmark of grounded fare turns (issue 13): wrk -t1 -c32 against POST
# /v1/chat/completions with four fare questions over 256 users (bench/wrk/grounded_fares.lua), each
# turn searching the knowledge base and reading fares and offers. It runs one extra contrail per
# setting against the stack of `./scripts/run --detach` (same Valkey and PostgreSQL, read from the
# running server's environment), on a free port, with authentication and the per-user turn rate
# off, and stops it by PID.
#
#   bench/grounded_load.sh [SETTING...]    default: off tools all answers
#     off    no cache (cache.tool_ttl_s = 0, cache.retrieval_ttl_s = 0)
#     tools  the tool-result cache only (fares and offers)
#     all    the tool-result cache and the retrieval cache: what a semantic-cache miss costs
#     answers  all of them with the semantic answer cache (the defaults)
# The first three turn the semantic answer cache off (cache.semantic = false).
# Env: DURATION (10s), CONNECTIONS (32), CONTRAIL_BIN (build/contrail).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${CONTRAIL_BIN:-$REPO/build/contrail}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
SETTINGS=("$@")
[ ${#SETTINGS[@]} -gt 0 ] || SETTINGS=(off tools all answers)
LOG_TAG=bench
source "$REPO/scripts/lib/services.sh"
source "$REPO/scripts/lib/bench.sh"
[ -x "$BIN" ] || die "build first: $BIN missing"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
bench_stack_env  # the running server's Valkey, PostgreSQL and credentials

WORK=$(mktemp -d /tmp/contrail-grounded.XXXXXX)
cleanup() {
  bench_stop_all
  rm -rf "$WORK"
}
trap cleanup EXIT

for setting in "${SETTINGS[@]}"; do
  case $setting in
    off) tool=0 retrieval=0 semantic=false ;;
    tools) tool=60 retrieval=0 semantic=false ;;
    all) tool=60 retrieval=60 semantic=false ;;
    answers) tool=60 retrieval=60 semantic=true ;;
    *) die "unknown setting '$setting' (off | tools | all | answers)" ;;
  esac
  bench_start_contrail "$WORK/contrail-$setting.log" CONTRAIL_AUTH=off CONTRAIL_LIMIT_USER_TURNS_PER_MINUTE=0 \
    CONTRAIL_CACHE_TOOL_TTL_S="$tool" CONTRAIL_CACHE_RETRIEVAL_TTL_S="$retrieval" CONTRAIL_CACHE_SEMANTIC="$semantic"
  echo "--- $setting (cache.tool_ttl_s=$tool, cache.retrieval_ttl_s=$retrieval, cache.semantic=$semantic)"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$REPO/bench/wrk/grounded_fares.lua" "http://127.0.0.1:$PORT" |
    grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors'
  bench_stop_contrail
done
