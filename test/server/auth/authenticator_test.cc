// Authentication: a request's API key → who is calling, on two instances that share Valkey.

#include "server/auth/authenticator.h"

#include "auth_fixture.h"

namespace contrail::server::auth {
namespace {

using AuthenticatorTest = testing::AuthTest;

TEST_F(AuthenticatorTest, EachKindOfKeyGivesItsPrincipal) {
  NewKey user = Create(KeyKind::kUser, "alice");
  NewKey service = Create(KeyKind::kService);
  NewKey admin = Create(KeyKind::kAdmin);
  auto a = Authenticate(*a_, WithKey(user.key));
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->kind, KeyKind::kUser);
  EXPECT_EQ(a->user, "alice");
  EXPECT_EQ(a->key_id, user.id);
  EXPECT_TRUE(a->MayActFor("alice"));
  EXPECT_FALSE(a->MayActFor("bob"));
  EXPECT_FALSE(a->admin());
  auto s = Authenticate(*a_, WithKey(service.key));
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->MayActFor("bob"));
  EXPECT_FALSE(s->admin());
  auto ad = Authenticate(*b_, WithKey(admin.key));
  ASSERT_TRUE(ad.ok());
  EXPECT_TRUE(ad->admin());
}

TEST_F(AuthenticatorTest, MissingMalformedUnknownAndForgedKeysAre401) {
  NewKey real = Create(KeyKind::kUser, "alice");
  std::string forged = real.key;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  std::string unknown = GenerateKey().key;
  for (const net::HttpRequest& r : {net::HttpRequest{}, WithKey(""), WithKey("sk-not-ours"), WithKey(forged),
                                    WithKey(unknown)}) {
    auto who = Authenticate(*a_, r);
    ASSERT_FALSE(who.ok());
    EXPECT_EQ(who.error().code, core::Code::kUnauthorized) << who.error().message;
  }
  net::HttpRequest basic;
  basic.headers = {{"authorization", "Basic " + real.key}};
  EXPECT_EQ(Authenticate(*a_, basic).error().code, core::Code::kUnauthorized);
  net::HttpRequest lowercase;
  lowercase.headers = {{"authorization", "bearer " + real.key}};
  EXPECT_TRUE(Authenticate(*a_, lowercase).ok()) << "the scheme is case-insensitive";
}

TEST_F(AuthenticatorTest, TwoAuthorizationHeadersAreABadRequest) {
  NewKey a = Create(KeyKind::kUser, "alice");
  NewKey b = Create(KeyKind::kAdmin);
  net::HttpRequest r;
  r.headers = {{"authorization", "Bearer " + a.key}, {"authorization", "Bearer " + b.key}};
  auto who = Authenticate(*a_, r);
  ASSERT_FALSE(who.ok());
  EXPECT_EQ(who.error().code, core::Code::kMalformedRequest);
}

// Revoked through one instance, a key stops working on the other within auth.key_cache_ms,
// although the other had just checked it.
TEST_F(AuthenticatorTest, RevocationReachesEveryInstanceWithinTheCacheTime) {
  NewKey k = Create(KeyKind::kService);
  ASSERT_TRUE(Authenticate(*a_, WithKey(k.key)).ok());
  ASSERT_TRUE(Authenticate(*b_, WithKey(k.key)).ok());
  auto revoked = test::RunAsync(io_, RevokeKey(a_->pg, &a_->valkey, k.id));
  ASSERT_TRUE(revoked.ok() && revoked->has_value());
  a_->authenticator.Forget(k.id);
  EXPECT_EQ(Authenticate(*a_, WithKey(k.key)).error().code, core::Code::kUnauthorized) << "at once where revoked";
  Sleep(config_.key_cache_ms + 50);
  EXPECT_EQ(Authenticate(*b_, WithKey(k.key)).error().code, core::Code::kUnauthorized) << "after the cache time elsewhere";
}

TEST_F(AuthenticatorTest, WithAuthenticationOffEveryoneIsAnAdmin) {
  core::AuthConfig off;
  off.mode = "off";
  Authenticator open(off, a_->pg, a_->valkey);
  auto who = test::RunAsync(io_, open.Authenticate(net::HttpRequest{}));
  ASSERT_TRUE(who.ok());
  EXPECT_TRUE(who->admin());
  EXPECT_TRUE(who->MayActFor("anyone"));
}

TEST_F(AuthenticatorTest, WithoutValkeyKeysAreCheckedInPostgres) {
  NewKey k = Create(KeyKind::kUser, "carol");
  valkey_.Stop(/*crash=*/true);
  Sleep(50);
  auto who = Authenticate(*a_, WithKey(k.key));
  ASSERT_TRUE(who.ok()) << who.error().message;
  EXPECT_EQ(who->user, "carol");
}

}  // namespace
}  // namespace contrail::server::auth
