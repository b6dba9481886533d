#!/usr/bin/env bash
# The fault driver's hands on the private services, through scripts/lib/services.sh so a restart
# starts them exactly as test/fault/run.sh did (same flags, same credentials: FAULT_SECRETS). Never stops anything by name: by the PID in its pid file only.
#
#   ctl.sh valkey-pid DIR          the PID of the Valkey whose pid file is in DIR
#   ctl.sh valkey-start DIR PORT   starts it again (same port, same data dir, its AOF)
#   ctl.sh pg-restart DIR          fast restart of the PostgreSQL cluster in DIR/data (pg_ctl restart
#                                  -m fast: its options are those it was started with)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOG_TAG=${LOG_TAG:-faults}
# shellcheck source=scripts/lib/services.sh
source "$REPO/scripts/lib/services.sh"
# The passwords run.sh generated (valkey_start writes the ACL from them).
[ -z "${FAULT_SECRETS:-}" ] || secrets_load "$FAULT_SECRETS"

case "${1:-}" in
  valkey-pid)
    read_pid "$2/valkey.pid"
    ;;
  valkey-start)
    valkey_start "$2" "$3"
    ;;
  pg-restart)
    as_postgres "$PG_BIN/pg_ctl" -D "$2/data" -l "$2/pg.log" -m fast -w -t 60 restart >/dev/null ||
      die "pg_ctl restart of $2/data failed; see $2/pg.log"
    ;;
  *) die "usage: ctl.sh valkey-pid DIR | valkey-start DIR PORT | pg-restart DIR" ;;
esac
