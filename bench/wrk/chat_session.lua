-- wrk script: a stateful chat turn per request (non-streaming, flightly-local), spread over
-- 256 users with one session each, so every request reads profile + history + state from Valkey
-- and writes the turn back. Usage:
--   wrk -t1 -c32 -d10s --latency -s bench/wrk/chat_session.lua http://127.0.0.1:8080
-- The requests are built once, in init: the load generator shares the 2 cores with the server, so
-- it should spend them on sending. There is no response() callback either (wrk would parse every
-- response's headers into Lua for it); wrk counts non-2xx responses itself ("Non-2xx or 3xx").
-- BENCH_API_KEY, when set, is sent as the bearer key of every request. BENCH_QUESTION, when set,
-- is the one question every turn asks (bench/cache_load.sh: a semantic cache hit); BENCH_USERS is
-- the users' id prefix ("bench-"), so such a run starts sessions of its own; BENCH_STATELESS=1
-- sends the user without a session (nothing read or stored but the caller's limits).
-- BENCH_READ_ID=1 reads each response's id in a response() callback, as
-- bench/wrk/responses_chain.lua must (the client's cost of it then weighs on both loads alike).
local questions = {
  "can I book a flight from Las Vegas to Hawaii?",
  "and hotels there?",
  "what is the baggage allowance?",
  "what should we do in Honolulu?",
  "can I bring my dog?",
  "what did I just ask?",
}
local users = 256
local requests = {}
local n = 0

init = function(args)
  local only = os.getenv("BENCH_QUESTION")
  if only and only ~= "" then questions = {only} end
  local headers = {["Content-Type"] = "application/json"}
  local key = os.getenv("BENCH_API_KEY")
  if key and key ~= "" then headers["Authorization"] = "Bearer " .. key end
  -- n walks users and questions together; after lcm(256, 6) = 768 requests the pairs repeat, so
  -- each user keeps asking its questions in the same order, as before.
  for i = 1, 768 do
    local user = (os.getenv("BENCH_USERS") or "bench-") .. (i % users)
    local q = questions[(i % #questions) + 1]
    local identity = '"user":"' .. user .. '","metadata":{"session_id":"s1"}'
    if os.getenv("BENCH_STATELESS") == "1" then identity = '"user":"' .. user .. '"' end
    local body = '{"model":"flightly-local","messages":[{"role":"user","content":"' .. q ..
                 '"}],' .. identity .. '}'
    requests[i] = wrk.format("POST", "/v1/chat/completions", headers, body)
  end
end

request = function()
  n = n % 768 + 1
  return requests[n]
end

if os.getenv("BENCH_READ_ID") == "1" then
  response = function(status, headers, body)
    last_id = string.match(body, '^{"id":"([^"]+)"')
  end
end

done = function(summary, latency, requests)
  io.write(string.format("p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
