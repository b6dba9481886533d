#!/usr/bin/env bash
# Installs what contrail needs on Debian 12 (bookworm), idempotently: every step is skipped when its
# result is already there. Sourced or run by scripts/run and scripts/test; safe to run again.
set -euo pipefail

log() { printf '[deps] %s\n' "$*"; }

# Packages needed to build and test. Valkey comes from bookworm-backports (pinned at 100, so -t).
# clang 14 with its runtime libraries (libclang-rt-14-dev has libFuzzer and the sanitizers'
# runtimes) builds the fuzz targets of fuzz/ (GCC has no libFuzzer); llvm brings llvm-symbolizer,
# so sanitizer reports name functions and lines.
BUILD_PKGS=(build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libpq-dev libspdlog-dev libfmt-dev
  libcli11-dev libtomlplusplus-dev libgtest-dev libgmock-dev libbenchmark-dev libssl-dev
  libstemmer-dev wordnet-base zlib1g-dev libmimalloc-dev libhnswlib-dev libpg-query-dev
  postgresql-15 postgresql-server-dev-15 dpkg-dev wrk curl ccache
  clang libclang-rt-14-dev llvm)
VALKEY_PKGS=(valkey-server valkey-tools)

debian_uri() {
  # The URI of the Debian entry already configured, so we follow the machine's mirror.
  local f uri=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ && $2 !~ /security/ {print $2; exit}' "$f")
    [ -n "$uri" ] && break
  done
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '/^deb / && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

ensure_sources() {
  local uri changed=0
  uri=$(debian_uri)
  if [ ! -f /etc/apt/sources.list.d/bookworm-backports.sources ]; then
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$uri" >/etc/apt/sources.list.d/bookworm-backports.sources
    changed=1
  fi
  if [ ! -f /etc/apt/sources.list.d/trixie-src.sources ]; then
    printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$uri" >/etc/apt/sources.list.d/trixie-src.sources
    changed=1
  fi
  if [ "$changed" = 1 ] || [ ! -f /var/lib/apt/.contrail-updated ]; then
    log "apt-get update"
    apt-get update -qq
    touch /var/lib/apt/.contrail-updated
  fi
}

missing_pkgs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

ensure_pgvector() {
  [ -f /usr/lib/postgresql/15/lib/vector.so ] && return 0
  log "building pgvector from Debian's source package"
  local d
  d=$(mktemp -d)
  chown _apt "$d" 2>/dev/null || true
  (cd "$d" && apt-get source -qq pgvector >/dev/null 2>&1 && cd pgvector-*/ &&
    make -s -j2 PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config >/dev/null &&
    make -s install PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config >/dev/null)
  rm -rf "$d"
}

ensure_deps() {
  if [ "$(id -u)" != 0 ]; then
    log "not root: skipping package installation"
    return 0
  fi
  local need need_valkey
  mapfile -t need < <(missing_pkgs "${BUILD_PKGS[@]}")
  mapfile -t need_valkey < <(missing_pkgs "${VALKEY_PKGS[@]}")
  if [ ${#need[@]} -gt 0 ] || [ ${#need_valkey[@]} -gt 0 ] || [ ! -f /usr/lib/postgresql/15/lib/vector.so ]; then
    ensure_sources
  fi
  if [ ${#need[@]} -gt 0 ]; then
    log "installing: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ ${#need_valkey[@]} -gt 0 ]; then
    log "installing valkey from bookworm-backports"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports "${need_valkey[@]}" >/dev/null
  fi
  # A systemd host enables services on the default ports; ours run privately under .data/.
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now valkey-server postgresql >/dev/null 2>&1 || true
  fi
  ensure_pgvector
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  ensure_deps
fi
