#!/usr/bin/env bash
# What a Valkey write costs Valkey's CPU, by the shape a stored response could take (issue 16: a
# response turn writes one new key per response, a chat turn in a session none). A private Valkey
# (AOF everysec, as the stack's), valkey-benchmark with 8 connections pipelining 8, and Valkey's own
# used_cpu_user + used_cpu_sys per command: a new key with a TTL at several value sizes, the same
# key overwritten, a new field in one hash per chain, an element pushed on one list, and a GET for
# the floor (a command's parse, reply and network share). Binds 127.0.0.1; stopped by PID.
#   bench/valkey_write_cost.sh
# Env: REQUESTS (100000 per command), ROUNDS (2).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REQUESTS=${REQUESTS:-100000}
ROUNDS=${ROUNDS:-2}
LOG_TAG=bench
source "$REPO/scripts/lib/services.sh"
command -v valkey-benchmark >/dev/null || die "valkey-benchmark is missing (it comes with valkey-server)"

WORK=$(mktemp -d /tmp/contrail-valkey-cost.XXXXXX)
PORT=$(free_port)
VALKEY_PID=
cleanup() {
  [ -z "$VALKEY_PID" ] || stop_pid "$VALKEY_PID" valkey-server 10
  rm -rf "$WORK"
}
trap cleanup EXIT
valkey-server --port "$PORT" --bind 127.0.0.1 --dir "$WORK" --save '' --appendonly yes --appendfsync everysec \
  --auto-aof-rewrite-percentage 0 --logfile "$WORK/valkey.log" &
VALKEY_PID=$!
for _ in $(seq 100); do valkey-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done

cpu_seconds() { valkey-cli -p "$PORT" info cpu | tr -d '\r' | awk -F: '/^used_cpu_(user|sys):/ {s += $2} END {printf "%.4f", s}'; }
measure() {  # measure LABEL COMMAND…: Valkey's CPU µs per command
  local before after
  before=$(cpu_seconds)
  valkey-benchmark -p "$PORT" -n "$REQUESTS" -r 1000000000 -c 8 -P 8 -q "${@:2}" >/dev/null 2>&1
  after=$(cpu_seconds)
  printf '| %s | %s |\n' "$1" "$(awk -v a="$before" -v b="$after" -v n="$REQUESTS" 'BEGIN {printf "%.1f", (b - a) * 1e6 / n}')"
}

echo "machine: $(nproc) cores, $(uname -r); $(date -u +%F); $(valkey-server --version | awk '{print $3}')"
KEY='{u:bench}:resp:resp___rand_int___resp-0123456789abcdef0123'
for round in $(seq "$ROUNDS"); do
  echo
  echo "round $round"
  echo "| command | Valkey CPU µs |"
  echo "| --- | ---: |"
  for size in 16 100 700 1400 2800; do
    measure "SET a new key EX, $size B" SET "$KEY" "$(head -c "$size" /dev/zero | tr '\0' x)" EX 604800
  done
  value=$(head -c 700 /dev/zero | tr '\0' x)
  measure "SET one key again EX, 700 B" SET '{u:bench}:resp:same' "$value" EX 604800
  measure "HSET a new field of one chain's hash, 700 B" HSET '{u:bench}:resp:chain' 'f__rand_int__' "$value"
  measure "RPUSH on one chain's list, 700 B" RPUSH '{u:bench}:resp:list' "$value"
  measure "GET (the floor)" GET '{u:bench}:resp:same'
done
echo
echo "keys: $(valkey-cli -p "$PORT" dbsize); $(valkey-cli -p "$PORT" info memory | tr -d '\r' | grep '^used_memory_human')"
