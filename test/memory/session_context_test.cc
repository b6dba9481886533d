// LoadSessionContext against a real Valkey: one round trip for profile, history and state.

#include "memory/session_context.h"

#include "memory/write_behind.h"
#include "valkey_pool_fixture.h"

namespace contrail::memory {
namespace {

using SessionContextTest = testing::ValkeyPoolTest;

TEST_F(SessionContextTest, SavedTurnsComeBackNewestLastWithinTheWindow) {
  WriteBehindOptions options;
  options.window = 4;
  options.ttl_seconds = 60;
  WriteBehind writer(io_.get_executor(), pool_, options);
  for (int i = 0; i < 3; ++i) {
    SessionUpdate update{"u", "s", {{llm::Role::kUser, "q" + std::to_string(i), 1}, {llm::Role::kAssistant, "a" + std::to_string(i), 2}},
                         "state-" + std::to_string(i), "req-" + std::to_string(i)};
    test::RunAsync(io_, writer.Save(std::move(update)));
  }
  while (writer.in_flight() > 0) io_.run_one();
  EXPECT_EQ(server_.Cli({"LLEN", "{u:u}:s:s:msgs"}), "4") << "trimmed to the window";
  server_.Cli({"HSET", "{u:u}:profile", "kids_ages", "4,8"});

  auto m = test::RunAsync(io_, LoadSessionContext(pool_, "u", "s", 2));
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->history.size(), 2u);
  EXPECT_EQ(m->history[0].message.content, "q2");
  EXPECT_EQ(m->history[1].message.content, "a2");
  EXPECT_EQ(m->session_state, "state-2");
  EXPECT_EQ(m->profile.at("kids_ages"), "4,8");

  auto none = test::RunAsync(io_, LoadSessionContext(pool_, "u", "s", 0));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->history.empty()) << "history_context 0 reads no history";
  EXPECT_EQ(none->session_state, "state-2");

  auto stateless = test::RunAsync(io_, LoadSessionContext(pool_, "u", "", 20));
  ASSERT_TRUE(stateless.ok());
  EXPECT_TRUE(stateless->history.empty());
  EXPECT_EQ(stateless->profile.size(), 1u);
}

TEST_F(SessionContextTest, WrongTypeKeyIsAnUpstreamError) {
  server_.Cli({"SET", "{u:w}:profile", "not a hash"});
  auto m = test::RunAsync(io_, LoadSessionContext(pool_, "w", "", 20));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, core::Code::kUpstream);
}

}  // namespace
}  // namespace contrail::memory
