#!/usr/bin/env bash
# Checks that src/'s components depend on each other only in the order src/README.md lists them
# ("A component uses only the components above it in this list"). The order is read from that
# README's bullet list (`* **core** — …`), so a new component joins by being listed. Fails, naming
# file:line and the rule broken, when
#   * a file in src/<component>/ (subfolders included) has `#include "<other>/…"` where <other> is
#     listed after <component>, or is not listed at all;
#   * src/<component>/CMakeLists.txt names a library contrail_<other> of such a component;
#   * a folder src/<component>/ is not listed.
#
#   scripts/lib/check-includes.sh [SRC_DIR]   check SRC_DIR (default: this checkout's src/)
#   scripts/lib/check-includes.sh --self-test  check that a copy of src/ with one wrong-way include
#                                              and one include of an unlisted component fails
#
# Exit status 0 when the tree follows the rule, 1 when it does not (or the self-test failed).
# bash, grep, awk and sed only.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# components SRC_DIR: prints the components of SRC_DIR/README.md's bullet list, in order.
components() {
  sed -nE 's/^\* \*\*([A-Za-z0-9_]+)\*\*.*/\1/p' "$1/README.md"
}

# check SRC_DIR: prints one line per violation; returns 1 when there is any.
check() {
  local src=$1 order dir name
  [ -f "$src/README.md" ] || {
    echo "$src/README.md: missing (it lists the components in order)"
    return 1
  }
  order=$(components "$src" | tr '\n' ' ')
  if [ -z "$order" ]; then
    echo "$src/README.md: no components listed (expected bullets like '* **core** — …')"
    return 1
  fi
  {
    for dir in "$src"/*/; do
      [ -d "$dir" ] || continue
      name=$(basename "$dir")
      [[ " $order " == *" $name "* ]] ||
        echo "${src#"$REPO"/}/$name/: folder of a component that src/README.md does not list"
    done
    # One awk pass over every include and every contrail_<x> library name in the components'
    # files: FILENAME's first folder under src/ is the component that does the including.
    # shellcheck disable=SC2016 # the program is awk's, not the shell's
    find "$src" -mindepth 2 -type f \( -name '*.h' -o -name '*.cc' -o -name 'CMakeLists.txt' \) -print0 |
      sort -z | xargs -0 -r awk -v src="$src/" -v order="$order" -v shown_root="$REPO/" '
        BEGIN { n = split(order, list, " "); for (i = 1; i <= n; i++) rank[list[i]] = i }
        FNR == 1 {
          path = substr(FILENAME, length(src) + 1)
          self = substr(path, 1, index(path, "/") - 1)
          shown = FILENAME
          if (index(shown, shown_root) == 1) shown = substr(shown, length(shown_root) + 1)
          cmake = FILENAME ~ /CMakeLists\.txt$/
        }
        !(self in rank) { next }  # an unlisted folder is reported once, above
        !cmake && /^[ \t]*#[ \t]*include[ \t]*"[^"\/]+\// {
          used = $0
          sub(/^[^"]*"/, "", used)
          sub(/\/.*/, "", used)
          judge(used, "includes \"" used "/…\"")
        }
        cmake {
          line = $0
          while (match(line, /contrail_[a-z0-9_]+/)) {
            used = substr(line, RSTART + 9, RLENGTH - 9)
            line = substr(line, RSTART + RLENGTH)
            judge(used, "links contrail_" used)
          }
        }
        function judge(used, what) {
          if (used == self) return
          if (!(used in rank)) {
            printf "%s:%d: %s %s, a component that src/README.md does not list\n", shown, FNR, self, what
          } else if (rank[used] > rank[self]) {
            printf "%s:%d: %s %s, but %s comes after %s in src/README.md (a component uses only those above it)\n",
              shown, FNR, self, what, used, self
          }
        }'
  } | awk '{ print } END { exit NR > 0 }'
}

# self_test: a copy of src/ with a wrong-way include and an unlisted one must fail on those lines.
self_test() {
  local tmp first last victim out rc=0
  tmp=$(mktemp -d -t contrail-includes.XXXXXX)
  # shellcheck disable=SC2064 # expand now: tmp is local
  trap "rm -rf '$tmp'" RETURN
  cp -R "$REPO/src" "$tmp/src"
  first=$(components "$tmp/src" | head -n 1)
  last=$(components "$tmp/src" | tail -n 1)
  victim=$(find "$tmp/src/$first" -maxdepth 1 -name '*.h' | sort | head -n 1)
  [ -n "$victim" ] || {
    echo "self-test: no header in src/$first to inject into"
    return 1
  }
  printf '#include "%s/injected.h"\n#include "no_such_component/injected.h"\n' "$last" >>"$victim"
  local lines
  lines=$(wc -l <"$victim")
  if out=$(check "$tmp/src"); then
    echo "self-test FAILED: an include of $last from $first was not reported"
    return 1
  fi
  grep -qF "$victim:$((lines - 1)): $first includes \"$last/…\", but $last comes after $first" <<<"$out" || {
    echo "self-test FAILED: the wrong-way include was not named; the check said:"
    echo "$out"
    rc=1
  }
  grep -qF "$victim:$lines: $first includes \"no_such_component/…\", a component that src/README.md does not list" <<<"$out" || {
    echo "self-test FAILED: the include of an unlisted component was not named; the check said:"
    echo "$out"
    rc=1
  }
  [ "$(wc -l <<<"$out")" = 2 ] || {
    echo "self-test FAILED: the copy reported more than the two injected lines:"
    echo "$out"
    rc=1
  }
  [ "$rc" != 0 ] || echo "check-includes self-test passed: both injected includes were reported"
  return "$rc"
}

case "${1:-}" in
  --self-test) self_test ;;
  -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' ;;
  *)
    src=${1:-$REPO/src}
    if check "${src%/}"; then
      echo "include direction: ok ($(components "${src%/}" | tr '\n' ' ' | sed 's/ $//; s/ / → /g'))"
    else
      exit 1
    fi
    ;;
esac
