#include "mcp/mcp_client.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "core/log.h"
#include "mcp/mcp_server.h"

namespace contrail::mcp {

namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
// tools/list pages followed, at most: a server that keeps returning cursors is broken.
constexpr int kMaxPages = 100;

long long MsUntil(Deadline t) {
  return std::max<long long>(
      0, std::chrono::round<std::chrono::milliseconds>(t - Clock::now()).count());
}

// One content block as text for a model: text as is, others named.
std::string BlockText(const json::object& block) {
  const json::value* type = block.if_contains("type");
  auto field = [&](const json::object& o, std::string_view key) -> std::string {
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  if (type == nullptr || !type->is_string()) return "";
  if (*type == "text") return field(block, "text");
  if (*type == "resource") {
    const json::value* r = block.if_contains("resource");
    if (r == nullptr || !r->is_object()) return "[resource]";
    std::string text = field(r->get_object(), "text");
    return text.empty() ? "[resource " + field(r->get_object(), "uri") + "]" : text;
  }
  if (*type == "resource_link") return "[resource link " + field(block, "uri") + "]";
  return "[" + std::string(type->get_string()) + " " + field(block, "mimeType") +
         "]";  // image, audio
}

ToolOutput OutputFrom(json::object result) {
  ToolOutput out;
  if (const json::value* content = result.if_contains("content");
      content != nullptr && content->is_array()) {
    for (const json::value& block : content->get_array()) {
      if (!block.is_object()) continue;
      std::string text = BlockText(block.get_object());
      if (text.empty()) continue;
      if (!out.text.empty()) out.text += '\n';
      out.text += text;
    }
  }
  if (json::value* structured = result.if_contains("structuredContent");
      structured != nullptr && structured->is_object()) {
    if (out.text.empty()) out.text = json::serialize(*structured);
    out.structured = std::move(*structured);
  }
  const json::value* is_error = result.if_contains("isError");
  out.is_error = is_error != nullptr && is_error->is_bool() && is_error->get_bool();
  return out;
}

}  // namespace

struct McpClient::ConnectWaiter {
  explicit ConnectWaiter(asio::any_io_executor ex) : timer(std::move(ex)) {}
  asio::steady_timer timer;  // expires at the caller's deadline; cancelled when the attempt ends
};

McpClient::McpClient(asio::any_io_executor executor, ClientOptions options)
    : executor_(std::move(executor)),
      options_(std::move(options)),
      backoff_(options_.min_backoff) {}

McpClient::~McpClient() {
  if (transport_) transport_->Shutdown();
}

bool McpClient::connected() const { return transport_ && transport_->open(); }

core::Error McpClient::Failure(std::string_view method, core::Error cause) const {
  cause.message =
      "MCP server `" + options_.name + "`: " + std::string(method) + ": " + cause.message;
  return cause;
}

asio::awaitable<core::Status> McpClient::EnsureConnected(Deadline deadline) {
  if (connected()) co_return core::Ok();
  if (transport_) {  // broken: stop it (a stdio server is killed and reaped) before starting anew
    transport_->Shutdown();
    transport_.reset();
  }
  if (!connecting_ && Clock::now() < next_attempt_) {
    co_return core::Unavailable("not connected (" + last_error_ + "); next attempt in " +
                                std::to_string(MsUntil(next_attempt_)) + " ms");
  }
  // Registered before the attempt starts, so an attempt that ends at once still wakes this caller.
  auto waiter = std::make_shared<ConnectWaiter>(executor_);
  waiter->timer.expires_at(deadline);
  connect_waiters_.push_back(waiter);
  if (!connecting_) {
    connecting_ = true;
    asio::co_spawn(executor_, Connect(),
                   core::log::ExceptionLogger("MCP connect " + options_.name));
  }
  if (connecting_) co_await waiter->timer.async_wait(kTuple);
  std::erase(connect_waiters_, waiter);
  if (connected()) co_return core::Ok();
  if (connecting_) co_return core::Timeout("the call's deadline passed while connecting");
  co_return core::Unavailable(last_error_);
}

asio::awaitable<void> McpClient::Connect() {
  const Deadline deadline = Clock::now() + options_.connect_timeout;
  std::shared_ptr<ClientTransport> transport = MakeClientTransport(executor_, options_);
  core::Status s = co_await transport->Open(deadline);
  if (s) s = co_await Initialize(transport, deadline);
  if (s) {
    transport_ = std::move(transport);
    backoff_ = options_.min_backoff;
    next_attempt_ = {};
    failures_ = 0;
    core::log::Info("MCP server connected", {{"server", options_.name}});
  } else {
    transport->Shutdown();
    last_error_ = s.error().message;
    next_attempt_ = Clock::now() + backoff_;
    // A server that stays down is logged once, then at debug level on each retry.
    auto log = ++failures_ == 1 ? core::log::Warn : core::log::Debug;
    log("MCP server unavailable", {{"server", options_.name},
                                   {"error", last_error_},
                                   {"retry_in_ms", static_cast<long long>(backoff_.count())}});
    backoff_ = std::min(backoff_ * 2, options_.max_backoff);
  }
  connecting_ = false;
  for (auto& w : connect_waiters_) w->timer.cancel();
}

asio::awaitable<core::Status> McpClient::Initialize(std::shared_ptr<ClientTransport> transport,
                                                    Deadline deadline) {
  // (Errors name the step, not the server: they become last_error_, inside a call's own message.)
  auto step = [](std::string_view what, core::Error e) {
    e.message = std::string(what) + ": " + e.message;
    return e;
  };
  json::object params{
      {"protocolVersion", kProtocolVersions[0]},
      {"capabilities", json::object()},
      {"clientInfo", json::object{{"name", "contrail"}, {"version", CONTRAIL_VERSION}}}};
  core::Result<json::object> result =
      co_await Exchange(transport, "initialize", std::move(params), deadline);
  if (!result) co_return step("initialize", result.error());
  const json::value* version = result->if_contains("protocolVersion");
  if (version == nullptr || !version->is_string() ||
      !IsSupportedProtocolVersion(version->get_string())) {
    co_return step(
        "initialize",
        core::Upstream("the server answered with a protocol revision contrail does not speak (" +
                       (version != nullptr ? json::serialize(*version) : std::string("none")) +
                       ")"));
  }
  transport->set_protocol_version(std::string(version->get_string()));
  json::object initialized{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}};
  if (core::Status s = co_await transport->Send(std::move(initialized), deadline); !s) {
    co_return step("notifications/initialized", s.error());
  }
  co_return core::Ok();
}

