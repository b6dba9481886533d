#!/usr/bin/env bash
# Latency of grounded chat turns that need live fares (knowledge search + fares and offers from
# PostgreSQL), one after another, read from each response's Server-Timing (stages `retrieve` and
# `total`, in the server). Needs a running, seeded server: ./scripts/run --detach.
#
#   bench/grounded_turn.sh [URL] [N]     defaults: http://127.0.0.1:8080, 200 turns
# The API key is $CONTRAIL_API_KEY, else .data/contrail.key (what ./scripts/run created).
set -euo pipefail
URL=${1:-http://127.0.0.1:8080}
N=${2:-200}
KEY=${CONTRAIL_API_KEY:-$(cat "$(dirname "${BASH_SOURCE[0]}")/../.data/contrail.key" 2>/dev/null || true)}
questions=("find me flights from Las Vegas to Honolulu" "cheap flights from Seattle to Maui in March"
  "flights from Denver to Orlando for a family" "any deals on flights from Chicago to Cancun?")
for i in $(seq "$N"); do
  q=${questions[$((i % ${#questions[@]}))]}
  # no-cache: a turn the semantic answer cache answers is not a grounded turn.
  curl -sf -o /dev/null -D - "$URL/v1/chat/completions" -H 'Content-Type: application/json' -H "Authorization: Bearer $KEY" \
    -H 'Cache-Control: no-cache, no-store' \
    -d "{\"model\":\"flightly-local\",\"user\":\"bench-g$i\",\"messages\":[{\"role\":\"user\",\"content\":\"$q\"}]}" |
    grep -i '^server-timing' || true
  if [ -t 2 ] && [ $((i % 20)) = 0 ]; then printf '\r%d/%d turns' "$i" "$N" >&2; fi
done | python3 -c '
import re, sys
stages = {"retrieve": [], "total": []}
for line in sys.stdin:
    for name, values in stages.items():
        m = re.search(name + r";dur=([0-9.]+)", line)
        if m: values.append(float(m.group(1)))
def pct(values, p): return sorted(values)[min(len(values) - 1, int(len(values) * p))]
if not stages["retrieve"]: sys.exit("no grounded turns: is the server seeded and grounding on?")
print("%d turns grounded of %d" % (len(stages["retrieve"]), len(stages["total"])))
for name, values in stages.items():
    print("%-8s p50 %.2f ms, p90 %.2f ms, p99 %.2f ms" % (name, pct(values, .5), pct(values, .9), pct(values, .99)))'
