# shellcheck shell=bash
# Shared helpers for scripts/run and scripts/test: logging, free ports, waiting for HTTP, the private
# stack's passwords, and starting, pinging and stopping a private Valkey and PostgreSQL 15 with least
# privilege (README "The private stack"). Sourced, never run. Every process is stopped by the PID it
# wrote, never by name.
#
# The caller sets LOG_TAG (e.g. "run") before sourcing; the functions use `set -euo pipefail` semantics.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
: "${LOG_TAG:=lib}"

log() { printf '[%s] %s\n' "$LOG_TAG" "$*"; }
warn() { printf '[%s] warning: %s\n' "$LOG_TAG" "$*" >&2; }
die() {
  printf '[%s] error: %s\n' "$LOG_TAG" "$*" >&2
  exit 1
}

# --- processes -----------------------------------------------------------------------------------

# pid_alive PID: true when PID is a running (not zombie) process.
pid_alive() {
  local pid=$1 state
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
  [ "$state" != Z ]
}

# pid_is PID NAME: true when PID is alive and its command name (/proc/PID/comm) is NAME, so a stale
# pid file whose number was reused by another program never gets that program killed.
pid_is() {
  pid_alive "$1" && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]
}

# read_pid FILE: prints the PID stored in FILE's first line, or nothing.
read_pid() {
  [ -f "$1" ] || return 0
  head -n 1 "$1" | tr -dc '0-9'
}

# stop_pid PID NAME [SECONDS]: SIGTERM, wait up to SECONDS (default 30), then SIGKILL.
# Returns 0 once the process is gone.
stop_pid() {
  local pid=$1 name=$2 timeout=${3:-30} i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  warn "$name (pid $pid) did not stop within ${timeout}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
}

# --- ports and HTTP ------------------------------------------------------------------------------

# port_in_use PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port: prints a TCP port that nothing listens on, below Linux's ephemeral range (32768+) so an
# outgoing connection cannot take it meanwhile. Ports already handed out by this shell are skipped.
_HANDED_OUT_PORTS=" "
free_port() {
  local p i
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 12000))
    [[ $_HANDED_OUT_PORTS == *" $p "* ]] && continue
    port_in_use "$p" && continue
    _HANDED_OUT_PORTS+="$p "
    echo "$p"
    return 0
  done
  die "no free TCP port found in 20000-31999"
}

# ratio_summary LABEL RATIO…: the median and spread of a benchmark's per-round ratios (bench/: a
# noisy machine is judged by the median of rounds, not by one).
ratio_summary() {
  local label=$1
  shift
  printf '%s\n' "$@" | sort -n | awk -v label="$label" '{r[NR] = $1; s += $1} END {
    m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
    printf "%s over %d rounds: median %.3f, mean %.3f, min %.3f, max %.3f\n", label, NR, m, s / NR, r[1], r[NR]}'
}

# http_status URL: prints the HTTP status code (000 when nothing answers).
http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" 2>/dev/null || true
}

# wait_for_http URL SECONDS [PID]: waits until URL answers 200. Fails early when PID dies.
wait_for_http() {
  local url=$1 timeout=$2 pid=${3:-} deadline
  deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    [ "$(http_status "$url")" = 200 ] && return 0
    if [ -n "$pid" ] && ! pid_alive "$pid"; then
      return 2
    fi
    sleep 0.2
  done
  return 1
}

# --- credentials ---------------------------------------------------------------------------------

