// API keys in PostgreSQL and their shared copies in Valkey.

#include "server/auth/key_store.h"

#include "auth_fixture.h"

namespace contrail::server::auth {
namespace {

using KeyStoreTest = testing::AuthTest;

TEST_F(KeyStoreTest, ACreatedKeyIsFoundListedAndStoredOnlyAsAHash) {
  NewKey k = Create(KeyKind::kUser, "alice");
  auto found = test::RunAsync(io_, FindKey(a_->pg, &a_->valkey, k.id));
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->kind, KeyKind::kUser);
  EXPECT_EQ((*found)->user, "alice");
  EXPECT_EQ((*found)->secret_hash, k.secret_hash);
  EXPECT_FALSE((*found)->revoked);
  auto listed = test::RunAsync(io_, ListKeys(a_->pg, false));
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, k.id);
  EXPECT_EQ((*listed)[0].name, "test");
  EXPECT_FALSE((*listed)[0].created_at.empty());
  EXPECT_EQ(db_->Sql("SELECT count(*) FROM api_keys WHERE secret_hash = '" + k.secret_hash + "'").rows[0][0], "1");
  EXPECT_EQ(db_->Sql("SELECT count(*) FROM api_keys WHERE secret_hash LIKE '%" + k.key.substr(20, 10) + "%'").rows[0][0], "0");
}

TEST_F(KeyStoreTest, ALookupLeavesACopyInValkeyAndAnUnknownIdIsRememberedAsNone) {
  NewKey k = Create(KeyKind::kService);
  ASSERT_TRUE(test::RunAsync(io_, FindKey(a_->pg, &a_->valkey, k.id)).ok());
  EXPECT_EQ(valkey_.Cli({"GET", "auth:key:" + k.id}), "service\t\t" + k.secret_hash + "\t0\t0");
  auto none = test::RunAsync(io_, FindKey(a_->pg, &a_->valkey, "00000000000000ff"));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(valkey_.Cli({"GET", "auth:key:00000000000000ff"}), "none");
}

TEST_F(KeyStoreTest, RevokingRewritesTheSharedCopyAndIsIdempotent) {
  NewKey k = Create(KeyKind::kAdmin);
  ASSERT_TRUE(test::RunAsync(io_, FindKey(a_->pg, &a_->valkey, k.id)).ok());  // a copy says "good"
  auto revoked = test::RunAsync(io_, RevokeKey(a_->pg, &a_->valkey, k.id));
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  ASSERT_TRUE(revoked->has_value());
  EXPECT_TRUE((*revoked)->revoked);
  EXPECT_TRUE(valkey_.Cli({"GET", "auth:key:" + k.id}).ends_with("\t1\t0"));
  auto found = test::RunAsync(io_, FindKey(b_->pg, &b_->valkey, k.id));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_TRUE((*found)->revoked);
  auto again = test::RunAsync(io_, RevokeKey(a_->pg, &a_->valkey, k.id));
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ(test::RunAsync(io_, ListKeys(a_->pg, false))->size(), 0u);
  EXPECT_EQ(test::RunAsync(io_, ListKeys(a_->pg, true))->size(), 1u);
  auto missing = test::RunAsync(io_, RevokeKey(a_->pg, &a_->valkey, "00000000000000aa"));
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(KeyStoreTest, AKeysDailyTokenLimitIsStoredAndCopiedAndOldCopiesStillRead) {
  auto k = test::RunAsync(io_, CreateKey(a_->pg, KeyKind::kService, "", "metered", 5000));
  ASSERT_TRUE(k.ok()) << k.error().message;
  auto found = test::RunAsync(io_, FindKey(a_->pg, &a_->valkey, k->id));  // from PostgreSQL
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->daily_tokens, 5000);
  EXPECT_TRUE(valkey_.Cli({"GET", "auth:key:" + k->id}).ends_with("\t0\t5000"));
  auto copied = test::RunAsync(io_, FindKey(b_->pg, &b_->valkey, k->id));  // from Valkey's copy
  ASSERT_TRUE(copied.ok() && copied->has_value());
  EXPECT_EQ((*copied)->daily_tokens, 5000);
  EXPECT_EQ(test::RunAsync(io_, ListKeys(a_->pg, false))->at(0).daily_tokens, 5000);
  // A copy written before keys had a daily limit: four fields, the default limit.
  valkey_.Cli({"SET", "auth:key:" + k->id, "service\t\t" + k->secret_hash + "\t0"});
  auto old = test::RunAsync(io_, FindKey(b_->pg, &b_->valkey, k->id));
  ASSERT_TRUE(old.ok() && old->has_value());
  EXPECT_EQ((*old)->daily_tokens, 0);
  EXPECT_EQ((*old)->secret_hash, k->secret_hash);
}

TEST_F(KeyStoreTest, WithValkeyDownKeysAreReadFromPostgres) {
  NewKey k = Create(KeyKind::kUser, "bob");
  valkey_.Stop(/*crash=*/true);
  Sleep(50);
  auto found = test::RunAsync(io_, FindKey(a_->pg, &a_->valkey, k.id));
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->user, "bob");
}

}  // namespace
}  // namespace contrail::server::auth
