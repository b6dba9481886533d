#include "mcp/tool_registry.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/json.hpp>

#include "cache/canonical_json.h"
#include "cache/tool_cache.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "core/metrics.h"
#include "mcp/json_schema.h"

namespace contrail::mcp {

namespace asio = boost::asio;
namespace json = boost::json;

void WriteToolJson(core::JsonWriter& w, const json::value& v) {
  switch (v.kind()) {
    case json::kind::object:
      w.BeginObject();
      for (const auto& [key, member] : v.get_object()) {
        w.Key(key);
        WriteToolJson(w, member);
      }
      w.EndObject();
      break;
    case json::kind::array:
      w.BeginArray();
      for (const json::value& item : v.get_array()) WriteToolJson(w, item);
      w.EndArray();
      break;
    case json::kind::string: w.String(v.get_string()); break;
    case json::kind::int64: w.Int(v.get_int64()); break;
    case json::kind::uint64: w.Raw(std::to_string(v.get_uint64())); break;
    case json::kind::double_: w.Double(v.get_double(), 15); break;
    case json::kind::bool_: w.Bool(v.get_bool()); break;
    case json::kind::null: w.Null(); break;
  }
}

ToolOutput ToolOutput::Json(json::value v) {
  ToolOutput out;
  core::JsonWriter writer(out.text);
  WriteToolJson(writer, v);
  out.structured = std::move(v);
  return out;
}

ToolOutput ToolOutput::Failure(std::string message) {
  ToolOutput out;
  out.text = std::move(message);
  out.is_error = true;
  return out;
}

bool IsToolName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

core::Status ToolRegistry::Add(std::unique_ptr<Tool> tool) {
  const ToolSpec& spec = tool->spec();
  if (!IsToolName(spec.name)) return core::InvalidArgument("tool name `" + spec.name + "` is not [A-Za-z0-9_-]{1,64}");
  if (const json::value* type = spec.input_schema.if_contains("type"); type == nullptr || *type != "object") {
    return core::InvalidArgument("tool `" + spec.name + "`: its input schema must be of type object");
  }
  CONTRAIL_TRY_STATUS(CheckSchemaSupported(spec.input_schema));
  if (tools_.count(spec.name)) return core::InvalidArgument("tool `" + spec.name + "` is registered twice");
  std::string name = spec.name;
  tools_.emplace(std::move(name), std::move(tool));
  return core::Ok();
}

Tool* ToolRegistry::Find(std::string_view name) const {
  auto it = tools_.find(name);
  return it == tools_.end() ? nullptr : it->second.get();
}

std::vector<const Tool*> ToolRegistry::all() const {
  std::vector<const Tool*> out;
  for (const auto& [name, tool] : tools_) out.push_back(tool.get());
  return out;
}

namespace {

core::Counter& CallCounter(std::string_view outcome) {
  return core::MetricsRegistry::Global().GetCounter("contrail_tool_calls_total", "Tool calls, by outcome.",
                                                    "outcome=\"" + std::string(outcome) + "\"");
}

}  // namespace

asio::awaitable<ToolOutput> ToolRegistry::Call(std::string_view name, const json::value& arguments,
                                               const ToolCall& call) const {
  Tool* tool = Find(name);
  if (tool == nullptr) {
    CallCounter("unknown").Inc();
    co_return ToolOutput::Failure("unknown tool `" + std::string(name) + "`");
  }
  static const json::object kEmpty;
  const json::object* args = arguments.is_object() ? &arguments.get_object() : arguments.is_null() ? &kEmpty : nullptr;
  if (args == nullptr) {
    CallCounter("invalid").Inc();
    co_return ToolOutput::Failure("invalid arguments: `arguments` must be an object");
  }
  if (core::Status valid = CheckAgainstSchema(*args, tool->spec().input_schema); !valid) {
    CallCounter("invalid").Inc();
    co_return ToolOutput::Failure("invalid arguments: " + valid.error().message);
  }
  if (cache_ == nullptr || call.fresh || tool->spec().side_effects || tool->spec().cache_ttl.count() <= 0) {
    co_return co_await CallOnce(*tool, *args, call);
  }
  // A tool error travels as the call's Error (the cache stores only successes), its text behind
  // kToolError, so callers that shared the call (single-flight) read it too.
  static constexpr std::string_view kToolError = "tool error: ";
  auto run = [&]() -> asio::awaitable<core::Result<std::string>> {
    ToolOutput out = co_await CallOnce(*tool, *args, call);
    if (out.is_error) co_return core::Error(core::Code::kConflict, std::string(kToolError) + out.text);
    co_return (out.structured.is_null() ? "t" : "j") + out.text;
  };
  core::Result<cache::ToolResult> cached =
      co_await cache_->GetOrCall(name, cache::CanonicalJson(*args), tool->spec().cache_ttl, std::move(run));
  if (!cached && cached.error().message.starts_with(kToolError)) {
    co_return ToolOutput::Failure(cached.error().message.substr(kToolError.size()));
  }
  if (!cached || cached->value.empty()) co_return ToolOutput::Failure("tool `" + std::string(name) + "` failed");
  ToolOutput out;
  out.text = cached->value.substr(1);
  if (cached->value[0] == 'j') {
    boost::system::error_code ec;
    out.structured = json::parse(out.text, ec);
    if (ec) out.structured = nullptr;
  }
  co_return out;
}

asio::awaitable<ToolOutput> ToolRegistry::CallOnce(Tool& tool, const json::object& arguments, const ToolCall& call) const {
  const std::string& name = tool.spec().name;
  // The call runs on its own coroutine and the caller waits for it or the deadline, whichever is
  // first: a late call is left to finish (and release its connections) rather than cancelled
  // mid-protocol.
  struct Pending {
    explicit Pending(asio::any_io_executor ex) : done(std::move(ex)) {}
    std::optional<core::Result<ToolOutput>> result;
    asio::steady_timer done;
  };
  auto executor = co_await asio::this_coro::executor;
  auto pending = std::make_shared<Pending>(executor);
  pending->done.expires_after(tool.spec().timeout);
  auto run = [](std::shared_ptr<Pending> p, Tool* t, json::object a, ToolCall c) -> asio::awaitable<void> {
    try {
      p->result = co_await t->Call(a, c);
    } catch (const std::exception& e) {
      core::log::Error("tool threw", {{"tool", t->spec().name}, {"request_id", c.request_id}, {"error", e.what()}});
      p->result = core::Internal("the tool failed");
    }
    p->done.cancel();
  };
  asio::co_spawn(executor, run(pending, &tool, arguments, call), asio::detached);
  // (A call that finished already cancelled no wait: look before waiting.)
  if (!pending->result) co_await pending->done.async_wait(asio::as_tuple(asio::use_awaitable));
  if (!pending->result) {
    CallCounter("timeout").Inc();
    co_return ToolOutput::Failure("tool `" + name + "` did not answer within " +
                                  std::to_string(tool.spec().timeout.count()) + " ms");
  }
  core::Result<ToolOutput>& result = *pending->result;
  if (!result) {
    CallCounter("error").Inc();
    co_return ToolOutput::Failure("tool `" + name + "` failed: " + core::ClientMessage(result.error()));
  }
  CallCounter(result->is_error ? "tool_error" : "ok").Inc();
  co_return std::move(*result);
}

}  // namespace contrail::mcp
