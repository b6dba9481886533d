// The whole server against a real Valkey (and PostgreSQL when CONTRAIL_TEST_PG_PORT is set),
// driven over HTTP.

#include "server/app.h"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <thread>

#include "net/http_client.h"
#include "net/http_server.h"
#include "server/app_fixture.h"
#include "support/async.h"
#include "support/services.h"
#include "support/valkey_server.h"

namespace contrail::server {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;


TEST_F(AppTest, StatelessCompletion) {
  auto r = Call("POST", "/v1/chat/completions", Chat("what is the baggage allowance?"));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(Content(r).empty());
  EXPECT_NE(r.header("x-request-id"), nullptr);
  EXPECT_NE(r.header("server-timing")->find("llm;dur="), std::string::npos);
  EXPECT_EQ(valkey_.Cli({"DBSIZE"}), "0") << "a stateless turn writes nothing";
}

TEST_F(AppTest, SessionStoresHistoryAndSecondTurnUsesTheFirst) {
  std::vector<net::Header> h = {{"Content-Type", "application/json"}, {"X-User-Id", "u1"}, {"X-Session-Id", "s1"}};
  auto first = Call("POST", "/v1/chat/completions", Chat("can I book a flight from Las Vegas to Hawaii?"), h);
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_TRUE(WaitLen("{u:u1}:s:s1:msgs", 2));
  auto second = Call("POST", "/v1/chat/completions", Chat("and hotels there?"), h);
  ASSERT_EQ(second.status, 200);
  std::string answer = Content(second);
  EXPECT_TRUE(answer.find("Honolulu") != std::string::npos || answer.find("Hawaii") != std::string::npos) << answer;
  ASSERT_TRUE(WaitLen("{u:u1}:s:s1:msgs", 4));
  EXPECT_NE(valkey_.Cli({"TTL", "{u:u1}:s:s1:msgs"}), "-1") << "history has an idle TTL";
  auto listed = Call("GET", "/v1/sessions/s1/messages?user=u1");
  ASSERT_EQ(listed.status, 200);
  json::value v = json::parse(listed.body);
  ASSERT_EQ(v.at("data").as_array().size(), 4u);
  EXPECT_EQ(v.at("data").at(2).at("content").as_string(), "and hotels there?");
}

TEST_F(AppTest, ResentConversationIsNotDuplicated) {
  std::vector<net::Header> h = {{"Content-Type", "application/json"}};
  auto first = Call("POST", "/v1/chat/completions", Chat("hi", R"(,"user":"u2","metadata":{"session_id":"s"})"), h);
  ASSERT_EQ(first.status, 200);
  ASSERT_TRUE(WaitLen("{u:u2}:s:s:msgs", 2));
  std::string resent = R"({"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":")" +
                       Content(first) + R"("},{"role":"user","content":"what did I just ask?"}],"user":"u2","metadata":{"session_id":"s"}})";
  auto second = Call("POST", "/v1/chat/completions", resent, h);
  ASSERT_EQ(second.status, 200) << second.body;
  ASSERT_TRUE(WaitLen("{u:u2}:s:s:msgs", 4));
}

TEST_F(AppTest, StreamingEndsWithDone) {
  std::string got;
  net::HttpClientRequest req;
  req.url = base_ + "/v1/chat/completions";
  req.headers = {{"Content-Type", "application/json"}};
  req.body = Chat("who are you?", R"(,"stream":true)");
  auto r = test::RunAsync(io_, net::Fetch(req, [&](std::string_view b) -> asio::awaitable<core::Status> {
    got += b;
    co_return core::Ok();
  }));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(*r->header("content-type"), "text/event-stream");
  EXPECT_NE(got.find("chat.completion.chunk"), std::string::npos);
  EXPECT_NE(got.find("\"usage\""), std::string::npos);
  EXPECT_TRUE(got.ends_with("data: [DONE]\n\n")) << got;
}

TEST_F(AppTest, ValkeyDownAnswersStatelesslyAndRecovers) {
  std::vector<net::Header> h = {{"Content-Type", "application/json"}, {"X-User-Id", "u3"}, {"X-Session-Id", "s"}};
  valkey_.Stop(/*crash=*/true);
  auto down = Call("POST", "/v1/chat/completions", Chat("what is the pet policy?"), h);
  EXPECT_EQ(down.status, 200) << down.body;
  ASSERT_NE(down.header("x-degraded"), nullptr);
  EXPECT_EQ(*down.header("x-degraded"), "valkey");
  auto ready = Call("GET", "/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(ready.body.find("\"valkey\":{\"ok\":false"), std::string::npos) << ready.body;
  ASSERT_TRUE(valkey_.Start());
  net::HttpClientResponse up;
  for (int i = 0; i < 100; ++i) {
    up = Call("POST", "/v1/chat/completions", Chat("what is the pet policy?"), h);
    if (up.header("x-degraded") == nullptr) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(up.status, 200);
  EXPECT_EQ(up.header("x-degraded"), nullptr) << "no reconnect without a restart";
  EXPECT_TRUE(WaitLen("{u:u3}:s:s:msgs", 2));
}