asio::awaitable<core::Result<json::object>> McpClient::Exchange(
    std::shared_ptr<ClientTransport> transport, const std::string& method, json::object params,
    Deadline deadline) {
  const std::int64_t id = next_id_++;
  json::object request{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.empty()) request["params"] = std::move(params);
  const long long budget_ms = MsUntil(deadline);
  core::Result<json::object> response = co_await transport->Request(std::move(request), deadline);
  if (!response) {
    core::Error e = response.error();
    if (e.code == core::Code::kTimeout) {
      e.message = "no answer within " + std::to_string(budget_ms) + " ms";
      if (method != "initialize" && transport->open()) Cancel(std::move(transport), id);
    }
    co_return e;
  }
  if (const json::value* error = response->if_contains("error")) {
    const json::value* code =
        error->is_object() ? error->get_object().if_contains("code") : nullptr;
    const json::value* message =
        error->is_object() ? error->get_object().if_contains("message") : nullptr;
    const bool bad_params =
        code != nullptr && code->is_int64() && code->get_int64() == kInvalidParams;
    std::string text = message != nullptr && message->is_string()
                           ? std::string(message->get_string())
                           : "an error";
    if (code != nullptr && code->is_int64()) text += " (" + std::to_string(code->get_int64()) + ")";
    co_return core::Error(bad_params ? core::Code::kInvalidArgument : core::Code::kUpstream, text);
  }
  json::value* result = response->if_contains("result");
  if (result == nullptr || !result->is_object())
    co_return core::Upstream("a response without a result object");
  co_return std::move(result->get_object());
}

asio::awaitable<core::Result<json::object>> McpClient::Call(std::string method, json::object params,
                                                            Deadline deadline) {
  // A session the HTTP server forgot (it restarted, or expired it) was never used by this
  // request: start a new one and send it once more.
  for (int attempt = 0;; ++attempt) {
    if (core::Status s = co_await EnsureConnected(deadline); !s)
      co_return Failure(method, s.error());
    core::Result<json::object> r = co_await Exchange(transport_, method, params, deadline);
    if (r) co_return r;
    if (r.error().code != core::Code::kNotFound || attempt > 0 || Clock::now() >= deadline)
      co_return Failure(method, r.error());
  }
}

asio::awaitable<core::Result<std::vector<json::object>>> McpClient::ListTools(Deadline deadline) {
  std::vector<json::object> tools;
  std::string cursor;
  for (int page = 0; page < kMaxPages; ++page) {
    json::object params;
    if (!cursor.empty()) params["cursor"] = cursor;
    CONTRAIL_CO_TRY(json::object result, co_await Call("tools/list", std::move(params), deadline));
    json::value* list = result.if_contains("tools");
    if (list == nullptr || !list->is_array())
      co_return Failure("tools/list", core::Upstream("the result has no `tools` list"));
    for (json::value& tool : list->get_array()) {
      if (tool.is_object()) tools.push_back(std::move(tool.get_object()));
    }
    const json::value* next = result.if_contains("nextCursor");
    if (next == nullptr || !next->is_string() || next->get_string().empty()) co_return tools;
    if (next->get_string() == cursor)
      co_return Failure("tools/list", core::Upstream("the server repeated a cursor"));
    cursor = std::string(next->get_string());
  }
  co_return Failure("tools/list",
                    core::Upstream("more than " + std::to_string(kMaxPages) + " pages of tools"));
}

asio::awaitable<core::Result<ToolOutput>> McpClient::CallTool(std::string_view name,
                                                              const json::object& arguments,
                                                              Deadline deadline) {
  json::object params{{"name", name}, {"arguments", arguments}};
  CONTRAIL_CO_TRY(json::object result, co_await Call("tools/call", std::move(params), deadline));
  co_return OutputFrom(std::move(result));
}

void McpClient::Cancel(std::shared_ptr<ClientTransport> transport, std::int64_t id) {
  json::object cancelled{
      {"jsonrpc", "2.0"},
      {"method", "notifications/cancelled"},
      {"params", json::object{{"requestId", id}, {"reason", "the caller's deadline passed"}}}};
  auto send = [](std::shared_ptr<ClientTransport> t, json::object m) -> asio::awaitable<void> {
    (void)co_await t->Send(std::move(m), Clock::now() + std::chrono::seconds(1));
  };
  asio::co_spawn(executor_, send(std::move(transport), std::move(cancelled)), asio::detached);
}

asio::awaitable<void> McpClient::Close() {
  if (!transport_) co_return;
  std::shared_ptr<ClientTransport> transport = std::move(transport_);
  co_await transport->Close(Clock::now() + std::chrono::seconds(1));
}

}  // namespace contrail::mcp