# Who is who in the private stack. PostgreSQL: the superuser postgres is for these scripts only;
# PG_OWNER_ROLE owns the database and its tables and runs contrail migrate, seed, ingest and keys;
# PG_APP_ROLE is what contrail serve connects as (reads and writes rows, no DDL). Valkey: the
# `default` user is off (an unauthenticated client is refused), VALKEY_ADMIN_USER is for these
# scripts and the tests' valkey-cli, VALKEY_APP_USER is contrail's (no @admin, no @dangerous).
PG_OWNER_ROLE=contrail_owner
PG_APP_ROLE=contrail_app
# run_query's role (migration 0010): reads Flightly's inventory and documents only; the application
# role may SET ROLE to it inside run_query's read-only transaction.
PG_QUERY_ROLE=contrail_query
VALKEY_ADMIN_USER="admin"
VALKEY_APP_USER=contrail
# The passwords secrets_load keeps in the secrets file, one NAME=value line each (PAYMENTS_API_KEY:
# what contrail sends the simulated payment processor).
SECRET_NAMES=(PG_ADMIN_PASSWORD PG_OWNER_PASSWORD PG_APP_PASSWORD VALKEY_ADMIN_PASSWORD VALKEY_APP_PASSWORD
  PAYMENTS_API_KEY)

# random_secret: 48 hex digits (192 bits) from /dev/urandom; no character needs quoting anywhere.
random_secret() {
  od -An -tx1 -N24 /dev/urandom | tr -d ' \n'
}

# secrets_load FILE: sets the shell variables named in SECRET_NAMES (not exported) from FILE, which
# is created on first use (mode 0600, also when it exists with a wider one). A name FILE lacks (a
# first run, or a file written by an older version) gets a random password, appended to FILE, so
# each password is generated once and kept.
secrets_load() {
  local file=$1 name value
  if [ ! -f "$file" ]; then
    (umask 077 && printf '# Passwords of the private Valkey and PostgreSQL (scripts/lib/services.sh).\n' >"$file")
  fi
  chmod 600 "$file"
  for name in "${SECRET_NAMES[@]}"; do
    value=$(awk -v name="$name" 'index($0, name "=") == 1 { print substr($0, length(name) + 2); exit }' "$file")
    if [ -z "$value" ]; then
      value=$(random_secret)
      printf '%s=%s\n' "$name" "$value" >>"$file"
    fi
    printf -v "$name" '%s' "$value"
  done
}

# export_credentials owner|app: exports what contrail reads to reach the private stack (its config's
# CONTRAIL_PG_USER/PASSWORD and CONTRAIL_VALKEY_USERNAME/PASSWORD): PostgreSQL as the owner role
# (migrate, seed, ingest, keys) or the application role (serve), Valkey as VALKEY_APP_USER. The
# environment, unlike the command line, is not visible to other users in ps.
# REQUIRES: secrets_load ran.
export_credentials() {
  case $1 in
    owner) CONTRAIL_PG_USER=$PG_OWNER_ROLE CONTRAIL_PG_PASSWORD=$PG_OWNER_PASSWORD ;;
    app) CONTRAIL_PG_USER=$PG_APP_ROLE CONTRAIL_PG_PASSWORD=$PG_APP_PASSWORD ;;
    *) die "export_credentials: owner or app, not '$1'" ;;
  esac
  CONTRAIL_VALKEY_USERNAME=$VALKEY_APP_USER
  CONTRAIL_VALKEY_PASSWORD=$VALKEY_APP_PASSWORD
  export CONTRAIL_PG_USER CONTRAIL_PG_PASSWORD CONTRAIL_VALKEY_USERNAME CONTRAIL_VALKEY_PASSWORD
}

# --- Valkey --------------------------------------------------------------------------------------

# valkey_cli PORT ARGS...: valkey-cli on 127.0.0.1:PORT as VALKEY_ADMIN_USER; the password goes
# through the environment (REDISCLI_AUTH), not the command line. REQUIRES: secrets_load ran.
valkey_cli() {
  local port=$1
  shift
  REDISCLI_AUTH=$VALKEY_ADMIN_PASSWORD valkey-cli --user "$VALKEY_ADMIN_USER" -h 127.0.0.1 -p "$port" "$@"
}

# valkey_ping PORT: true when the Valkey on PORT answers the admin user. (Not PING: valkey-cli goes
# on unauthenticated when AUTH fails, and a Valkey without ACL, from an older version, would PONG.)
valkey_ping() {
  [ "$(valkey_cli "$1" acl whoami 2>/dev/null)" = "$VALKEY_ADMIN_USER" ]
}

