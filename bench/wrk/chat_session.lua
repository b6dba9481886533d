-- wrk script: a stateful chat turn per request (non-streaming, flightly-local), spread over
-- 256 users with one session each, so every request reads profile + history + state from Valkey
-- and writes the turn back. Usage:
--   wrk -t1 -c32 -d10s --latency -s bench/wrk/chat_session.lua http://127.0.0.1:8080
local questions = {
  "can I book a flight from Las Vegas to Hawaii?",
  "and hotels there?",
  "what is the baggage allowance?",
  "what should we do in Honolulu?",
  "can I bring my dog?",
  "what did I just ask?",
}
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  n = n + 1
  local user = "bench-" .. (n % 256)
  local q = questions[(n % #questions) + 1]
  local body = '{"model":"flightly-local","messages":[{"role":"user","content":"' .. q ..
               '"}],"user":"' .. user .. '","metadata":{"session_id":"s1"}}'
  return wrk.format(nil, "/v1/chat/completions", nil, body)
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
