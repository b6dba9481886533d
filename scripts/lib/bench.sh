# shellcheck shell=bash
# What bench/'s load scripts share: the settings of the running stack (`./scripts/run --detach`:
# its PostgreSQL with the knowledge ingested, its Valkey, their credentials), a private Valkey, and
# extra contrail servers on free ports. Sourced after services.sh (die, free_port, pid_alive,
# stop_pid, wait_for_http), with REPO and BIN set. Everything binds 127.0.0.1; bench_stop_all, which
# a script calls from its EXIT trap, stops by PID what these functions started.

SERVER_PID=
VALKEY_PID=

# bench_stack_env [NAME…]: sets STACK_ENV to the CONTRAIL_* environment of the stack's contrail,
# without CONTRAIL_HTTP_PORT and the CONTRAIL_NAMEs given (VALKEY_PORT, VALKEY_USERNAME … to run
# on a private Valkey instead). Dies when no stack runs.
bench_stack_env() {
  local pid exclude=HTTP_PORT name
  pid=$(read_pid "$REPO/.data/contrail.pid")
  [ -n "$pid" ] && pid_alive "$pid" || die "no running stack: ./scripts/run --detach first"
  for name in "$@"; do exclude+="|$name"; done
  mapfile -t STACK_ENV < <(tr '\0' '\n' <"/proc/$pid/environ" | grep '^CONTRAIL_' | grep -v -E "^CONTRAIL_($exclude)=")
}

# stack_env NAME: the value of CONTRAIL_NAME in STACK_ENV.
stack_env() { printf '%s\n' "${STACK_ENV[@]}" | sed -n "s/^CONTRAIL_$1=//p"; }

# bench_start_valkey DIR [OPTION…]: a private Valkey on a free port (no ACL: only the benchmark
# reaches it), AOF everysec as the stack's, its files and log in DIR, more valkey-server OPTIONs
# after; sets VALKEY_PORT and VALKEY_PID once it answers.
bench_start_valkey() {
  local dir=$1
  shift
  VALKEY_PORT=$(free_port)
  valkey-server --port "$VALKEY_PORT" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly yes \
    --appendfsync everysec "$@" --logfile "$dir/valkey.log" &
  VALKEY_PID=$!
  for _ in $(seq 100); do
    valkey-cli -p "$VALKEY_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  die "the private Valkey did not start ($dir/valkey.log)"
}

# bench_start_contrail LOG [VAR=VALUE…]: `$BIN serve` on a free port with STACK_ENV, warnings only,
# then the VAR=VALUEs (a later one wins), its stderr in LOG; sets PORT and SERVER_PID once /readyz
# answers.
bench_start_contrail() {
  local log=$1
  shift
  PORT=$(free_port)
  env "${STACK_ENV[@]}" CONTRAIL_HTTP_PORT="$PORT" CONTRAIL_LOG_LEVEL=warn "$@" "$BIN" serve 2>"$log" &
  SERVER_PID=$!
  wait_for_http "http://127.0.0.1:$PORT/readyz" 60 "$SERVER_PID" || die "contrail did not get ready ($log)"
}

bench_stop_contrail() {
  [ -z "$SERVER_PID" ] || stop_pid "$SERVER_PID" contrail 10
  SERVER_PID=
}

# bench_stop_all: the contrail and the Valkey these functions started, if they run.
bench_stop_all() {
  bench_stop_contrail
  [ -z "$VALKEY_PID" ] || stop_pid "$VALKEY_PID" valkey-server 10
  VALKEY_PID=
}

# cpu_ticks PID: the user and system CPU of a process so far, in clock ticks (/proc/PID/stat).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# minor_faults PID: the pages a process has faulted in so far (/proc/PID/stat): what growing into
# new memory costs it (in its system CPU time, which cpu_ticks counts).
minor_faults() { awk '{print $10}' "/proc/$1/stat"; }
