#!/usr/bin/env bash
# ./scripts/run's private stack, on a throwaway data dir and free ports, with the contrail binary
# CONTRAIL_BIN (./scripts/test passes build-asan/contrail; nothing is built):
#   1. --detach on a fresh data dir is ready; the secrets file and the Valkey ACL are mode 0600;
#      Valkey refuses a client that does not log in, contrail's Valkey user cannot run @admin or
#      @dangerous commands, maxmemory (CONTRAIL_VALKEY_MAXMEMORY) evicts with volatile-lru;
#      PostgreSQL refuses postgres without a password, contrail_app reads and writes rows but can do
#      no DDL, TEMP, TRUNCATE, schema_migrations write, superuser read or file access; every table
#      is contrail_owner's; the server's connections are contrail_app's; a profile and a chat turn
#      are stored through the API.
#   2. Valkey and PostgreSQL killed (SIGKILL) under the running contrail: --detach starts both
#      again on the same ports and data and exits 0 once the same contrail is ready again; the
#      profile and the turn are still there, and a key can be created again. (Both at once: each is
#      its own branch of ./scripts/run, and one run less keeps this test under a minute.)
#   3. --detach with everything healthy says so and exits 0, restarting nothing.
#   4. --stop stops contrail, Valkey and PostgreSQL.
# Prints one line per check; exits 1 if any failed. Whatever it started is stopped on exit; the data
# dir is removed, or kept (with ./scripts/run's output in run.log) when a check failed.
#
#   CONTRAIL_BIN=build-dev/contrail bash test/scripts/run_stack.sh
# shellcheck disable=SC2317 # the predicates below are called through check and refused
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOG_TAG=run-stack
# shellcheck source=scripts/lib/services.sh
source "$REPO/scripts/lib/services.sh"

{ [ -n "${CONTRAIL_BIN:-}" ] && [ -x "$CONTRAIL_BIN" ]; } || die "CONTRAIL_BIN must name a contrail binary"
CONTRAIL_BIN=$(realpath "$CONTRAIL_BIN")
export CONTRAIL_BIN

WORK=$(mktemp -d -t contrail-run-stack.XXXXXX)
chmod 755 "$WORK" # the postgres user must traverse it
DATA=$WORK/data
HTTP_PORT=$(free_port)
VALKEY_PORT=$(free_port)
PG_PORT=$(free_port)
PAYMENTS_PORT=$(free_port)
BASE_URL=http://127.0.0.1:$HTTP_PORT
# What the caller's environment (scripts/test's e2e phase) may hold must not steer ./scripts/run.
unset CONTRAIL_CONFIG CONTRAIL_HTTP_HOST CONTRAIL_PG_DATABASE CONTRAIL_PG_USER CONTRAIL_PG_PASSWORD \
  CONTRAIL_VALKEY_USERNAME CONTRAIL_VALKEY_PASSWORD CONTRAIL_KEY_FILE REDISCLI_AUTH \
  CONTRAIL_PAYMENTS_URL CONTRAIL_PAYMENTS_API_KEY CONTRAIL_PAYMENTS_TIMEOUT_MS
export CONTRAIL_DATA_DIR=$DATA CONTRAIL_HTTP_PORT=$HTTP_PORT CONTRAIL_VALKEY_PORT=$VALKEY_PORT \
  CONTRAIL_PG_PORT=$PG_PORT CONTRAIL_PAYMENTS_PORT=$PAYMENTS_PORT CONTRAIL_VALKEY_MAXMEMORY=64mb CONTRAIL_THREADS=2 CONTRAIL_READY_TIMEOUT=120 \
  CONTRAIL_SEED_SCALE=0.02

FAILED=0
STOPPED=0
finish() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$STOPPED" = 0 ]; then "$REPO/scripts/run" --stop >>"$WORK/run.log" 2>&1 || true; fi
  if [ "$rc" = 0 ] && [ "$FAILED" = 0 ]; then
    rm -rf "$WORK"
    log "all checks passed"
    exit 0
  fi
  log "FAILED ($FAILED checks; exit $rc); ./scripts/run's output and the data dir are in $WORK"
  exit 1
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ok() { log "ok: $*"; }
failed() {
  log "FAILED: $*"
  FAILED=$((FAILED + 1))
}
# check WHAT CMD...: WHAT holds when CMD succeeds.
check() {
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then ok "$what"; else failed "$what"; fi
}
# refused WHAT CMD...: WHAT (an expectation, like check's) holds when CMD fails.
refused() {
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then failed "$what"; else ok "$what"; fi
}

