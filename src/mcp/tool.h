#pragma once
// A tool an agent or an MCP client can call: a name, what it does, the JSON Schema of its
// arguments, whether calling it changes anything, and a deadline. Implementations live with
// their domain (flightly/tools/: run_query, get_table_schema, …) or come from MCP servers.
//
//   class Echo : public mcp::Tool {
//     const ToolSpec& spec() const override { return spec_; }
//     asio::awaitable<core::Result<ToolOutput>> Call(const json::object& args, const ToolCall& call) override;
//   };
//
// Callers go through ToolRegistry::Call (tool_registry.h), which checks the arguments against the
// schema and enforces the deadline: a tool sees only arguments that passed.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <string>

#include "core/result.h"

namespace contrail::core {
class JsonWriter;
}

namespace contrail::mcp {

struct ToolSpec {
  std::string name;         // [A-Za-z0-9_-]{1,64}: what models and MCP clients call it by
  std::string title;        // for people ("Run a read-only SQL query")
  std::string description;  // for models: when to use it and what it returns
  boost::json::object input_schema;  // {"type":"object", …}; the subset json_schema.h checks
  bool side_effects = false;         // false: read-only, safe to cache, retry and run concurrently
  std::chrono::milliseconds timeout{5'000};
  // A read-only tool's results are reused this long for equal arguments, through the tool-result
  // cache (cache/tool_cache.h) when the registry has one; 0: always called. The key is the
  // arguments alone: a tool whose result depends on the caller (ToolCall::user) must keep 0.
  std::chrono::seconds cache_ttl{0};
};

// Who is calling and why, passed through to the tool (a tool that reads a user's data reads the
// caller's own: `user`, already authorised).
struct ToolCall {
  std::string user;        // the acting user id; empty when the caller acts for no user
  std::string request_id;  // for logs
  // What makes a repeat of this request the same request (a client's Idempotency-Key, a resumed
  // turn's): a tool with side effects derives its own keys from it and its arguments, so the same
  // call in a retried or resumed request changes nothing twice. "" when the caller has none (the
  // tool then keys by request_id: every request is new).
  std::string idempotency_key = {};
  // Read live, past the tool-result cache: the caller acts on what the call returns (a booking
  // agent holds the seats a search found), so a cached answer could be stale in a way that matters.
  bool fresh = false;
  // Where in an agent's run this call was made ("/2.1": step 2's second call; "" outside a run).
  // A tool that runs an agent (agent/delegate.h) keeps that run's checkpoints under it.
  std::string call_path = {};
};

// What a tool returns: text for the model (usually JSON), and the same as structured JSON when it
// has one. `is_error`: the tool ran and reports a failure the model should read (a query the
// guard rejected, no such table) — not a transport or server failure, which is an Error.
struct ToolOutput {
  std::string text;
  boost::json::value structured;  // null when the output is only text
  bool is_error = false;

  static ToolOutput Json(boost::json::value v);
  static ToolOutput Failure(std::string message);
};

// Writes `v` as ToolOutput::Json writes a tool's text: as people and models read it (435.99, not
// boost::json's 4.3599E2).
void WriteToolJson(core::JsonWriter& w, const boost::json::value& v);

class Tool {
 public:
  virtual ~Tool() = default;
  virtual const ToolSpec& spec() const = 0;
  // Runs on the caller's executor with arguments that passed the schema. An Error means the tool
  // could not run (its backend is down, a timeout); ToolOutput::Failure, that it ran and said no.
  virtual boost::asio::awaitable<core::Result<ToolOutput>> Call(const boost::json::object& arguments,
                                                                const ToolCall& call) = 0;
};

}  // namespace contrail::mcp
