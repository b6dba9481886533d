-- wrk script: a stateful Responses API turn per request (POST /v1/responses, flightly-local,
-- non-streaming), each continuing its connection's chain with previous_response_id, so every
-- request reads the previous response, the profile, history and state in one Valkey round trip
-- and writes the turn and its stored response back. Run it with one connection per thread (the
-- chain's next id comes from the response, and a wrk thread's responses are its connection's):
--   wrk -t8 -c8 -d10s --latency -s bench/wrk/responses_chain.lua http://127.0.0.1:8080
-- The questions below follow each other as bench/wrk/chat_session.lua asks them. A connection's
-- chain goes on for the whole run, as a chat session does (its history grows to the window);
-- BENCH_CHAIN_TURNS=N starts a new chain every N turns instead (its first response writes no
-- session, its second rebuilds the history from the records). BENCH_PROTOCOL=chat asks the same
-- conversation as chat turns in a session (POST /v1/chat/completions, one session per
-- connection): bench/responses_load.sh's baseline, so that only the protocol differs.
-- BENCH_API_KEY, when set, is the bearer key; BENCH_USERS the users' id prefix.
local questions = {
  "can I book a flight from Las Vegas to Hawaii?",
  "and hotels there?",
  "what is the baggage allowance?",
  "what should we do in Honolulu?",
  "can I bring my dog?",
  "what did I just ask?",
}
local counter = 0
local threads = {}

setup = function(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

local head  -- the request line and headers up to Content-Length's value
local bodies = {}  -- per question, the body up to where previous_response_id goes (chat: the request)
local prev = nil
local turn = 0
local chain_turns = tonumber(os.getenv("BENCH_CHAIN_TURNS") or "0") or 0
local chat = os.getenv("BENCH_PROTOCOL") == "chat"

-- The requests are assembled from parts made once here, as chat_session.lua's are made whole in
-- its init: the load generator shares the 2 cores with the server, so a request should cost it a
-- few concatenations, not wrk.format's table of headers.

init = function(args)
  local user = (os.getenv("BENCH_USERS") or "bench-") .. (chat and "chat-" or "resp-") .. tostring(index)
  local key = os.getenv("BENCH_API_KEY")
  local auth = ""
  if key and key ~= "" then auth = "Authorization: Bearer " .. key .. "\r\n" end
  head = "POST " .. (chat and "/v1/chat/completions" or "/v1/responses") .. " HTTP/1.1\r\nHost: " ..
         wrk.headers["Host"] .. "\r\nContent-Type: application/json\r\n" .. auth .. "Content-Length: "
  for i, q in ipairs(questions) do
    if chat then
      local body = '{"model":"flightly-local","messages":[{"role":"user","content":"' .. q .. '"}],"user":"' ..
                   user .. '","metadata":{"session_id":"s1"}}'
      bodies[i] = head .. #body .. "\r\n\r\n" .. body
    else
      bodies[i] = '{"model":"flightly-local","input":"' .. q .. '","user":"' .. user .. '"'
    end
  end
end

request = function()
  local body = bodies[turn % #questions + 1]
  if chat then return body end  -- whole: the session is the chat turn's history
  if prev ~= nil and (chain_turns <= 0 or turn % chain_turns ~= 0) then
    body = body .. ',"previous_response_id":"' .. prev .. '"}'
  else
    body = body .. '}'
  end
  return head .. #body .. "\r\n\r\n" .. body
end

response = function(status, headers, body)
  if status == 200 then
    prev = string.match(body, '^{"id":"([^"]+)"')
    turn = turn + 1
  else
    prev = nil
    turn = 0
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
