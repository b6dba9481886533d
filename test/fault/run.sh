#!/usr/bin/env bash
# The fault-injection suite (test/fault/faults.mjs): starts a private Valkey and PostgreSQL on free
# loopback ports under a temporary directory (scripts/lib/services.sh, as scripts/test does),
# migrates and seeds a database, ingests data/knowledge, makes an admin key, then runs the faults
# against CONTRAIL_BIN (the driver starts, kills and restarts contrail itself), and stops
# everything it started, by PID, on exit. Exit status 0 when every fault passed.
#
#   test/fault/run.sh [--bin PATH] [--long] [--only FAULT,FAULT]
#
#   --bin PATH    the contrail binary (default: $CONTRAIL_BIN, else build-dev/contrail, else build/contrail)
#   --long        longer load and each fault three times (CONTRAIL_FAULTS_LONG=1 does the same)
#   --only LIST   only these faults (CONTRAIL_FAULTS_ONLY): valkey-kill, valkey-kill-acked,
#                 valkey-pause, pg-restart, provider-hang, provider-garbage, contrail-kill, worker-kill
#
# Credentials: as ./scripts/run's stack (scripts/lib/services.sh): migrate, seed, ingest and keys as
# the owner role, contrail serve as the application role, Valkey as its ACL user, all through the
# CONTRAIL_PG_* and CONTRAIL_VALKEY_* variables.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOG_TAG=faults
# shellcheck source=scripts/lib/services.sh
source "$REPO/scripts/lib/services.sh"

BIN=${CONTRAIL_BIN:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --bin)
      [ $# -ge 2 ] || die "--bin needs a path"
      BIN=$2
      shift
      ;;
    --long) export CONTRAIL_FAULTS_LONG=1 ;;
    --only)
      [ $# -ge 2 ] || die "--only needs a list of faults"
      export CONTRAIL_FAULTS_ONLY=$2
      shift
      ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" && exit 0 ;;
    *) die "unknown argument: $1 (use --bin PATH, --long or --only LIST)" ;;
  esac
  shift
done
if [ -z "$BIN" ]; then
  for b in "$REPO/build-dev/contrail" "$REPO/build/contrail"; do
    if [ -x "$b" ]; then
      BIN=$b
      break
    fi
  done
fi
[ -n "$BIN" ] && [ -x "$BIN" ] || die "no contrail binary: build one or pass --bin PATH"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null ||
  die "node 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))"
# A developer's config file must not change what the suite sees.
unset CONTRAIL_CONFIG

WORK=$(mktemp -d -t contrail-faults.XXXXXX)
chmod 755 "$WORK" # the postgres user must traverse it
VALKEY_DIR=$WORK/valkey
PG_DIR=$(pg_dir_for "$WORK")
OK=0

# shellcheck disable=SC2317 # invoked by the EXIT trap
teardown() {
  local rc=$? pid
  trap - EXIT INT TERM
  # The driver stops its contrail; if it died before it could, its PID is in contrail.pid.
  pid=$(read_pid "$WORK/contrail.pid")
  if [ -n "$pid" ] && pid_is "$pid" contrail; then stop_pid "$pid" contrail 20; fi
  # A Valkey the driver paused (SIGSTOP) would not see SIGTERM.
  pid=$(read_pid "$VALKEY_DIR/valkey.pid")
  if [ -n "$pid" ] && pid_is "$pid" valkey-server; then kill -CONT "$pid" 2>/dev/null || true; fi
  valkey_stop "$VALKEY_DIR" || true
  pg_stop "$PG_DIR" || true
  if [ "$rc" = 0 ] && [ "$OK" = 1 ]; then
    rm -rf "$WORK" "$PG_DIR"
  else
    rm -rf "$PG_DIR/data" "$VALKEY_DIR/appendonlydir"
    log "logs kept in $WORK"
  fi
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

VALKEY_PORT=$(free_port)
PG_PORT=$(free_port)
HTTP_PORT=$(free_port)
log "starting Valkey on port $VALKEY_PORT and PostgreSQL on port $PG_PORT in $WORK"
# The same least-privilege stack as ./scripts/run's: passwords in $WORK/secrets.env (ctl.sh reads
# them to restart Valkey), the owner role sets up, contrail serves as the application role.
export FAULT_SECRETS=$WORK/secrets.env
secrets_load "$FAULT_SECRETS"
valkey_start "$VALKEY_DIR" "$VALKEY_PORT"
pg_start "$PG_DIR" "$PG_PORT"
pg_ensure_db "$PG_PORT" contrail_faults
pg_ensure_roles "$PG_PORT" contrail_faults

export CONTRAIL_VALKEY_HOST=127.0.0.1 CONTRAIL_VALKEY_PORT=$VALKEY_PORT
export CONTRAIL_PG_HOST=127.0.0.1 CONTRAIL_PG_PORT=$PG_PORT
export CONTRAIL_PG_DATABASE=contrail_faults
export_credentials owner
export CONTRAIL_HTTP_HOST=127.0.0.1 CONTRAIL_HTTP_PORT=$HTTP_PORT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

for step in migrate seed "ingest $REPO/data/knowledge"; do
  log "contrail $step"
  # shellcheck disable=SC2086 # step is a subcommand and its arguments
  "$BIN" $step >>"$WORK/setup.log" 2>&1 || {
    tail -n 30 "$WORK/setup.log" >&2
    die "contrail $step failed"
  }
done
"$BIN" keys create --admin --name faults --out "$WORK/admin.key" >>"$WORK/setup.log" 2>&1 || {
  tail -n 30 "$WORK/setup.log" >&2
  die "contrail keys create failed"
}
pg_grant_app "$PG_PORT" contrail_faults
export_credentials app

log "node test/fault/faults.mjs against $BIN"
CONTRAIL_BIN=$BIN CONTRAIL_API_KEY=$(cat "$WORK/admin.key") FAULT_VALKEY_DIR=$VALKEY_DIR FAULT_PG_DIR=$PG_DIR \
  FAULT_WORK=$WORK node "$REPO/test/fault/faults.mjs"
OK=1