# run_script ARGS...: ./scripts/run ARGS; its output in $WORK/run.out (and appended to run.log).
run_script() {
  local rc=0
  "$REPO/scripts/run" "$@" >"$WORK/run.out" 2>&1 </dev/null || rc=$?
  cat "$WORK/run.out" >>"$WORK/run.log"
  return "$rc"
}
said() { grep -qF "$1" "$WORK/run.out"; }

# app_sql SQL: SQL as contrail_app over TCP, as contrail serve connects.
app_sql() {
  PGPASSFILE=/dev/null PGPASSWORD=$PG_APP_PASSWORD psql -X -q -w -h 127.0.0.1 -p "$PG_PORT" \
    -U "$PG_APP_ROLE" -d contrail -v ON_ERROR_STOP=1 -At -c "$1"
}
# app_denied SQL: true when PostgreSQL refuses SQL to contrail_app for want of a privilege (not
# because the connection or the statement failed otherwise).
app_denied() {
  local out
  if out=$(app_sql "$1" 2>&1); then return 1; fi
  grep -qE 'permission denied|must be owner|must be superuser' <<<"$out"
}
# app_valkey ARGS...: valkey-cli as contrail's Valkey user.
app_valkey() {
  REDISCLI_AUTH=$VALKEY_APP_PASSWORD valkey-cli --user "$VALKEY_APP_USER" -h 127.0.0.1 -p "$VALKEY_PORT" "$@"
}
valkey_denied() { app_valkey "$@" 2>&1 | grep -q '^NOPERM'; }

# api METHOD PATH [BODY]: the response body, then its status on a line of its own.
api() {
  curl -s --max-time 10 -X "$1" "$BASE_URL$2" -H "Authorization: Bearer $(cat "$DATA/contrail.key")" \
    -H 'Content-Type: application/json' ${3:+-d "$3"} -w '\n%{http_code}'
}
api_status() { api "$@" | tail -n 1; }
readyz_ok() { [ "$(http_status "$BASE_URL/readyz")" = 200 ]; }
valkey_pid() { read_pid "$DATA/valkey/valkey.pid"; }
pg_pid() { read_pid "$(pg_dir_for "$DATA")/data/postmaster.pid"; }
server_pid() { read_pid "$DATA/contrail.pid"; }
payments_pid() { read_pid "$DATA/payments/payments.pid"; }
# wait_gone PID: waits (up to 10 s) until PID is no longer a live process.
wait_gone() {
  local i
  for ((i = 0; i < 100; i++)); do
    pid_alive "$1" || return 0
    sleep 0.1
  done
  return 1
}
stored_turn() { api GET "/v1/sessions/trip/messages?user=ana" | grep -q 'Las Vegas'; }
stored_profile() { api GET /v1/users/ana/profile | grep -q '"kids_ages":"4,8"'; }

# --- 1. a fresh data dir --------------------------------------------------------------------------

t0=$SECONDS
if ! run_script --detach; then
  tail -n 40 "$WORK/run.out" >&2
  failed "./scripts/run --detach on a fresh data dir"
  exit 1
fi
ok "./scripts/run --detach on a fresh data dir is ready ($((SECONDS - t0))s)"
secrets_load "$DATA/secrets.env"
check "secrets.env is mode 0600" test "$(stat -c %a "$DATA/secrets.env")" = 600
check "the Valkey ACL file is mode 0600" test "$(stat -c %a "$DATA/valkey/users.acl")" = 600

refused "Valkey refuses a client that did not log in" valkey_open "$VALKEY_PORT"
check "contrail's Valkey user reads and writes" test "$(app_valkey set run-stack:probe 1 EX 60)" = OK
for cmd in "flushall" "keys *" "config set maxmemory 0" "acl list" "save" "info" "shutdown nosave"; do
  read -ra words <<<"$cmd" # split on spaces, no glob
  check "contrail's Valkey user may not run: $cmd" valkey_denied "${words[@]}"
done
check "Valkey's maxmemory is CONTRAIL_VALKEY_MAXMEMORY" \
  test "$(valkey_cli "$VALKEY_PORT" config get maxmemory | tail -n 1)" = $((64 * 1024 * 1024))
check "Valkey evicts only keys with a TTL" \
  test "$(valkey_cli "$VALKEY_PORT" config get maxmemory-policy | tail -n 1)" = volatile-lru

refused "PostgreSQL refuses postgres over TCP without a password" \
  env PGPASSFILE=/dev/null PGPASSWORD= psql -X -w -h 127.0.0.1 -p "$PG_PORT" -U postgres -d contrail -c 'SELECT 1'
