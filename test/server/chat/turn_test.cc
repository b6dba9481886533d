// A chat turn through the whole server: stateless and session turns, streaming, Server-Timing,
// the stored session, and answering without Valkey.

#include "server/chat/turn.h"

#include <gtest/gtest.h>

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <thread>

#include "net/http_client.h"
#include "server/app_fixture.h"
#include "support/async.h"

namespace contrail::server::chat {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using ChatTurnTest = AppTest;

TEST_F(ChatTurnTest, StatelessCompletion) {
  auto r = Call("POST", "/v1/chat/completions", Chat("what is the baggage allowance?"));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(Content(r).empty());
  EXPECT_NE(r.header("x-request-id"), nullptr);
  EXPECT_NE(r.header("server-timing")->find("llm;dur="), std::string::npos);
  EXPECT_EQ(valkey_.Cli({"DBSIZE"}), "0") << "a stateless turn writes nothing";
}

// Each stage that ran is a Server-Timing entry, in the order the stages run.
TEST_F(ChatTurnTest, ServerTimingNamesTheStagesInOrder) {
  std::vector<net::Header> h = {{"Content-Type", "application/json"}, {"X-User-Id", "t1"}, {"X-Session-Id", "s"}};
  auto r = Call("POST", "/v1/chat/completions", Chat("hello"), h);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string timing = *r.header("server-timing");
  std::size_t at = 0;
  for (const char* stage : {"valkey;dur=", "query;dur=", "llm;dur=", "save;dur=", "total;dur="}) {
    std::size_t found = timing.find(stage, at);
    ASSERT_NE(found, std::string::npos) << stage << " in " << timing;
    at = found;
  }
}

// The turn, not the model, stores the session's state: the slots of every turn so far.
TEST_F(ChatTurnTest, TheTurnStoresTheSessionsState) {
  std::vector<net::Header> h = {{"Content-Type", "application/json"}, {"X-User-Id", "t2"}, {"X-Session-Id", "s"}};
  ASSERT_EQ(Call("POST", "/v1/chat/completions", Chat("flights from Denver to Maui in June"), h).status, 200);
  ASSERT_EQ(Call("POST", "/v1/chat/completions", Chat("thanks!"), h).status, 200);
  json::value state = json::parse(valkey_.Cli({"GET", "{u:t2}:s:s:state"}));
  EXPECT_EQ(state.at("slots").at("origin").as_string(), "DEN");
  EXPECT_EQ(state.at("slots").at("destination").as_string(), "OGG");
  EXPECT_EQ(state.at("intent").as_string(), "flight_search") << "small talk keeps the topic";
  EXPECT_EQ(state.at("turns").as_int64(), 2);
}

TEST_F(ChatTurnTest, SessionStoresHistoryAndSecondTurnUsesTheFirst) {
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

TEST_F(ChatTurnTest, ResentConversationIsNotDuplicated) {
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

TEST_F(ChatTurnTest, StreamingEndsWithDone) {
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

TEST_F(ChatTurnTest, ValkeyDownAnswersStatelesslyAndRecovers) {
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

}  // namespace
}  // namespace contrail::server::chat
