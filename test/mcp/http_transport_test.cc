// McpClient over streamable HTTP against a scripted endpoint: the session id and protocol version
// it carries, JSON and SSE answers, a session the server forgot (renewed, the request sent once
// more), DELETE on close, and a server that hangs, answers too much or is not there.

#include "mcp/http_transport.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <mutex>
#include <set>

#include "client_fixture.h"
#include "mcp/mcp_client.h"
#include "support/scripted_server.h"

namespace contrail::mcp {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

// What the scripted endpoint saw of one request.
struct Seen {
  std::string http_method, rpc_method, session, protocol_version, accept, authorization;
};

// A minimal MCP endpoint: sessions s1, s2, … from initialize; tools/list answered as SSE (a
// notification first), tools/call as JSON: echo, hang (1 s), huge (100 KiB), forget (the server
// forgets every session, as a restart would).
class ScriptedEndpoint {
 public:
  ScriptedEndpoint() : server_([this](net::HttpRequest& r) { return Handle(r); }) {}
  std::string url() const { return server_.url() + "/mcp"; }
  std::vector<Seen> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  static std::string Header(const net::HttpRequest& r, std::string_view name) {
    const std::string* v = r.header(name);
    return v != nullptr ? *v : "";
  }
  static net::HttpResponse Answer(const json::value& id, json::value result) {
    net::HttpResponse out;
    out.body = json::serialize(
        json::object{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
    return out;
  }

  asio::awaitable<net::HttpResponse> Handle(net::HttpRequest& r) {
    const json::value message = r.body.empty() ? json::value() : json::parse(r.body);
    const std::string method =
        message.is_object() ? std::string(message.at("method").as_string()) : "";
    const std::string session = Header(r, "mcp-session-id");
    bool known = false;
    {
      std::lock_guard lock(mu_);
      seen_.push_back({r.method, method, session, Header(r, "mcp-protocol-version"),
                       Header(r, "accept"), Header(r, "authorization")});
      known = live_.count(session) > 0;
      if (r.method == "DELETE") live_.erase(session);
    }
    net::HttpResponse out;
    if (r.method == "DELETE") co_return out;
    if (method != "initialize" && !known) {
      out.status = 404;
      co_return out;
    }
    if (!message.as_object().contains("id")) {
      out.status = 202;
      co_return out;
    }
    const json::value& id = message.at("id");
    if (method == "initialize") {
      std::lock_guard lock(mu_);
      const std::string sid = "s" + std::to_string(++sessions_);
      live_.insert(sid);
      out = Answer(
          id, json::object{{"protocolVersion", "2025-11-25"},
                           {"capabilities", json::object()},
                           {"serverInfo", json::object{{"name", "scripted"}, {"version", "1"}}}});
      out.headers.emplace_back("Mcp-Session-Id", sid);
      co_return out;
    }
    if (method == "tools/list") {
      out.content_type = "text/event-stream";
      out.body =
          "event: message\ndata: "
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{}}\n\n";
      out.body +=
          "event: message\ndata: " +
          Answer(id, json::parse(R"({"tools":[{"name":"echo","inputSchema":{"type":"object"}}]})"))
              .body +
          "\n\n";
      co_return out;
    }
    const std::string tool(message.at("params").at("name").as_string());
    if (tool == "hang") {
      asio::steady_timer timer(co_await asio::this_coro::executor, 1s);
      co_await timer.async_wait(asio::use_awaitable);
    }
    if (tool == "forget") {
      std::lock_guard lock(mu_);
      live_.clear();
    }
    const std::string text = tool == "huge"
                                 ? std::string(100'000, 'x')
                                 : "echo: " + json::serialize(message.at("params").at("arguments"));
    co_return Answer(
        id, json::object{{"content", json::array{json::object{{"type", "text"}, {"text", text}}}}});
  }

  std::mutex mu_;
  std::vector<Seen> seen_;      // guarded by mu_
  std::set<std::string> live_;  // guarded by mu_
  int sessions_ = 0;            // guarded by mu_
  test::ScriptedServer server_;
};

class McpClientHttpTest : public test::McpClientFixture {
 protected:
  ClientOptions Options() {
    ClientOptions o;
    o.name = "web";
    o.url = endpoint_.url();
    o.headers = {{"Authorization", "Bearer t0ken"}};
    o.max_message_bytes = 64 * 1024;
    return o;
  }
  core::Result<ToolOutput> Call(McpClient& client, std::string_view tool,
                                std::chrono::milliseconds timeout = 3s) {
    return Run(client.CallTool(tool, json::object{{"n", 1}}, In(timeout)));
  }
  ScriptedEndpoint endpoint_;
};

TEST_F(McpClientHttpTest, KeepsTheSessionAndSendsItWithTheProtocolVersion) {
  McpClient client(io_.get_executor(), Options());
  core::Result<ToolOutput> out = Call(client, "echo");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->text, R"(echo: {"n":1})");
  std::vector<Seen> seen = endpoint_.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].rpc_method, "initialize");
  EXPECT_EQ(seen[0].session, "");
  EXPECT_EQ(seen[0].protocol_version, "");
  for (const Seen& s : seen) {
    EXPECT_EQ(s.accept, "application/json, text/event-stream");
    EXPECT_EQ(s.authorization, "Bearer t0ken");
  }
  for (std::size_t i : {1u, 2u}) {
    EXPECT_EQ(seen[i].session, "s1");
    EXPECT_EQ(seen[i].protocol_version, "2025-11-25");
  }
  EXPECT_EQ(seen[1].rpc_method, "notifications/initialized");
  EXPECT_EQ(seen[2].rpc_method, "tools/call");
}

