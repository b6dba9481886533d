#include "mcp/http_transport.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/json.hpp>
#include <optional>

#include "core/log.h"
#include "net/http_client.h"
#include "net/sse.h"
#include "net/url.h"

namespace contrail::mcp {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// Some of an error body, for the message: enough to read the server's reason.
constexpr std::size_t kErrorSnippet = 300;

bool ContentTypeIs(const net::HttpClientResponse& response, std::string_view type) {
  const std::string* value = response.header("content-type");
  return value != nullptr && value->starts_with(type);
}

class HttpTransport : public ClientTransport, public std::enable_shared_from_this<HttpTransport> {
 public:
  HttpTransport(asio::any_io_executor executor, const ClientOptions& options)
      : executor_(std::move(executor)), options_(options) {}

  asio::awaitable<core::Status> Open(Deadline) override {
    if (core::Result<net::Url> url = net::Url::Parse(options_.url); !url) co_return url.error();
    open_ = true;
    co_return core::Ok();
  }

  asio::awaitable<core::Result<json::object>> Request(json::object request,
                                                      Deadline deadline) override {
    auto self = shared_from_this();
    const std::int64_t id = request.at("id").as_int64();
    co_return co_await Post(std::move(request), deadline, id);
  }

  asio::awaitable<core::Status> Send(json::object message, Deadline deadline) override {
    auto self = shared_from_this();
    core::Result<json::object> r = co_await Post(std::move(message), deadline, std::nullopt);
    if (!r) co_return r.error();
    co_return core::Ok();
  }

  void set_protocol_version(std::string version) override {
    protocol_version_ = std::move(version);
  }
  bool open() const override { return open_; }
  void Shutdown() override { open_ = false; }

  asio::awaitable<void> Close(Deadline deadline) override {
    auto self = shared_from_this();
    if (open_ && !session_.empty()) {
      // The server may refuse (405: it ends sessions itself); either way contrail is done with it.
      (void)co_await net::Fetch(Build("DELETE", "", deadline));
    }
    open_ = false;
  }

 private:
  net::HttpClientRequest Build(std::string method, std::string body, Deadline deadline) const {
    net::HttpClientRequest r;
    r.method = std::move(method);
    r.url = options_.url;
    r.body = std::move(body);
    r.timeout = std::max(std::chrono::milliseconds(1),
                         std::chrono::duration_cast<std::chrono::milliseconds>(
                             deadline - std::chrono::steady_clock::now()));
    r.headers = {{"Accept", "application/json, text/event-stream"}};
    if (!r.body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    if (!session_.empty()) r.headers.emplace_back("Mcp-Session-Id", session_);
    if (!protocol_version_.empty())
      r.headers.emplace_back("MCP-Protocol-Version", protocol_version_);
    for (const auto& [name, value] : options_.headers) r.headers.emplace_back(name, value);
    return r;
  }

  // POSTs `message`; with `id`, returns the response to it from the answer (else an empty object).
  asio::awaitable<core::Result<json::object>> Post(json::object message, Deadline deadline,
                                                   std::optional<std::int64_t> id) {
    if (!open_) co_return core::Unavailable("the session ended");
    const bool had_session = !session_.empty();
    std::string body;
    const std::size_t cap = options_.max_message_bytes;
    auto collect = [&body, cap](std::string_view piece) -> asio::awaitable<core::Status> {
      if (body.size() + piece.size() > cap) {
        co_return core::Error(core::Code::kPayloadTooLarge,
                              "the server's answer is over " + std::to_string(cap) + " bytes");
      }
      body.append(piece);
      co_return core::Ok();
    };
    core::Result<net::HttpClientResponse> r =
        co_await net::Fetch(Build("POST", json::serialize(message), deadline), collect);
    if (!r) {
      if (r.error().code == core::Code::kUnavailable)
        open_ = false;  // not reached, or the connection dropped
      co_return r.error();
    }
    if (const std::string* sid = r->header("mcp-session-id"); sid != nullptr && session_.empty())
      session_ = *sid;
    if (had_session && (r->status == 404 || r->status == 400)) {
      open_ = false;
      co_return core::NotFound("the server no longer knows the session (HTTP " +
                               std::to_string(r->status) + ")");
    }
    if (r->status < 200 || r->status > 299) {
      co_return core::Upstream("HTTP " + std::to_string(r->status) + ": " +
                               r->body.substr(0, kErrorSnippet));
    }
    if (!id) co_return json::object();
    if (r->status == 202 || body.empty())
      co_return core::Upstream("HTTP " + std::to_string(r->status) + " without a response");
    co_return FindResponse(body, ContentTypeIs(*r, "text/event-stream"), *id, deadline);
  }

  // The response to `id` among the messages of an answer (one JSON message, or SSE events each
  // holding one); requests the server made on the way are answered.
  core::Result<json::object> FindResponse(const std::string& body, bool sse, std::int64_t id,
                                          Deadline deadline) {
    std::vector<std::string> messages;
    if (sse) {
      net::SseParser parser;
      std::vector<net::SseEvent> events;
      if (!parser.Feed(body, events)) return core::Upstream("a malformed event stream");
      parser.Feed("\n\n", events);  // a last event without its blank line
      for (net::SseEvent& e : events) {
        if (!e.data.empty()) messages.push_back(std::move(e.data));
      }
    } else {
      messages.push_back(body);
    }
    std::optional<json::object> found;
    for (const std::string& text : messages) {
      boost::system::error_code ec;
      json::value v = json::parse(text, ec);
      if (ec || !v.is_object()) return core::Upstream("the answer is not a JSON-RPC message");
      json::object& m = v.get_object();
      const json::value* mid = m.if_contains("id");
      if (m.contains("method")) {
        if (mid != nullptr) Reply(ReplyToServerRequest(m), deadline);
      } else if (mid != nullptr && mid->is_int64() && mid->get_int64() == id) {
        found = std::move(m);
      }
    }
    if (!found)
      return core::Upstream("the answer holds no response to request " + std::to_string(id));
    return std::move(*found);
  }

  // Sends a response to a server's request in the background (its POST gets a 202).
  void Reply(json::object message, Deadline deadline) {
    auto send = [](std::shared_ptr<HttpTransport> self, json::object m,
                   Deadline d) -> asio::awaitable<void> {
      (void)co_await self->Post(std::move(m), d, std::nullopt);
    };
    asio::co_spawn(executor_, send(shared_from_this(), std::move(message), deadline),
                   core::log::ExceptionLogger("MCP HTTP reply"));
  }

  asio::any_io_executor executor_;
  const ClientOptions options_;
  bool open_ = false;
  std::string session_;           // Mcp-Session-Id, once the server gave one
  std::string protocol_version_;  // MCP-Protocol-Version, once agreed
};

}  // namespace

std::shared_ptr<ClientTransport> MakeHttpTransport(asio::any_io_executor executor,
                                                   const ClientOptions& options) {
  return std::make_shared<HttpTransport>(std::move(executor), options);
}

}  // namespace contrail::mcp
