// Conversation ids, the conversation object, and the commands a response in one adds.

#include "server/responses/conversations.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace contrail::server::responses {
namespace {

TEST(ConversationTest, IdsAreConvAndTwentyFourHexDigits) {
  const std::string id = NewConversationId();
  EXPECT_TRUE(IsConversationId(id)) << id;
  EXPECT_NE(NewConversationId(), id);
  for (std::string_view bad : {"", "conv_", "conv_0123456789abcdef0123456", "conv_0123456789abcdef012345678",
                               "conv_0123456789ABCDEF01234567", "resp_0123456789abcdef01234567",
                               "conv_0123456789abcdef0123456/"}) {
    EXPECT_FALSE(IsConversationId(bad)) << bad;
  }
}

TEST(ConversationTest, TheObjectIsOpenAIsShape) {
  const boost::json::value v =
      boost::json::parse(ConversationJson({"conv_0123456789abcdef01234567", 1700000000, R"({"topic":"maui"})"}));
  EXPECT_EQ(v.at("id"), "conv_0123456789abcdef01234567");
  EXPECT_EQ(v.at("object"), "conversation");
  EXPECT_EQ(v.at("created_at"), 1700000000);
  EXPECT_EQ(v.at("metadata").at("topic"), "maui");
}

TEST(ConversationTest, AResponseAppendsItsItemsBoundedAndRefreshesTheTtl) {
  std::vector<std::vector<std::string>> commands;
  AppendConversationItems(commands, "ana", "conv_0123456789abcdef01234567", {R"({"a":1})", R"({"b":2})"}, 3600);
  const std::string items = "{u:ana}:conv:conv_0123456789abcdef01234567:items";
  ASSERT_EQ(commands.size(), 4u);
  EXPECT_EQ(commands[0], (std::vector<std::string>{"RPUSH", items, R"({"a":1})", R"({"b":2})"}));
  EXPECT_EQ(commands[1], (std::vector<std::string>{"LTRIM", items, "-1000", "-1"}));
  EXPECT_EQ(commands[2], (std::vector<std::string>{"EXPIRE", items, "3600"}));
  EXPECT_EQ(commands[3], (std::vector<std::string>{"EXPIRE", "{u:ana}:conv:conv_0123456789abcdef01234567", "3600"}));
}

}  // namespace
}  // namespace contrail::server::responses