refused "PostgreSQL refuses contrail_app with a wrong password" \
  env PGPASSFILE=/dev/null PGPASSWORD=wrong psql -X -w -h 127.0.0.1 -p "$PG_PORT" -U "$PG_APP_ROLE" -d contrail -c 'SELECT 1'
check "contrail_app reads rows" app_sql "SELECT count(*) FROM flights"
check "contrail_app writes rows (a serial column's sequence included)" app_sql "BEGIN;
  INSERT INTO memory_events (event_id, user_id, session_id, seq, role, content) VALUES ('r:0', 'run-stack', 's', 1, 'user', 'x');
  UPDATE memory_events SET content = 'y' WHERE user_id = 'run-stack';
  DELETE FROM memory_events WHERE user_id = 'run-stack'; ROLLBACK"
for sql in "CREATE TABLE run_stack (x int)" "CREATE TEMP TABLE run_stack (x int)" \
  "CREATE SCHEMA run_stack" "DROP TABLE api_keys" "ALTER TABLE api_keys ADD COLUMN x int" \
  "CREATE INDEX ON api_keys (name)" "TRUNCATE api_keys" \
  "INSERT INTO schema_migrations VALUES (9999, 'x', 'y')" "SELECT count(*) FROM pg_authid" \
  "SELECT pg_read_file('postgresql.conf')" "COPY api_keys TO PROGRAM 'cat'" \
  "SET ROLE $PG_OWNER_ROLE"; do
  check "contrail_app may not: $sql" app_denied "$sql"
done
check "neither role is a superuser or may create databases or roles" test "$(pg_sql "$PG_PORT" postgres \
  "SELECT bool_or(rolsuper OR rolcreatedb OR rolcreaterole) FROM pg_roles
   WHERE rolname IN ('$PG_OWNER_ROLE', '$PG_APP_ROLE')")" = f
check "contrail_owner owns every table" test "$(pg_sql "$PG_PORT" contrail \
  "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '$PG_OWNER_ROLE'")" = 0
check "contrail serve connects as contrail_app" test "$(pg_sql "$PG_PORT" postgres \
  "SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity
   WHERE datname = 'contrail' AND application_name = 'contrail'")" = "$PG_APP_ROLE"

check "a profile is stored" test "$(api_status PUT /v1/users/ana/profile '{"name":"Ana","kids_ages":"4,8"}')" = 200
check "a chat turn is answered" test "$(api_status POST /v1/chat/completions \
  '{"model":"flightly-local","user":"ana","metadata":{"session_id":"trip"},
    "messages":[{"role":"user","content":"can I fly from Las Vegas to Hawaii?"}]}')" = 200
check "the turn is in the session" stored_turn
# appendfsync everysec: past a second, the turn is on disk too.
sleep 1.5

# --- 2. Valkey and PostgreSQL die under the running contrail --------------------------------------

server=$(server_pid)
old_valkey=$(valkey_pid)
old_pg=$(pg_pid)
kill -KILL "$old_valkey" "$old_pg"
check "Valkey is killed" wait_gone "$old_valkey"
check "PostgreSQL is killed" wait_gone "$old_pg"
t0=$SECONDS
check "./scripts/run --detach with Valkey and PostgreSQL dead exits 0" run_script --detach
ok "(the run took $((SECONDS - t0))s)"
check "it says it started both again" said "started again: Valkey PostgreSQL"
check "Valkey runs again" pid_is "$(valkey_pid)" valkey-server
check "PostgreSQL runs again" pid_alive "$(pg_pid)"
check "the same contrail runs" test "$(server_pid)" = "$server"
check "contrail is ready" readyz_ok
check "the profile survived" stored_profile
check "the turn survived (AOF replayed through the ACL)" stored_turn
check "contrail writes to PostgreSQL again (a new key)" \
  test "$(api_status POST /v1/admin/keys '{"kind":"user","user":"ana"}')" = 201

# --- 3. everything healthy ------------------------------------------------------------------------

check "./scripts/run --detach with everything running exits 0" run_script --detach
check "it says contrail already runs and is ready" said "contrail already running and ready: $BASE_URL (pid $server)"
refused "it started nothing again" said "started again"

# --- 4. --stop ------------------------------------------------------------------------------------

valkey=$(valkey_pid)
pg=$(pg_pid)
payments=$(payments_pid)
check "the payment simulator ran" test -n "$payments"
if run_script --stop; then
  ok "./scripts/run --stop exits 0"
  STOPPED=1
else
  failed "./scripts/run --stop exits 0"
fi
refused "contrail stopped" pid_alive "$server"
refused "Valkey stopped" pid_alive "$valkey"
refused "PostgreSQL stopped" pid_alive "$pg"
refused "the payment simulator stopped" pid_alive "$payments"
exit 0
