// The server with remote providers driven over HTTP: scripted doubles of their wire formats for
// tool calling, session history with tool calls, cost accounting, retries and 503s; a provider
// that answers too late (504) and one that is not there (502).

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <thread>

#include "memory/keys.h"
#include "net/http_client.h"
#include "net/http_server.h"
#include "server/app.h"
#include "server/app_fixture.h"
#include "support/async.h"
#include "support/scripted_server.h"
#include "support/valkey_server.h"

namespace contrail::server {
namespace {

// Anthropic's Messages API, scripted: a tool_use answer until the conversation carries the tool's
// result, then text; a model that is always throttled.
class AnthropicAppTest : public AppTest {
 protected:
  AnthropicAppTest()
      : anthropic_([this](net::HttpRequest& r) -> asio::awaitable<net::HttpResponse> { co_return Reply(r); }) {}

  void SetUp() override {
    core::Config c = TestAppConfig();
    c.anthropic.base_url = anthropic_.url();
    c.anthropic.api_key = "sk-ant-test";
    c.anthropic.models = {"claude-sonnet-4-20250514", "claude-throttled"};
    c.resilience.backoff_base_ms = 1;
    c.resilience.max_retries = 2;
    StartApp(c);
  }

  net::HttpResponse Reply(net::HttpRequest& r) {
    json::value req = json::parse(r.body);
    net::HttpResponse resp;
    if (req.at("model").as_string() == "claude-throttled") {
      ++throttled_calls;
      resp.status = 429;
      resp.headers.emplace_back("retry-after", "0");
      resp.body = R"({"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}})";
      return resp;
    }
    const json::array& messages = req.at("messages").as_array();
    const json::value& last = messages.back().at("content");
    if (last.is_array() && last.as_array().back().at("type").as_string() == "tool_result") {
      last_tool_use_id = std::string(messages[messages.size() - 2].at("content").as_array().back().at("id").as_string());
      last_tool_result_id = std::string(last.as_array().back().at("tool_use_id").as_string());
      resp.body = R"({"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
        "content":[{"type":"text","text":"I found 3 fares from LAX to HNL, from $279."}],"stop_reason":"end_turn",
        "usage":{"input_tokens":180,"output_tokens":16}})";
      return resp;
    }
    resp.body = R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
      "content":[{"type":"tool_use","id":"toolu_42","name":"search_flights","input":{"origin":"LAX","destination":"HNL"}}],
      "stop_reason":"tool_use","usage":{"input_tokens":100,"output_tokens":20}})";
    return resp;
  }

  int throttled_calls = 0;
  std::string last_tool_use_id, last_tool_result_id;
  test::ScriptedServer anthropic_;
};

constexpr const char* kTools =
    R"("tools":[{"type":"function","function":{"name":"search_flights","description":"Search flights",
    "parameters":{"type":"object","properties":{"origin":{"type":"string"},"destination":{"type":"string"}}}}}])";

TEST_F(AnthropicAppTest, ToolCallingThroughTheApiWithSessionHistoryAndCost) {
  std::vector<net::Header> headers = {{"Content-Type", "application/json"}, {"X-User-Id", "ana"}, {"X-Session-Id", "trip1"}};
  std::string first_body = R"({"model":"claude-sonnet-4-20250514","messages":[{"role":"user","content":"flights LAX to HNL?"}],)" +
                           std::string(kTools) + "}";
  auto first = Call("POST", "/v1/chat/completions", first_body, headers);
  ASSERT_EQ(first.status, 200) << first.body;
  json::value v = json::parse(first.body);
  EXPECT_EQ(v.at("choices").at(0).at("finish_reason").as_string(), "tool_calls");
  const json::value& call = v.at("choices").at(0).at("message").at("tool_calls").at(0);
  EXPECT_EQ(call.at("id").as_string(), "toolu_42");
  EXPECT_EQ(json::parse(call.at("function").at("arguments").as_string()).at("destination").as_string(), "HNL");
  EXPECT_NEAR(v.at("usage").at("cost_usd").to_number<double>(), (100 * 3.0 + 20 * 15.0) / 1e6, 1e-12);
  ASSERT_TRUE(WaitLen(memory::MessagesKey("ana", "trip1"), 2));

  // The client runs the tool and sends only the result: the server's history supplies the call.
  std::string second_body = R"({"model":"claude-sonnet-4-20250514","messages":[{"role":"tool","tool_call_id":"toolu_42","content":"[279,301,315]"}],)" +
                            std::string(kTools) + "}";
  auto second = Call("POST", "/v1/chat/completions", second_body, headers);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_NE(Content(second).find("3 fares"), std::string::npos);
  EXPECT_EQ(last_tool_use_id, "toolu_42");
  EXPECT_EQ(last_tool_result_id, "toolu_42");
  ASSERT_TRUE(WaitLen(memory::MessagesKey("ana", "trip1"), 4));
  auto history = Call("GET", "/v1/sessions/trip1/messages?user=ana");
  json::value h = json::parse(history.body);
  EXPECT_EQ(h.at("data").at(1).at("tool_calls").at(0).at("id").as_string(), "toolu_42");
  EXPECT_EQ(h.at("data").at(2).at("tool_call_id").as_string(), "toolu_42");
  auto metrics = Call("GET", "/metrics");
  EXPECT_NE(metrics.body.find("contrail_llm_cost_microdollars_total{model=\"claude-sonnet-4-20250514\"} 1380"),
            std::string::npos);
}