TEST_F(AppTest, ProfileReplaceMergeDeleteAndLimits) {
  auto put = Call("PUT", "/v1/users/p1/profile", R"({"name":"Ana","kids_ages":"4,8","budget_usd":300})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(valkey_.Cli({"HGET", "{u:p1}:profile", "budget_usd"}), "300");
  auto patch = Call("PATCH", "/v1/users/p1/profile", R"({"name":null,"interests":"outdoors"})");
  ASSERT_EQ(patch.status, 200) << patch.body;
  json::value v = json::parse(patch.body);
  EXPECT_FALSE(v.at("profile").as_object().contains("name"));
  EXPECT_EQ(v.at("profile").at("interests").as_string(), "outdoors");
  std::string many = "{";
  for (int i = 0; i < 63; ++i) many += (i ? "," : "") + std::string("\"f") + std::to_string(i) + "\":\"x\"";
  many += "}";
  auto too_many = Call("PATCH", "/v1/users/p1/profile", many);
  EXPECT_EQ(too_many.status, 400) << too_many.body;
  EXPECT_EQ(valkey_.Cli({"HLEN", "{u:p1}:profile"}), "3") << "a rejected PATCH changes nothing";
  auto replaced = Call("PUT", "/v1/users/p1/profile", R"({"seat":"aisle"})");
  ASSERT_EQ(replaced.status, 200);
  EXPECT_EQ(valkey_.Cli({"HLEN", "{u:p1}:profile"}), "1");
  auto got = Call("GET", "/v1/users/p1/profile");
  EXPECT_EQ(json::parse(got.body).at("profile").at("seat").as_string(), "aisle");
  auto del = Call("DELETE", "/v1/users/p1/profile");
  EXPECT_NE(del.body.find("\"deleted\":true"), std::string::npos);
  EXPECT_EQ(valkey_.Cli({"EXISTS", "{u:p1}:profile"}), "0");
}

TEST_F(AppTest, BadRequestsWriteNothing) {
  struct Bad {
    std::string method, path, body;
    std::vector<net::Header> headers;
    int status;
  };
  const std::vector<net::Header> json_h = {{"Content-Type", "application/json"}};
  std::vector<Bad> cases = {
      {"POST", "/v1/chat/completions", Chat("x"), {{"Content-Type", "text/plain"}}, 415},
      {"POST", "/v1/chat/completions", "{\"messages\":[", json_h, 400},
      {"POST", "/v1/chat/completions", Chat("x", R"(,"user":"a}:profile","metadata":{"session_id":"s"})"), json_h, 400},
      {"POST", "/v1/chat/completions", Chat("x"), {{"Content-Type", "application/json"}, {"X-Session-Id", "s"}}, 400},
      {"POST", "/v1/chat/completions", R"({"model":"nope","messages":[{"role":"user","content":"x"}],"user":"u"})", json_h, 404},
      {"PUT", "/v1/users/a%7D:profile/profile", R"({"a":"b"})", json_h, 400},
      {"PUT", "/v1/users/ok/profile", R"({"a":{"b":1}})", json_h, 400},
      {"PUT", "/v1/users/ok/profile", R"({"a":")" + std::string(2000, 'x') + "\"}", json_h, 400},
      {"PUT", "/v1/users/ok/profile", R"({"bad key":"x"})", json_h, 400},
      {"GET", "/v1/sessions/s/messages", "", {}, 400},
      {"GET", "/v1/sessions/*/messages?user=u", "", {}, 400},
      {"DELETE", "/v1/chat/completions", "", {}, 405},
      {"GET", "/nope", "", {}, 404},
  };
  for (const Bad& c : cases) {
    auto r = Call(c.method, c.path, c.body, c.headers);
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.path << " " << r.body;
    json::value v = json::parse(r.body);
    EXPECT_TRUE(v.at("error").at("message").is_string()) << r.body;
    EXPECT_TRUE(v.at("error").at("type").is_string());
  }
  EXPECT_EQ(valkey_.Cli({"DBSIZE"}), "0");
  EXPECT_EQ(Call("GET", "/healthz").status, 200) << "the server stays up";
}

TEST_F(AppTest, ModelsAndMetrics) {
  auto models = Call("GET", "/v1/models");
  EXPECT_NE(models.body.find("\"id\":\"flightly-local\""), std::string::npos);
  auto metrics = Call("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("contrail_http_requests_total{route=\"models\",method=\"GET\",status=\"200\"}"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("contrail_valkey_connections_up"), std::string::npos);
}

TEST_F(AppTest, ReadyWhenBothBackendsAnswer) {
  if (std::getenv("CONTRAIL_TEST_PG_PORT") == nullptr) {
    CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
  }
  auto r = Call("GET", "/readyz");
  EXPECT_EQ(r.status, 200) << r.body;
  json::value v = json::parse(r.body);
  EXPECT_TRUE(v.at("checks").at("valkey").at("ok").as_bool());
  EXPECT_TRUE(v.at("checks").at("postgres").at("ok").as_bool());
}

}  // namespace
}  // namespace contrail::server

namespace contrail::server {
namespace {

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
    core::Config c;
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
  core::Config c;
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

