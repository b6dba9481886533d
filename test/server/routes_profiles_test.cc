// The profile routes through the whole server: PUT replaces, PATCH merges, DELETE, and limits.

#include <gtest/gtest.h>

#include "server/app_fixture.h"

namespace contrail::server {
namespace {

using ProfileRoutesTest = AppTest;

TEST_F(ProfileRoutesTest, ReplaceMergeDeleteAndLimits) {
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

}  // namespace
}  // namespace contrail::server