TEST_F(AnthropicAppTest, ThrottledProviderIsRetriedThen503) {
  auto r = Call("POST", "/v1/chat/completions", R"({"model":"claude-throttled","messages":[{"role":"user","content":"hi"}]})");
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_NE(r.body.find("throttling"), std::string::npos) << r.body;
  EXPECT_EQ(throttled_calls, 3);  // the first try and two retries
}

// A provider that accepts and never answers in time, for the 504 path.
class SlowProvider {
 public:
  SlowProvider() {
    net::HttpServerOptions o;
    o.port = 0;
    server_ = std::make_unique<net::HttpServer>(o, [](int) -> net::HttpHandler {
      return [](net::HttpRequest&) -> asio::awaitable<net::HttpResponse> {
        asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::seconds(2));
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        co_return net::HttpResponse{};
      };
    });
    port_ = *server_->Listen();
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~SlowProvider() {
    server_->Stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  std::unique_ptr<net::HttpServer> server_;
  int port_ = 0;
  std::thread thread_;
};

class ProviderErrorsTest : public AppTest {
 protected:
  void SetUp() override {
    core::Config c = TestAppConfig();
    c.openai.base_url = "http://127.0.0.1:" + std::to_string(slow_.port()) + "/v1";
    c.openai.models = {"slow-model"};
    c.openai.timeout_ms = 200;
    StartApp(c);
  }
  SlowProvider slow_;
};

TEST_F(ProviderErrorsTest, SlowProviderIs504AndDownProviderIs502) {
  auto slow = Call("POST", "/v1/chat/completions", R"({"model":"slow-model","messages":[{"role":"user","content":"hi"}]})");
  EXPECT_EQ(slow.status, 504) << slow.body;
  EXPECT_NE(slow.body.find("did not answer within 200 ms"), std::string::npos) << slow.body;
  auto streamed = Call("POST", "/v1/chat/completions",
                       R"({"model":"slow-model","stream":true,"messages":[{"role":"user","content":"hi"}]})");
  EXPECT_EQ(streamed.status, 504) << "an error before the first token is a plain status";
  auto models = Call("GET", "/v1/models");
  EXPECT_NE(models.body.find("slow-model"), std::string::npos);
}

TEST(ProviderDownTest, UnreachableProviderIs502) {
  test::ValkeyServer valkey;
  core::Config c = TestAppConfig();
  c.server.port = 0;
  c.server.threads = 1;
  c.valkey.port = valkey.port();
  c.postgres.port = test::FreePort();
  c.openai.base_url = "http://127.0.0.1:" + std::to_string(test::FreePort()) + "/v1";
  c.openai.models = {"gone"};
  c.log.level = "error";
  App app(c);
  auto port = app.Start();
  ASSERT_TRUE(port.ok());
  std::thread t([&] { app.Run(); });
  asio::io_context io;
  net::HttpClientRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(*port) + "/v1/chat/completions";
  req.headers = {{"Content-Type", "application/json"}};
  req.body = R"({"model":"gone","messages":[{"role":"user","content":"hi"}]})";
  auto r = test::RunAsync(io, net::Fetch(req));
  app.Stop();
  t.join();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 502) << r->body;
  EXPECT_NE(r->body.find("unreachable"), std::string::npos);
}

}  // namespace
}  // namespace contrail::server
