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

