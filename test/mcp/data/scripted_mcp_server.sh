#!/usr/bin/env bash
# A scripted MCP server on stdio for test/mcp/mcp_client_test.cc: one JSON-RPC message per line,
# answers chosen by the tool called (no JSON parser: contrail's requests put "id" and then the
# tool's "name" first, which the patterns below rely on).
#   SCRIPT_INIT=hang   never answers initialize        SCRIPT_INIT=old   answers revision 1999-01-01
#   tools/call echo {message}  → "echo: MESSAGE"        hang → no answer     die → exits 3 at once
#   fail → isError              structured → text + structuredContent       pid → this process's id
#   env → $SCRIPT_VAR and whether CONTRAIL_TEST_SECRET reached it
#   garbage → junk lines, a notification and a ping of its own (waits for contrail's answer) first
#   huge → one 100 KiB line
set -u

reply() { printf '{"jsonrpc":"2.0","id":%s,"result":%s}\n' "$1" "$2"; }
text() { reply "$1" "{\"content\":[{\"type\":\"text\",\"text\":\"$2\"}]}"; }

TOOLS1='[{"name":"echo","description":"Echoes","inputSchema":{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]},"annotations":{"readOnlyHint":true}},{"name":"hang","inputSchema":{"type":"object"}},{"name":"die","inputSchema":{"type":"object"}},{"name":"fail","inputSchema":{"type":"object"}}]'
TOOLS2='[{"name":"structured","inputSchema":{"type":"object","properties":{"city":{"type":"string","pattern":"^[A-Z]"}},"additionalProperties":{"type":"string"}}},{"name":"pid","inputSchema":{"type":"object"}},{"name":"env","inputSchema":{"type":"object"}},{"name":"garbage","inputSchema":{"type":"object"}},{"name":"huge","inputSchema":{"type":"object"}},{"name":"bad name!","inputSchema":{"type":"object"}}]'

while IFS= read -r line; do
  [[ $line =~ \"id\":([0-9]+) ]] || continue # notifications and answers to our ping
  id=${BASH_REMATCH[1]}
  case "$line" in
  *'"method":"initialize"'*)
    case "${SCRIPT_INIT:-}" in
    hang) ;;
    old) reply "$id" '{"protocolVersion":"1999-01-01","capabilities":{},"serverInfo":{"name":"scripted","version":"1"}}' ;;
    *) reply "$id" '{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"scripted","version":"1"}}' ;;
    esac
    ;;
  *'"method":"tools/list"'*'"cursor":"p2"'*) reply "$id" "{\"tools\":$TOOLS2}" ;;
  *'"method":"tools/list"'*) reply "$id" "{\"tools\":$TOOLS1,\"nextCursor\":\"p2\"}" ;;
  *'"method":"tools/call"'*)
    [[ $line =~ \"name\":\"([^\"]*)\" ]] && tool=${BASH_REMATCH[1]}
    case "$tool" in
    echo)
      [[ $line =~ \"message\":\"([^\"]*)\" ]] && message=${BASH_REMATCH[1]}
      text "$id" "echo: ${message:-}"
      ;;
    hang) ;;
    die) exit 3 ;;
    fail) reply "$id" '{"content":[{"type":"text","text":"it failed"}],"isError":true}' ;;
    structured) reply "$id" '{"content":[{"type":"text","text":"sunny"},{"type":"image","data":"AA==","mimeType":"image/png"}],"structuredContent":{"sky":"sunny"}}' ;;
    pid) text "$id" "$$" ;;
    env) text "$id" "${SCRIPT_VAR:-unset} secret:${CONTRAIL_TEST_SECRET:-absent}" ;;
    garbage)
      echo 'this is not JSON'
      echo '{"jsonrpc":"2.0","id":'
      echo '[1,2,3]'
      echo
      echo '{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"hi"}}'
      echo '{"jsonrpc":"2.0","id":"s1","method":"ping"}'
      IFS= read -r answer
      case "$answer" in
      *'"id":"s1"'*'"result":{}'*) text "$id" "pong answered" ;;
      *) text "$id" "unexpected: ${answer//\"/\'}" ;;
      esac
      ;;
    huge) text "$id" "$(head -c 102400 /dev/zero | tr '\0' x)" ;;
    *) printf '{"jsonrpc":"2.0","id":%s,"error":{"code":-32602,"message":"Unknown tool: %s"}}\n' "$id" "$tool" ;;
    esac
    ;;
  *) printf '{"jsonrpc":"2.0","id":%s,"error":{"code":-32601,"message":"Method not found"}}\n' "$id" ;;
  esac
done