# valkey_open PORT: true when the Valkey on PORT answers a client that did not authenticate (one
# started without this ACL, by an older version of these scripts).
valkey_open() {
  [ "$(valkey-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]
}

# valkey_server_pid PORT: the process_id that the Valkey on PORT reports.
valkey_server_pid() {
  valkey_cli "$1" info server 2>/dev/null | awk -F: '/^process_id:/ {print $2}' | tr -dc '0-9'
}

# valkey_write_acl FILE: the ACL of the private Valkey (mode 0600), passwords as SHA-256 (Valkey's
# `#<hex>` form), so the file holds no password. VALKEY_APP_USER gets every command but the @admin
# and @dangerous categories (CONFIG, DEBUG, SHUTDOWN, ACL, MONITOR, CLIENT KILL, FLUSHALL, KEYS,
# INFO …): a deny-list, so that a command a later change sends (INCR, FCALL …) needs no edit here,
# while nothing can reconfigure, stop or wipe the server. All it uses today: GET, SET, DEL, EXPIRE,
# HGETALL, HSET, HINCRBY, LRANGE, LTRIM, RPUSH, EVAL (scripts calling HLEN, HEXISTS, HDEL), WAITAOF,
# PING, AUTH, SELECT; for the semantic cache SCAN, SADD, SMEMBERS, PEXPIREAT, XADD, XREAD, XREVRANGE.
# The `default` user is off and has no password: a client that does not log in as
# one of the two is refused (NOAUTH), and nobody can log in as it. It keeps every permission on
# purpose: Valkey replays the append-only file as `default`, and checks the commands of a replayed
# MULTI/EXEC (how a script's writes are logged) against its ACL — with `-@all` every multi-write
# script (a chat turn) would be dropped, silently, at the next start. REQUIRES: secrets_load ran.
valkey_write_acl() {
  local file=$1 admin_hash app_hash
  admin_hash=$(printf '%s' "$VALKEY_ADMIN_PASSWORD" | sha256sum | cut -d' ' -f1)
  app_hash=$(printf '%s' "$VALKEY_APP_PASSWORD" | sha256sum | cut -d' ' -f1)
  (
    umask 077
    printf '%s\n' \
      "user default off resetpass ~* &* +@all" \
      "user $VALKEY_ADMIN_USER on #$admin_hash ~* &* +@all" \
      "user $VALKEY_APP_USER on #$app_hash ~* &* +@all -@admin -@dangerous" >"$file"
  )
}

# valkey_running DIR PORT: true when the Valkey whose pid file is in DIR runs and answers on PORT.
valkey_running() {
  local dir=$1 port=$2 pid
  pid=$(read_pid "$dir/valkey.pid")
  [ -n "$pid" ] && pid_is "$pid" valkey-server && valkey_ping "$port" &&
    [ "$(valkey_server_pid "$port")" = "$pid" ]
}

# valkey_start DIR PORT: starts a private, durable Valkey (AOF, fsync every second, no RDB
# snapshots) bound to loopback, with data, pid file, log and ACL (DIR/users.acl, valkey_write_acl)
# in DIR. Waits until it answers. REQUIRES: secrets_load ran.
# Memory is bounded: maxmemory CONTRAIL_VALKEY_MAXMEMORY (default 1gb) with volatile-lru, which
# evicts only keys that have a TTL — sessions, the embedding cache, the copies of API keys — and
# never a profile (no TTL); once only keys without a TTL are left, writes fail (OOM) instead.
valkey_start() {
  local dir=$1 port=$2 i
  mkdir -p "$dir"
  if port_in_use "$port"; then
    die "port $port (Valkey) is already in use by another program; choose another with CONTRAIL_VALKEY_PORT"
  fi
  rm -f "$dir/valkey.pid"
  valkey_write_acl "$dir/users.acl"
  # AOF compaction (a fork) once the log has grown by 512 MB, not Valkey's default 64 MB: every
  # turn appends ~1 KB of history writes, so at 10,000 turns/s the default forks every ~6 s and
  # each fork stalls every client for tens of milliseconds. CONTRAIL_VALKEY_AOF_REWRITE_MIN.
  valkey-server --port "$port" --bind 127.0.0.1 --dir "$dir" --daemonize yes \
    --save '' --appendonly yes --appendfsync everysec \
    --auto-aof-rewrite-min-size "${CONTRAIL_VALKEY_AOF_REWRITE_MIN:-512mb}" \
    --aclfile "$dir/users.acl" \
    --maxmemory "${CONTRAIL_VALKEY_MAXMEMORY:-1gb}" --maxmemory-policy volatile-lru \
    --pidfile "$dir/valkey.pid" --logfile "$dir/valkey.log" ||
    die "valkey-server failed to start; see $dir/valkey.log"
  for ((i = 0; i < 100; i++)); do
    valkey_ping "$port" && [ -s "$dir/valkey.pid" ] && return 0
    sleep 0.1
  done
  tail -n 20 "$dir/valkey.log" >&2 || true
  die "Valkey on port $port did not answer within 10s; see $dir/valkey.log"
}

# valkey_stop DIR: stops the Valkey whose pid file is in DIR (SIGTERM: it flushes the AOF and exits).
valkey_stop() {
  local dir=$1 pid
  pid=$(read_pid "$dir/valkey.pid")
  if [ -n "$pid" ] && pid_is "$pid" valkey-server; then
    stop_pid "$pid" valkey-server 30
  fi
  rm -f "$dir/valkey.pid"
}

# --- the simulated payment processor --------------------------------------------------------------

# payments_running DIR PORT: true when the simulator recorded in DIR/payments.pid answers on PORT.
payments_running() {
  local dir=$1 port=$2 pid
  pid=$(read_pid "$dir/payments.pid")
  [ -n "$pid" ] && pid_is "$pid" contrail && [ "$(http_status "http://127.0.0.1:$port/healthz")" = 200 ]
}

# payments_start BIN DIR PORT: `BIN payments-sim` on 127.0.0.1:PORT — the payment processor Flightly's
# payment agent charges (flightly/bookings/payment_simulator.h) — with its ledger in
# DIR/payments-ledger.jsonl (a restarted simulator still knows every charge and key), pid file
# DIR/payments.pid and log DIR/payments.log. It requires PAYMENTS_API_KEY (from the environment, not
# the command line). Waits until /healthz answers. REQUIRES: secrets_load ran.
payments_start() {
  local bin=$1 dir=$2 port=$3 pid
  mkdir -p "$dir"
  CONTRAIL_PAYMENTS_SIM_API_KEY=$PAYMENTS_API_KEY setsid "$bin" payments-sim --host 127.0.0.1 --port "$port" \
    --ledger "$dir/payments-ledger.jsonl" >>"$dir/payments.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/payments.pid"
  wait_for_http "http://127.0.0.1:$port/healthz" 20 "$pid" ||
    die "the payment simulator did not start on port $port; see $dir/payments.log"
}

# payments_stop DIR: stops the simulator recorded in DIR/payments.pid.
payments_stop() {
  local dir=$1 pid
  pid=$(read_pid "$dir/payments.pid")
  if [ -n "$pid" ] && pid_is "$pid" contrail; then
    stop_pid "$pid" payments-sim 10
  fi
  rm -f "$dir/payments.pid"
}

# --- PostgreSQL ----------------------------------------------------------------------------------

# as_postgres CMD...: runs CMD as the postgres user (PostgreSQL refuses to run as root), from a
# directory that user can read so tools do not complain about the working directory.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# pg_traversable DIR: true when the postgres user can reach DIR (every parent must be +x for it).
pg_traversable() {
  [ "$(id -u)" != 0 ] && return 0
  runuser -u postgres -- test -x "$1" 2>/dev/null
}

# pg_dir_for BASE: prints the directory PostgreSQL should use for data under BASE. That is BASE/pg
# when the postgres user can traverse BASE; otherwise (a checkout under /root) a directory under
# /var/tmp named after a hash of BASE, so the same BASE always maps to the same place.
pg_dir_for() {
  local base=$1 hash
  if pg_traversable "$base"; then
    echo "$base/pg"
  else
    hash=$(printf '%s' "$base" | sha256sum | cut -c1-12)
    echo "/var/tmp/contrail-$hash/pg"
  fi
}

# pg_sql PORT DB SQL: runs SQL as superuser postgres (over TCP, with PG_ADMIN_PASSWORD in the
# environment); prints unaligned, tuples-only output. REQUIRES: secrets_load ran.
pg_sql() {
  PGPASSWORD=$PG_ADMIN_PASSWORD PGOPTIONS='-c client_min_messages=warning' \
    psql -X -q -h 127.0.0.1 -p "$1" -U postgres -d "$2" -v ON_ERROR_STOP=1 -At -c "$3"
}

# pg_sql_stdin PORT DB: pg_sql with the SQL read from stdin, for SQL that holds a password (a
# command line is visible to every user in ps).
pg_sql_stdin() {
  PGPASSWORD=$PG_ADMIN_PASSWORD PGOPTIONS='-c client_min_messages=warning' \
    psql -X -q -h 127.0.0.1 -p "$1" -U postgres -d "$2" -v ON_ERROR_STOP=1 -At -f -
}

pg_ping() {
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -U postgres -d postgres >/dev/null 2>&1
}

# pg_running DIR PORT: true when the PostgreSQL whose cluster is DIR/data runs on PORT and answers.
pg_running() {
  local dir=$1 port=$2 pid pid_port
  [ -f "$dir/data/postmaster.pid" ] || return 1
  pid=$(read_pid "$dir/data/postmaster.pid")
  pid_port=$(sed -n 4p "$dir/data/postmaster.pid" | tr -dc '0-9')
  [ -n "$pid" ] && pid_alive "$pid" && [ "$pid_port" = "$port" ] && pg_ping "$port"
}

# pg_running_port DIR: prints the port of the PostgreSQL running from DIR/data, if one runs.
pg_running_port() {
  local dir=$1 pid
  [ -f "$dir/data/postmaster.pid" ] || return 0
  pid=$(read_pid "$dir/data/postmaster.pid")
  if [ -n "$pid" ] && pid_alive "$pid"; then
    sed -n 4p "$dir/data/postmaster.pid" | tr -dc '0-9'
  fi
}

# pg_write_auth DIR: the cluster's client authentication (DIR/data/pg_hba.conf, pg_ident.conf),
# written on every start so that a cluster from an older version (trust for everyone) gets it too:
# over TCP every role needs its password (SCRAM); over the Unix socket only postgres, and only
# for the OS user postgres (or the one running these scripts when not root), by peer.
pg_write_auth() {
  local data=$1/data me
  me=$(id -un)
  printf '%s\n' \
    "# Written by scripts/lib/services.sh (pg_write_auth) on every start; edits are lost." \
    "# TYPE  DATABASE  USER      ADDRESS       METHOD" \
    "local   all       postgres                peer map=contrail" \
    "host    all       all       127.0.0.1/32  scram-sha-256" \
    "host    all       all       ::1/128       scram-sha-256" >"$data/pg_hba.conf"
  printf '%s\n' "# Written by scripts/lib/services.sh (pg_write_auth)." "contrail  postgres  postgres" \
    >"$data/pg_ident.conf"
  [ "$me" = root ] || [ "$me" = postgres ] || printf 'contrail  %s  postgres\n' "$me" >>"$data/pg_ident.conf"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data/pg_hba.conf" "$data/pg_ident.conf"; fi
  chmod 600 "$data/pg_hba.conf" "$data/pg_ident.conf"
}

# pg_set_admin_password DIR: gives the superuser postgres the password PG_ADMIN_PASSWORD, over the
# Unix socket of the cluster running from DIR/data (peer: no password needed, so a cluster from
# an older version, or one whose secrets file was replaced, gets it too).
pg_set_admin_password() {
  local dir=$1 port sock
  port=$(sed -n 4p "$dir/data/postmaster.pid" | tr -dc '0-9')
  sock=$(sed -n 5p "$dir/data/postmaster.pid")
  printf "ALTER ROLE postgres PASSWORD '%s';\n" "$PG_ADMIN_PASSWORD" |
    as_postgres psql -X -q -h "$sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -f - >/dev/null ||
    die "could not set the password of the PostgreSQL superuser over $sock"
}

# pg_remove_stale_lock FILE: removes FILE, a lock file of PostgreSQL's (postmaster.pid, or a
# socket's .s.PGSQL.PORT.lock), when the PID it names is not a running postgres. A postmaster that
# died (SIGKILL, OOM) leaves both behind, and PostgreSQL refuses to start while that PID exists — a
# zombie not yet reaped included. Its shared memory, which is what the data dir's lock protects,
# PostgreSQL checks by itself (it refuses a segment still attached).
pg_remove_stale_lock() {
  local file=$1 pid
  pid=$(read_pid "$file")
  if [ -n "$pid" ] && ! pid_is "$pid" postgres; then
    log "removing the stale $file (PID $pid is not running)"
    rm -f "$file"
  fi
}

# pg_await_old_processes DATA: waits (up to 20 s) until no process runs in the data dir DATA any
# more. A postmaster killed with SIGKILL leaves its children (backends, checkpointer, walwriter)
# running until each notices the death, and while one still holds the shared memory a new
# postmaster refuses to start ("pre-existing shared memory block is still in use"). Every
# PostgreSQL process works in its data dir, which is how they are found.
pg_await_old_processes() {
  local data i p left
  data=$(realpath "$1")
  for ((i = 0; i < 100; i++)); do
    left=0
    for p in /proc/[0-9]*; do
      if [ "$(readlink "$p/cwd" 2>/dev/null)" = "$data" ]; then
        left=1
        break
      fi
    done
    [ "$left" = 0 ] && return 0
    [ "$i" = 0 ] && log "waiting for the old PostgreSQL processes of $data to exit"
    sleep 0.2
  done
  log "old PostgreSQL processes still run in $data; starting anyway"
}

# pg_start DIR PORT: creates the cluster in DIR/data on first use (user postgres, UTF-8) and starts
# it listening on 127.0.0.1:PORT, its Unix socket in DIR, its log in DIR/pg.log, with the
# authentication of pg_write_auth and the superuser's password set. REQUIRES: secrets_load ran.
# shared_buffers (CONTRAIL_PG_SHARED_BUFFERS, default 1GB) holds the HNSW index of the knowledge base:
# with PostgreSQL's 128MB default a vector search reads most index pages through the OS cache.
pg_start() {
  local dir=$1 port=$2 sock
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 is not installed ($PG_BIN/initdb missing)"
  if port_in_use "$port"; then
    die "port $port (PostgreSQL) is already in use by another program; choose another with CONTRAIL_PG_PORT"
  fi
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initdb $dir/data"
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || {
      tail -n 20 "$dir/initdb.log" >&2
      die "initdb failed; see $dir/initdb.log"
    }
  fi
  pg_write_auth "$dir"
  # A Unix socket path is limited to 107 bytes; beyond that, keep the socket in a short private dir.
  sock=$dir
  if [ $((${#dir} + 20)) -gt 100 ]; then
    sock=$(mktemp -d /tmp/contrail-pgsock.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$sock"
  fi
  pg_remove_stale_lock "$dir/data/postmaster.pid"
  [ -f "$dir/data/postmaster.pid" ] || pg_await_old_processes "$dir/data"
  pg_remove_stale_lock "$sock/.s.PGSQL.$port.lock"
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $sock -c shared_buffers=${CONTRAIL_PG_SHARED_BUFFERS:-1GB}" \
    start >/dev/null || {
    tail -n 20 "$dir/pg.log" >&2 || true
    die "PostgreSQL failed to start on port $port; see $dir/pg.log"
  }
  pg_set_admin_password "$dir"
}

# pg_stop DIR: fast shutdown of the cluster in DIR/data (pg_ctl signals the PID in postmaster.pid).
pg_stop() {
  local dir=$1
  [ -f "$dir/data/postmaster.pid" ] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || {
    local pid
    pid=$(read_pid "$dir/data/postmaster.pid")
    [ -n "$pid" ] && stop_pid "$pid" postgres 10
  }
}

# pg_ensure_db PORT DB: creates DB if missing, then the pgvector extension, and checks it is >= 0.8.
pg_ensure_db() {
  local port=$1 db=$2 ver
  if [ -z "$(pg_sql "$port" postgres "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    log "creating database $db"
    pg_sql "$port" postgres "CREATE DATABASE \"$db\"" >/dev/null
  fi
  pg_sql "$port" "$db" "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null ||
    die "CREATE EXTENSION vector failed in $db (is pgvector installed? scripts/lib/install-deps.sh builds it)"
  ver=$(pg_sql "$port" "$db" "SELECT extversion FROM pg_extension WHERE extname = 'vector'")
  pg_sql "$port" "$db" "SELECT string_to_array('$ver', '.')::int[] >= ARRAY[0,8]" | grep -qx t ||
    die "pgvector $ver in $db is older than 0.8"
  log "database $db ready (pgvector $ver)"
}

# pg_ensure_roles PORT DB: the owner and application roles (PG_OWNER_ROLE, PG_APP_ROLE) with their
# passwords from the secrets file, neither a superuser nor allowed to create databases or roles.
# The owner role owns DB, its schema public and every table, view and sequence in it — a database
# from an older version, whose tables postgres owns, is handed over (ALTER … OWNER: no data moves).
# The application role may connect to DB and use schema public, and gets pg_grant_app's rights on
# what exists and, through default privileges, on every table the owner creates later (a new
# migration). It has no CREATE on the schema, no TEMPORARY on DB, and nobody else (PUBLIC) has any
# right on DB or schema public. Idempotent. REQUIRES: secrets_load ran; DB exists (pg_ensure_db).
pg_ensure_roles() {
  local port=$1 db=$2 role
  for role in "$PG_OWNER_ROLE" "$PG_APP_ROLE" "$PG_QUERY_ROLE"; do
    if [ -z "$(pg_sql "$port" postgres "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" ]; then
      log "creating PostgreSQL role $role"
      pg_sql "$port" postgres "CREATE ROLE $role" >/dev/null
    fi
  done
  pg_sql_stdin "$port" "$db" >/dev/null <<SQL || die "could not set up the roles of database $db"
ALTER ROLE $PG_OWNER_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD '$PG_OWNER_PASSWORD';
ALTER ROLE $PG_APP_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD '$PG_APP_PASSWORD';
ALTER DATABASE "$db" OWNER TO $PG_OWNER_ROLE;
REVOKE ALL ON DATABASE "$db" FROM PUBLIC;
GRANT CONNECT ON DATABASE "$db" TO $PG_APP_ROLE;
ALTER SCHEMA public OWNER TO $PG_OWNER_ROLE;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO $PG_APP_ROLE;
ALTER ROLE $PG_QUERY_ROLE NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT USAGE ON SCHEMA public TO $PG_QUERY_ROLE;
GRANT $PG_QUERY_ROLE TO $PG_APP_ROLE;
-- What postgres created (an older version ran migrate as postgres) goes to the owner. A sequence
-- of a serial column ('a') or an identity ('i') follows its table; the extension's own ('e') stay.
DO \$\$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.oid::regclass AS rel,
           CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                          WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND c.relowner <> '$PG_OWNER_ROLE'::regrole
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND d.deptype IN ('a', 'e', 'i'))
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO $PG_OWNER_ROLE', r.kind, r.rel);
  END LOOP;
END
\$\$;
ALTER DEFAULT PRIVILEGES FOR ROLE $PG_OWNER_ROLE IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO $PG_APP_ROLE;
ALTER DEFAULT PRIVILEGES FOR ROLE $PG_OWNER_ROLE IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO $PG_APP_ROLE;
SQL
  pg_grant_app "$port" "$db"
}

# pg_grant_app PORT DB: what contrail serve needs on DB's tables, and no more: SELECT, INSERT,
# UPDATE and DELETE on every table (no TRUNCATE, REFERENCES or TRIGGER), USAGE and SELECT on every
# sequence; schema_migrations, which only `contrail migrate` writes, read-only. Run again after
# `contrail migrate` (its schema_migrations got the default privileges). Idempotent.
pg_grant_app() {
  local port=$1 db=$2
  pg_sql "$port" "$db" "
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO $PG_APP_ROLE;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO $PG_APP_ROLE;
    DO \$\$ BEGIN
      IF to_regclass('public.schema_migrations') IS NOT NULL THEN
        REVOKE INSERT, UPDATE, DELETE ON public.schema_migrations FROM $PG_APP_ROLE;
      END IF;
    END \$\$;" >/dev/null || die "could not grant $PG_APP_ROLE its rights on database $db"
}

# has_subcommand BIN NAME: true when BIN lists NAME among its subcommands and `BIN NAME --help`
# succeeds. (CLI11 prints the top-level help and exits 0 for `BIN unknown --help`, so the exit status
# alone would claim every subcommand exists.)
has_subcommand() {
  "$1" "$2" --help >/dev/null 2>&1 &&
    "$1" --help 2>/dev/null | awk -v name="$2" '/^Subcommands:/ {f = 1; next} f && $1 == name {found = 1} END {exit !found}'
}

# --- building ------------------------------------------------------------------------------------

# cmake_build DIR ARGS...: configures DIR with ARGS unless it is configured already for this checkout,
# then builds it with ninja -j2 (incremental): all targets, or those in NINJA_TARGETS when set.
# A dir these scripts configured is configured again when ARGS change; one configured by hand is left
# as it is; one configured for another source tree (copied or cloned along) is configured afresh.
# Compiles go through ccache when it is installed (the launcher is part of ARGS, so installing or
# removing ccache configures again), with the checkout as its base_dir: ccache rewrites the absolute
# paths under it to relative ones, so a clone in another path (CI's fresh clone, a worktree) hits the
# objects another clone compiled. The cache stays ccache's default (~/.cache/ccache). The directory
# is not hashed (CCACHE_NOHASHDIR) for the same reason; the cost is that a cached object's debug
# info names the build directory it was first compiled in.
cmake_build() {
  local dir=$1 stamp launcher=""
  shift
  if command -v ccache >/dev/null 2>&1; then launcher=ccache; fi
  set -- "$@" "-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher"
  stamp="$dir/.contrail-configure-args"
  if [ -f "$dir/CMakeCache.txt" ] &&
    ! grep -qxF "CMAKE_HOME_DIRECTORY:INTERNAL=$REPO" "$dir/CMakeCache.txt"; then
    log "$dir was configured for another source tree; configuring it again"
    rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles" "$dir/build.ninja" "$stamp"
  fi
  if [ ! -f "$dir/build.ninja" ] || { [ -f "$stamp" ] && [ "$(cat "$stamp")" != "$*" ]; }; then
    log "configuring $dir"
    CCACHE_BASEDIR=$REPO CCACHE_NOHASHDIR=1 cmake -G Ninja -S "$REPO" -B "$dir" "$@" ||
      die "cmake configure of $dir failed"
    printf '%s' "$*" >"$stamp"
  fi
  log "building $dir (ninja -j2${NINJA_TARGETS:+ $NINJA_TARGETS}${launcher:+, through ccache})"
  # shellcheck disable=SC2086 # NINJA_TARGETS is a list of target names
  CCACHE_BASEDIR=$REPO CCACHE_NOHASHDIR=1 ninja -C "$dir" -j2 ${NINJA_TARGETS:-} ||
    die "build of $dir failed"
}
