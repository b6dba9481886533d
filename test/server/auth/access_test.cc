// Every route of the server, walked from the route table, with no key, another user's key, a
// revoked key, a service key and an admin key: who may do what, and that a refused request reads
// and writes nothing.

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <map>

#include "auth_fixture.h"
#include "server/app_fixture.h"

namespace contrail::server {
namespace {

using auth::KeyKind;

// What to send to each route: the path with its ids filled in and a valid body, all naming
// "alice". A route missing here fails the test: a new route must say how it is called.
struct RouteCall {
  std::string path;
  std::string body;
};
const std::map<std::string, RouteCall>& Calls() {
  static const std::map<std::string, RouteCall> calls = {
      {"POST /v1/chat/completions",
       {"/v1/chat/completions", R"({"user":"alice","metadata":{"session_id":"trip"},"messages":[{"role":"user","content":"what did I just ask?"}]})"}},
      {"POST /v1/responses", {"/v1/responses", R"({"user":"alice","input":"what did I just ask?"})"}},
      {"GET /v1/responses/{id}", {"/v1/responses/resp_0123456789abcdef_trip?user=alice", ""}},
      {"DELETE /v1/responses/{id}", {"/v1/responses/resp_0123456789abcdef_trip?user=alice", ""}},
      {"GET /v1/responses/{id}/input_items", {"/v1/responses/resp_0123456789abcdef_trip/input_items?user=alice", ""}},
      {"POST /v1/conversations", {"/v1/conversations?user=alice", "{}"}},
      {"GET /v1/conversations/{id}", {"/v1/conversations/conv_0123456789abcdef01234567?user=alice", ""}},
      {"DELETE /v1/conversations/{id}", {"/v1/conversations/conv_0123456789abcdef01234567?user=alice", ""}},
      {"GET /v1/conversations/{id}/items", {"/v1/conversations/conv_0123456789abcdef01234567/items?user=alice", ""}},
      {"POST /v1/embeddings", {"/v1/embeddings", R"({"model":"contrail-local","input":"hello"})"}},
      {"POST /v1/search", {"/v1/search", R"({"query":"pets","mode":"text"})"}},
      {"GET /v1/models", {"/v1/models", ""}},
      {"GET /v1/models/{id}", {"/v1/models/flightly-local", ""}},
      {"PUT /v1/users/{id}/profile", {"/v1/users/alice/profile", R"({"name":"Mallory"})"}},
      {"PATCH /v1/users/{id}/profile", {"/v1/users/alice/profile", R"({"name":"Mallory"})"}},
      {"GET /v1/users/{id}/profile", {"/v1/users/alice/profile", ""}},
      {"DELETE /v1/users/{id}/profile", {"/v1/users/alice/profile", ""}},
      {"GET /v1/sessions/{sid}/messages", {"/v1/sessions/trip/messages?user=alice", ""}},
      {"DELETE /v1/sessions/{sid}/messages", {"/v1/sessions/trip/messages?user=alice", ""}},
      {"POST /v1/memory/extract", {"/v1/memory/extract?user=alice", ""}},
      {"GET /v1/memory/sessions/{sid}/events", {"/v1/memory/sessions/trip/events?user=alice", ""}},
      {"GET /v1/memory/sessions/{sid}/conversation", {"/v1/memory/sessions/trip/conversation?user=alice", ""}},
      {"GET /v1/memory/records", {"/v1/memory/records?user=alice", ""}},
      {"DELETE /v1/users/{id}", {"/v1/users/alice", ""}},
      {"GET /v1/bookings", {"/v1/bookings?user=alice", ""}},
      {"GET /v1/bookings/{id}", {"/v1/bookings/K7Q2XM?user=alice", ""}},
      {"POST /v1/bookings/{id}/cancel", {"/v1/bookings/K7Q2XM/cancel?user=alice", ""}},
      {"POST /v1/admin/keys", {"/v1/admin/keys", R"({"kind":"admin","name":"mallory's"})"}},
      {"GET /v1/admin/keys", {"/v1/admin/keys", ""}},
      {"DELETE /v1/admin/keys/{id}", {"/v1/admin/keys/0123456789abcdef", ""}},
      {"GET /v1/cache/stats", {"/v1/cache/stats", ""}},
      {"DELETE /v1/cache", {"/v1/cache?all=true", ""}},
      {"POST /mcp", {"/mcp", R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}})"}},
      {"GET /mcp", {"/mcp", ""}},
      {"DELETE /mcp", {"/mcp", ""}},
      {"GET /healthz", {"/healthz", ""}},
      {"GET /readyz", {"/readyz", ""}},
      {"GET /metrics", {"/metrics", ""}},
  };
  return calls;
}

// Routes that act for the user they name: another user's key gets 403 there.
bool ActsForAUser(const std::string& pattern) {
  return pattern.starts_with("/v1/users/") || pattern.starts_with("/v1/sessions/") ||
         pattern.starts_with("/v1/memory/") || pattern.starts_with("/v1/responses") ||
         pattern.starts_with("/v1/conversations") || pattern.starts_with("/v1/bookings") ||
         pattern == "/v1/chat/completions";
}

class AccessTest : public AppTest {
 protected:
  void SetUp() override {
    db_ = test::MigratedDatabase();
    if (!db_) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
    core::Config config = TestAppConfig();
    config.auth.mode = "required";
    config.postgres.database = db_->name();
    config.auth.key_cache_ms = 0;  // a revocation counts at once
    StartApp(config);
    pg_ = std::make_unique<pg::Pool>(io_.get_executor(), db_->options(), 1);
    for (auto [name, kind, user] : {std::tuple{"alice", KeyKind::kUser, "alice"}, {"bob", KeyKind::kUser, "bob"},
                                    {"service", KeyKind::kService, ""}, {"admin", KeyKind::kAdmin, ""},
                                    {"revoked", KeyKind::kAdmin, ""}}) {
      auto k = test::RunAsync(io_, auth::CreateKey(*pg_, kind, user, name));
      ASSERT_TRUE(k.ok()) << k.error().message;
      keys_[name] = k->key;
      ids_[name] = k->id;
    }
    ASSERT_TRUE(test::RunAsync(io_, auth::RevokeKey(*pg_, nullptr, ids_["revoked"])).ok());
    // Alice's data, which nobody but alice, a service or an admin may read or change.
    ASSERT_EQ(As("alice", "PUT", "/v1/users/alice/profile", R"({"name":"Alice","kids_ages":"4,8"})").status, 200);
    ASSERT_EQ(As("alice", "POST", "/v1/chat/completions",
                 R"({"user":"alice","metadata":{"session_id":"trip"},"messages":[{"role":"user","content":"flights to Maui"}]})")
                  .status, 200);
    ASSERT_TRUE(WaitLen("{u:alice}:s:trip:msgs", 2));
  }
  void TearDown() override {
    if (app_) AppTest::TearDown();
  }

  net::HttpClientResponse As(const std::string& who, const std::string& method, const std::string& path,
                             const std::string& body) {
    std::vector<net::Header> headers = {{"Content-Type", "application/json"}};
    if (!who.empty()) headers.emplace_back("Authorization", "Bearer " + keys_.at(who));
    return Call(method, path, body, headers);
  }
  // Sends `request` as it is and returns the whole reply.
  std::string RawExchange(const std::string& request) {
    boost::asio::ip::tcp::socket s(io_);
    s.connect({boost::asio::ip::make_address("127.0.0.1"),
               static_cast<unsigned short>(std::stoi(base_.substr(base_.rfind(':') + 1)))});
    boost::asio::write(s, boost::asio::buffer(request));
    std::string reply;
    boost::system::error_code ec;
    char buf[4096];
    while (!ec) reply.append(buf, s.read_some(boost::asio::buffer(buf), ec));
    return reply;
  }
  // Alice's stored data, to compare before and after a refused request.
  std::string AliceState() {
    return valkey_.Cli({"HGETALL", "{u:alice}:profile"}) + "|" + valkey_.Cli({"LRANGE", "{u:alice}:s:trip:msgs", "0", "-1"}) +
           "|" + valkey_.Cli({"GET", "{u:alice}:s:trip:state"}) + "|" +
           db_->Sql("SELECT count(*) FROM api_keys").rows[0][0] + "|" +
           db_->Sql("SELECT count(*) || ':' || count(*) FILTER (WHERE status = 'cancelled') FROM bookings").rows[0][0];
  }

  std::optional<test::TestDatabase> db_;
  std::unique_ptr<pg::Pool> pg_;
  std::map<std::string, std::string> keys_, ids_;
};

TEST_F(AccessTest, EveryRouteOfTheTableIsCoveredHere) {
  for (const Router::RouteInfo& r : app_->routes()) {
    EXPECT_TRUE(Calls().count(r.method + " " + r.pattern)) << r.method << " " << r.pattern << ": add it to Calls()";
  }
}

TEST_F(AccessTest, WithoutAKeyOnlyPublicRoutesAnswer) {
  const std::string before = AliceState();
  for (const Router::RouteInfo& r : app_->routes()) {
    const RouteCall& call = Calls().at(r.method + " " + r.pattern);
    auto res = As("", r.method, call.path, call.body);
    if (r.access == Access::kPublic) {
      EXPECT_NE(res.status, 401) << r.method << " " << r.pattern;
      continue;
    }
    EXPECT_EQ(res.status, 401) << r.method << " " << r.pattern << ": " << res.body;
    ASSERT_NE(res.header("www-authenticate"), nullptr) << r.pattern;
    EXPECT_NE(res.body.find("\"type\":\"authentication_error\""), std::string::npos) << res.body;
  }
  EXPECT_EQ(AliceState(), before);
}

TEST_F(AccessTest, AnotherUsersKeyIsRefusedEverywhereAliceIsNamedAndTouchesNothing) {
  const std::string before = AliceState();
  for (const Router::RouteInfo& r : app_->routes()) {
    if (r.access == Access::kPublic) continue;
    const RouteCall& call = Calls().at(r.method + " " + r.pattern);
    auto res = As("bob", r.method, call.path, call.body);
    if (ActsForAUser(r.pattern) || r.access == Access::kAdmin) {
      EXPECT_EQ(res.status, 403) << r.method << " " << r.pattern << ": " << res.body;
    } else if (r.pattern == "/mcp") {
      // Bob opens his own MCP session; the stream and the end of a session need one he owns
      // (another key's session is 404: test/e2e/mcp.test.mjs).
      EXPECT_EQ(res.status, r.method == "POST" ? 200 : r.method == "GET" ? 405 : 400) << r.method << ": " << res.body;
    } else {
      EXPECT_EQ(res.status / 100, 2) << r.method << " " << r.pattern << ": " << res.body;
    }
  }
  EXPECT_EQ(AliceState(), before) << "a refused request read or wrote alice's data";
}

TEST_F(AccessTest, IdentityInHeadersCannotBorrowAnotherUser) {
  const std::string before = AliceState();
  auto res = Call("POST", "/v1/chat/completions", R"({"messages":[{"role":"user","content":"hi"}]})",
                  {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + keys_["bob"]},
                   {"X-User-Id", "alice"}, {"X-Session-Id", "trip"}});
  EXPECT_EQ(res.status, 403) << res.body;
  // Two X-User-Id headers (an HTTP client library would merge them; a raw request does not).
  std::string twice = RawExchange("GET /v1/sessions/trip/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                  keys_["alice"] + "\r\nX-User-Id: alice\r\nX-User-Id: bob\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(twice.starts_with("HTTP/1.1 400")) << twice;
  auto bad_escape = As("alice", "GET", "/v1/sessions/trip/messages?user=%ZZ", "");
  EXPECT_EQ(bad_escape.status, 400) << bad_escape.body;
  EXPECT_EQ(AliceState(), before);
}

TEST_F(AccessTest, AUserKeyActsForItsUserWithoutNamingIt) {
  auto turn = As("alice", "POST", "/v1/chat/completions",
                 R"({"metadata":{"session_id":"trip"},"messages":[{"role":"user","content":"what did I just ask?"}]})");
  ASSERT_EQ(turn.status, 200) << turn.body;
  EXPECT_NE(Content(turn).find("flights to Maui"), std::string::npos) << Content(turn);
  auto history = As("alice", "GET", "/v1/sessions/trip/messages", "");
  EXPECT_EQ(history.status, 200) << history.body;
}

TEST_F(AccessTest, ServiceAndAdminKeysActForAnyUserAndOnlyAdminKeysReachAdminRoutes) {
  EXPECT_EQ(As("service", "GET", "/v1/users/alice/profile", "").status, 200);
  EXPECT_EQ(As("admin", "GET", "/v1/sessions/trip/messages?user=alice", "").status, 200);
  EXPECT_EQ(As("service", "GET", "/v1/admin/keys", "").status, 403);
  auto listed = As("admin", "GET", "/v1/admin/keys", "");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find("ck_"), std::string::npos) << "a listing never shows a key";
  EXPECT_EQ(As("admin", "GET", "/metrics", "").status, 200);
  EXPECT_EQ(As("service", "GET", "/metrics", "").status, 403);
}

TEST_F(AccessTest, ARevokedKeyIsRefusedAndAKeyRevokedThroughTheApiStopsAtOnce) {
  EXPECT_EQ(As("revoked", "GET", "/v1/models", "").status, 401);
  auto created = As("admin", "POST", "/v1/admin/keys", R"({"kind":"user","user":"dave","name":"dave's"})");
  ASSERT_EQ(created.status, 201) << created.body;
  json::value v = json::parse(created.body);
  keys_["dave"] = json::value_to<std::string>(v.at("key"));
  EXPECT_EQ(As("dave", "GET", "/v1/users/dave/profile", "").status, 200);
  const std::string id = json::value_to<std::string>(v.at("id"));
  EXPECT_EQ(As("admin", "DELETE", "/v1/admin/keys/" + id, "").status, 200);
  EXPECT_EQ(As("dave", "GET", "/v1/users/dave/profile", "").status, 401);
}

}  // namespace
}  // namespace contrail::server
