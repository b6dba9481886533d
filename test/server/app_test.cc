// The whole server against a real Valkey (and PostgreSQL when CONTRAIL_TEST_PG_PORT is set),
// driven over HTTP.

#include "server/app.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "server/app_fixture.h"
#include "support/services.h"

namespace contrail::server {
namespace {

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

// PostgreSQL at a port where nothing listens: the 503s say the database is unavailable, and
// nothing of libpq's text (host, port, "connection refused") reaches the client.
class UnreachableDatabaseTest : public AppTest {
 protected:
  void SetUp() override {
    core::Config config = TestAppConfig();
    config.postgres.port = pg_port_;
    StartApp(config);
  }
  void ExpectGeneric(const net::HttpClientResponse& r, const std::string& what) {
    EXPECT_EQ(r.status, 503) << what << ": " << r.body;
    EXPECT_NE(r.body.find("the database is unavailable"), std::string::npos) << what << ": " << r.body;
    for (const std::string& leak : {std::string("127.0.0.1"), std::to_string(pg_port_), std::string("localhost"),
                                    std::string("refused"), std::string("to server")}) {
      EXPECT_EQ(r.body.find(leak), std::string::npos) << what << " leaks '" << leak << "': " << r.body;
    }
    EXPECT_NE(r.header("x-request-id"), nullptr) << what << ": the request id finds the detail in the log";
  }
  const int pg_port_ = test::FreePort();
};

TEST_F(UnreachableDatabaseTest, SearchAndReadinessSayTheDatabaseIsUnavailableWithoutItsAddress) {
  ExpectGeneric(Call("POST", "/v1/search", R"({"query":"baggage allowance"})"), "POST /v1/search");
  auto ready = Call("GET", "/readyz");
  ExpectGeneric(ready, "GET /readyz");
  json::value v = json::parse(ready.body);
  EXPECT_FALSE(v.at("checks").at("postgres").at("ok").as_bool());
  EXPECT_TRUE(v.at("checks").at("valkey").at("ok").as_bool()) << "only the database is down";
}

}  // namespace
}  // namespace contrail::server
