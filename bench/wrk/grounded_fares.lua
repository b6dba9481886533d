-- wrk script: a grounded fare turn per request (non-streaming, flightly-local, no session): each
-- searches the knowledge base and reads fares and offers, for 256 users asking four questions in
-- turn, so the same lookups repeat as they do on a busy site. Usage:
--   wrk -t1 -c32 -d10s --latency -s bench/wrk/grounded_fares.lua http://127.0.0.1:PORT
-- Requests are built once, in init; there is no response() callback (see chat_session.lua).
local questions = {
  "find me flights from Las Vegas to Honolulu",
  "cheap flights from Seattle to Maui in March",
  "flights from Denver to Orlando for a family",
  "any deals on flights from Chicago to Cancun?",
}
local requests = {}
local n = 0

init = function(args)
  local headers = {["Content-Type"] = "application/json"}
  for i = 1, 256 do
    local q = questions[(i % #questions) + 1]
    local body = '{"model":"flightly-local","user":"bench-g' .. i .. '","messages":[{"role":"user","content":"' ..
                 q .. '"}]}'
    requests[i] = wrk.format("POST", "/v1/chat/completions", headers, body)
  end
end

request = function()
  n = n % #requests + 1
  return requests[n]
end
