// API keys' text form: what a generated key looks like, which strings are keys, and the check
// against the stored hash.

#include "server/auth/api_key.h"

#include <gtest/gtest.h>

#include <set>

namespace contrail::server::auth {
namespace {

TEST(ApiKeyTest, GeneratedKeysAreWellFormedUniqueAndStoreOnlyTheirHash) {
  std::set<std::string> keys, ids;
  for (int i = 0; i < 200; ++i) {
    NewKey k = GenerateKey();
    ASSERT_EQ(k.key.size(), 3u + 16 + 1 + 43) << k.key;
    EXPECT_TRUE(k.key.starts_with("ck_" + k.id + "_"));
    EXPECT_EQ(KeyId(k.key), k.id);
    EXPECT_EQ(k.secret_hash, HashKey(k.key));
    EXPECT_EQ(k.secret_hash.find(k.key.substr(20)), std::string::npos);
    keys.insert(k.key);
    ids.insert(k.id);
  }
  EXPECT_EQ(keys.size(), 200u);
  EXPECT_EQ(ids.size(), 200u);
}

TEST(ApiKeyTest, OnlyWellFormedStringsHaveAnId) {
  const std::string good = GenerateKey().key;
  EXPECT_TRUE(KeyId(good));
  for (const std::string& bad :
       {std::string(), std::string("ck_"), "sk_" + good.substr(3), good.substr(0, good.size() - 1), good + "A",
        good.substr(0, 19) + "-" + good.substr(20), "ck_0123456789ABCDEF_" + good.substr(20),
        good.substr(0, 30) + "!" + good.substr(31), good.substr(0, 30) + " " + good.substr(31)}) {
    EXPECT_FALSE(KeyId(bad)) << bad;
  }
}

TEST(ApiKeyTest, TheKeyMatchesItsHashAndNoOtherKeyDoes) {
  NewKey k = GenerateKey();
  EXPECT_TRUE(KeyMatches(k.key, k.secret_hash));
  std::string other = k.key;
  other.back() = other.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(KeyMatches(other, k.secret_hash));
  EXPECT_FALSE(KeyMatches(k.key, k.secret_hash.substr(1)));
  EXPECT_FALSE(KeyMatches(k.key, ""));
}

TEST(ApiKeyTest, KindsRoundTripByName) {
  for (KeyKind kind : {KeyKind::kUser, KeyKind::kService, KeyKind::kAdmin}) {
    EXPECT_EQ(ParseKeyKind(KeyKindName(kind)), kind);
  }
  EXPECT_FALSE(ParseKeyKind("root"));
}

}  // namespace
}  // namespace contrail::server::auth
