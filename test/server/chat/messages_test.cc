// The messages of a turn: which are new, what the model sees, what the session stores.

#include "server/chat/messages.h"

#include <gtest/gtest.h>

namespace contrail::server::chat {
namespace {

TEST(SplitNewMessagesTest, WithASessionOnlyMessagesAfterTheLastAssistantAreNew) {
  std::vector<llm::Message> msgs = {{llm::Role::kSystem, "sys"},
                                    {llm::Role::kUser, "q1"},
                                    {llm::Role::kAssistant, "a1"},
                                    {llm::Role::kUser, "q2"}};
  auto split = SplitNewMessages(msgs, true);
  ASSERT_TRUE(split.ok());
  ASSERT_EQ(split->fresh.size(), 1u);
  EXPECT_EQ(split->fresh[0].content, "q2");
  ASSERT_EQ(split->system.size(), 1u);
  auto stateless = SplitNewMessages(msgs, false);
  EXPECT_EQ(stateless->fresh.size(), 3u);
}

TEST(SplitNewMessagesTest, ASessionTurnNeedsANewUserMessageOrToolResult) {
  std::vector<llm::Message> msgs = {{llm::Role::kUser, "q1"}, {llm::Role::kAssistant, "a1"}};
  auto none = SplitNewMessages(msgs, true);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().param, "messages");
  llm::Message call(llm::Role::kAssistant, "");
  call.tool_calls.push_back({"call_1", "search_flights", "{}"});
  llm::Message result(llm::Role::kTool, "{\"fares\":[279]}");
  result.tool_call_id = "call_1";
  auto tool_turn = SplitNewMessages({{llm::Role::kUser, "q"}, call, result}, true);
  ASSERT_TRUE(tool_turn.ok());
  ASSERT_EQ(tool_turn->fresh.size(), 1u);
  EXPECT_EQ(tool_turn->fresh[0].role, llm::Role::kTool);
}

TEST(ModelMessagesTest, SessionTurnSeesPromptSystemHistoryThenNewMessages) {
  std::vector<llm::Message> request = {{llm::Role::kSystem, "be brief"},
                                       {llm::Role::kUser, "old"},
                                       {llm::Role::kAssistant, "old answer"},
                                       {llm::Role::kUser, "new"}};
  auto split = SplitNewMessages(request, true);
  ASSERT_TRUE(split.ok());
  std::vector<memory::StoredMessage> history = {{llm::Role::kUser, "stored q", 1}, {llm::Role::kAssistant, "stored a", 2}};
  std::vector<llm::Message> seen = ModelMessages("prompt", request, *split, history, true);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[0].content, "prompt");
  EXPECT_EQ(seen[1].content, "be brief");
  EXPECT_EQ(seen[2].content, "stored q");
  EXPECT_EQ(seen[3].role, llm::Role::kAssistant);
  EXPECT_EQ(seen[4].content, "new");
}

TEST(ModelMessagesTest, StatelessTurnSeesTheRequestAsSent) {
  std::vector<llm::Message> request = {{llm::Role::kUser, "q1"}, {llm::Role::kAssistant, "a1"}, {llm::Role::kUser, "q2"}};
  auto split = SplitNewMessages(request, false);
  std::vector<llm::Message> seen = ModelMessages("prompt", request, *split, {}, false);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].content, "prompt");
  EXPECT_EQ(seen[2].content, "a1");
}

TEST(MessagesToStoreTest, NewMessagesAndTheReplyWithItsToolCalls) {
  NewMessages split;
  split.fresh.emplace_back(llm::Role::kUser, "flights to Hawaii?");
  llm::ChatResult reply;
  reply.tool_calls.push_back({"call_9", "search_flights", R"({"to":"HNL"})"});
  auto stored = MessagesToStore(split, reply, 7);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].message.content, "flights to Hawaii?");
  EXPECT_EQ(stored[1].message.role, llm::Role::kAssistant);
  ASSERT_EQ(stored[1].message.tool_calls.size(), 1u);
  EXPECT_EQ(stored[1].message.tool_calls[0].id, "call_9");
  EXPECT_EQ(stored[1].ts, 7);
}

}  // namespace
}  // namespace contrail::server::chat