TEST_F(McpClientHttpTest, ReadsTheResponseFromAnEventStream) {
  McpClient client(io_.get_executor(), Options());
  core::Result<std::vector<json::object>> tools = Run(client.ListTools(In(3s)));
  ASSERT_TRUE(tools) << tools.error().message;
  ASSERT_EQ(tools->size(), 1u);
  EXPECT_EQ(tools->front().at("name"), "echo");
}

TEST_F(McpClientHttpTest, ForgottenSessionIsRenewedAndTheRequestSentOnceMore) {
  McpClient client(io_.get_executor(), Options());
  ASSERT_TRUE(Call(client, "forget"));
  core::Result<ToolOutput> out = Call(client, "echo");
  ASSERT_TRUE(out) << out.error().message;
  std::vector<std::string> trace;
  for (const Seen& s : endpoint_.seen()) trace.push_back(s.rpc_method + "@" + s.session);
  EXPECT_EQ(trace, (std::vector<std::string>{"initialize@", "notifications/initialized@s1",
                                             "tools/call@s1", "tools/call@s1", "initialize@",
                                             "notifications/initialized@s2", "tools/call@s2"}));
}

TEST_F(McpClientHttpTest, HangingServerTimesOutAtTheCallsDeadline) {
  McpClient client(io_.get_executor(), Options());
  ASSERT_TRUE(Call(client, "echo"));
  const auto start = std::chrono::steady_clock::now();
  core::Result<ToolOutput> out = Call(client, "hang", 300ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 800ms);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, core::Code::kTimeout);
  EXPECT_TRUE(out.error().message.starts_with("MCP server `web`: tools/call: no answer within"))
      << out.error().message;
  EXPECT_TRUE(client.connected()) << "a slow answer does not end the session";
}

TEST_F(McpClientHttpTest, AnswerOverTheCapIsAnError) {
  McpClient client(io_.get_executor(), Options());
  core::Result<ToolOutput> out = Call(client, "huge");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, core::Code::kPayloadTooLarge);
  EXPECT_EQ(out.error().message,
            "MCP server `web`: tools/call: the server's answer is over 65536 bytes");
  EXPECT_TRUE(Call(client, "echo")) << "the session is still usable";
}

TEST_F(McpClientHttpTest, CloseDeletesTheSession) {
  McpClient client(io_.get_executor(), Options());
  ASSERT_TRUE(Call(client, "echo"));
  Run(client.Close());
  EXPECT_FALSE(client.connected());
  const Seen last = endpoint_.seen().back();
  EXPECT_EQ(last.http_method, "DELETE");
  EXPECT_EQ(last.session, "s1");
}

TEST_F(McpClientHttpTest, ServerThatIsNotThereIsUnavailable) {
  ClientOptions o = Options();
  o.url = "http://127.0.0.1:1/mcp";
  McpClient client(io_.get_executor(), o);
  core::Result<ToolOutput> out = Call(client, "echo");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, core::Code::kUnavailable);
  EXPECT_TRUE(out.error().message.starts_with(
      "MCP server `web`: tools/call: initialize: connect to 127.0.0.1:1"))
      << out.error().message;
}

}  // namespace
}  // namespace contrail::mcp
