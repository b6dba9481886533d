// SigV4 against the published AWS SigV4 test suite (aws-sig-v4-test-suite, as shipped in
// awslabs/aws-c-auth tests/aws-signing-test-suite/v4 and the AWS SDK for JavaScript's
// suite.fixture): every case checks the canonical request, the string to sign and the
// Authorization header, so a wrong step shows where it went wrong.

#include "net/sigv4.h"

#include <gtest/gtest.h>

#include <chrono>

#include "net/sha256.h"

namespace contrail::net {
namespace {

using std::chrono::system_clock;

// 20150830T123600Z, the suite's signing time.
system_clock::time_point SuiteTime() { return system_clock::from_time_t(1440938160); }

AwsCredentials SuiteCredentials(std::string token = "") {
  return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", std::move(token)};
}

constexpr const char* kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kScope = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";
constexpr const char* kStsHead = "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n";
// The suite's temporary-credentials token (post-sts-header-before).
constexpr const char* kSuiteToken =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfK"
    "D8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8T"
    "x6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIl"
    "TJabIQwj2ICCR/oLxBA==";

struct SuiteCase {
  const char* name;
  const char* method;
  const char* url;
  std::vector<Header> headers;
  const char* body;
  const char* token;
  std::string canonical_request;  // empty: not published with the case, only the rest is checked
  const char* string_to_sign_hash;
  const char* authorization_tail;  // after "Credential=…, "
};

std::vector<SuiteCase> Cases() {
  const std::string vanilla_headers = "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n";
  return {
      {"get-vanilla", "GET", "https://example.amazonaws.com/", {}, "", "",
       "GET\n/\n\n" + vanilla_headers + kEmptyHash,
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-query", "GET", "https://example.amazonaws.com/?", {}, "", "",
       "GET\n/\n\n" + vanilla_headers + kEmptyHash,
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-query-order-key-case", "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", {}, "", "",
       "GET\n/\nParam1=value1&Param2=value2\n" + vanilla_headers + kEmptyHash,
       "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
       "SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-vanilla-query-unreserved", "GET",
       "https://example.amazonaws.com/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
       "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", {}, "", "",
       "GET\n/\n-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
       "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n" + vanilla_headers + kEmptyHash,
       "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177",
       "SignedHeaders=host;x-amz-date, Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"},
      {"get-vanilla-utf8-query", "GET", "https://example.amazonaws.com/?\xE1\x88\xB4=bar", {}, "", "",
       "GET\n/\n%E1%88%B4=bar\n" + vanilla_headers + kEmptyHash,
       "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073",
       "SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
      {"get-utf8", "GET", "https://example.amazonaws.com/\xE1\x88\xB4", {}, "", "",
       "GET\n/%E1%88%B4\n\n" + vanilla_headers + kEmptyHash,
       "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102",
       "SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
      {"get-unreserved", "GET", "https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
       {}, "", "", "", "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9",
       "SignedHeaders=host;x-amz-date, Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
      {"get-header-key-duplicate", "GET", "https://example.amazonaws.com/",
       {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}}, "", "",
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n\n"
       "host;my-header1;x-amz-date\n" + std::string(kEmptyHash),
       "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
       "SignedHeaders=host;my-header1;x-amz-date, Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
      {"get-header-value-trim", "GET", "https://example.amazonaws.com/",
       {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}}, "", "",
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\n"
       "host;my-header1;my-header2;x-amz-date\n" + std::string(kEmptyHash),
       "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
       "SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
      {"post-vanilla", "POST", "https://example.amazonaws.com/", {}, "", "",
       "POST\n/\n\n" + vanilla_headers + kEmptyHash,
       "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
       "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
      // The header names arrive in upper case ("HOST", "X-AMZ-DATE" in the suite's request).
      {"post-header-key-case", "POST", "https://example.amazonaws.com/", {{"HOST", "example.amazonaws.com"}}, "", "",
       "POST\n/\n\n" + vanilla_headers + kEmptyHash,
       "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
       "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
      {"post-header-key-sort", "POST", "https://example.amazonaws.com/", {{"My-Header1", "value1"}}, "", "", "",
       "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65",
       "SignedHeaders=host;my-header1;x-amz-date, Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"},
      {"post-header-value-case", "POST", "https://example.amazonaws.com/", {{"My-Header1", "VALUE1"}}, "", "",
       "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" +
           std::string(kEmptyHash),
       nullptr, "SignedHeaders=host;my-header1;x-amz-date, Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"},
      {"post-vanilla-query", "POST", "https://example.amazonaws.com/?Param1=value1", {}, "", "",
       "POST\n/\nParam1=value1\n" + vanilla_headers + kEmptyHash,
       "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
       "SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
      {"post-x-www-form-urlencoded", "POST", "https://example.amazonaws.com/",
       {{"Content-Type", "application/x-www-form-urlencoded"}}, "Param1=value1", "",
       "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "content-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
       "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
       "SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
      {"post-x-www-form-urlencoded-parameters", "POST", "https://example.amazonaws.com/",
       {{"Content-Type", "application/x-www-form-urlencoded; charset=utf8"}}, "Param1=value1", "", "", nullptr,
       "SignedHeaders=content-type;host;x-amz-date, Signature=1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"},
      {"post-sts-header-before", "POST", "https://example.amazonaws.com/", {}, "", kSuiteToken,
       "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-security-token:" + std::string(kSuiteToken) +
           "\n\nhost;x-amz-date;x-amz-security-token\n" + kEmptyHash,
       "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6",
       "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"},
      {"get-vanilla-with-session-token", "GET", "https://example.amazonaws.com/", {}, "",
       "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
       "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n"
       "x-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267\n\n"
       "host;x-amz-date;x-amz-security-token\n" + std::string(kEmptyHash),
       "067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b",
       "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"},
  };
}

TEST(SigV4Test, MatchesTheAwsTestSuite) {
  for (const SuiteCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    HttpClientRequest req;
    req.method = c.method;
    req.url = c.url;
    req.headers = c.headers;
    req.body = c.body;
    auto s = SignV4Explained(req, SuiteCredentials(c.token), "us-east-1", "service", SuiteTime());
    ASSERT_TRUE(s.ok()) << s.error().message;
    if (!c.canonical_request.empty()) {
      EXPECT_EQ(s->canonical_request, c.canonical_request);
    }
    if (c.string_to_sign_hash != nullptr) {
      EXPECT_EQ(s->string_to_sign, std::string(kStsHead) + c.string_to_sign_hash);
    }
    EXPECT_EQ(s->authorization, std::string(kScope) + c.authorization_tail);
    EXPECT_EQ(Sha256Hex(s->canonical_request), s->string_to_sign.substr(s->string_to_sign.rfind('\n') + 1));
  }
}

const std::string* Find(const HttpClientRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

TEST(SigV4Test, AddsDateTokenHostAndAuthorizationHeaders) {
  HttpClientRequest req;
  req.url = "https://bedrock-runtime.us-east-1.amazonaws.com/model/x/converse";
  ASSERT_TRUE(SignV4(req, SuiteCredentials("tok"), "us-east-1", "bedrock", SuiteTime()).ok());
  ASSERT_NE(Find(req, "Host"), nullptr);
  EXPECT_EQ(*Find(req, "Host"), "bedrock-runtime.us-east-1.amazonaws.com");
  EXPECT_EQ(*Find(req, "X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(*Find(req, "X-Amz-Security-Token"), "tok");
  ASSERT_NE(Find(req, "Authorization"), nullptr);
  EXPECT_TRUE(Find(req, "Authorization")->starts_with(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, "
      "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature="));
}

TEST(SigV4Test, BedrockModelIdColonIsEncodedTwiceInTheCanonicalUri) {
  HttpClientRequest req;
  req.url = "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse";
  req.headers = {{"Content-Type", "application/json"}};
  req.body = R"({"messages":[]})";
  auto s = SignV4Explained(req, SuiteCredentials(), "us-east-1", "bedrock", SuiteTime());
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->canonical_request.starts_with(
      "POST\n/model/us.anthropic.claude-sonnet-4-20250514-v1%253A0/converse\n\n"
      "content-type:application/json\nhost:bedrock-runtime.us-east-1.amazonaws.com\n"))
      << s->canonical_request;
  EXPECT_TRUE(s->canonical_request.ends_with(Sha256Hex(req.body)));
}

TEST(SigV4Test, ResigningReplacesTheOldSignatureHeaders) {
  HttpClientRequest req;
  req.url = "https://example.amazonaws.com/";
  ASSERT_TRUE(SignV4(req, SuiteCredentials("a"), "us-east-1", "service", SuiteTime()).ok());
  ASSERT_TRUE(SignV4(req, SuiteCredentials(), "us-east-1", "service", SuiteTime()).ok());
  int auth = 0, date = 0;
  for (const auto& [k, v] : req.headers) {
    auth += k == "Authorization";
    date += k == "X-Amz-Date";
    EXPECT_NE(k, "X-Amz-Security-Token");
  }
  EXPECT_EQ(auth, 1);
  EXPECT_EQ(date, 1);
  EXPECT_EQ(*Find(req, "Authorization"), std::string(kScope) +
            "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(SigV4Test, HostCarriesANonDefaultPortAndSkipsUnsignableHeaders) {
  HttpClientRequest req;
  req.url = "http://127.0.0.1:8123/a/./b/../c//d/?b=2&a=x%20y&a=1";
  req.headers = {{"User-Agent", "x"}, {"Content-Type", "application/json"}};
  auto s = SignV4Explained(req, SuiteCredentials(), "eu-west-1", "bedrock", SuiteTime());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*Find(req, "Host"), "127.0.0.1:8123");
  EXPECT_TRUE(s->canonical_request.starts_with(
      "POST\n/a/c/d/\na=1&a=x%20y&b=2\ncontent-type:application/json\nhost:127.0.0.1:8123\nx-amz-date:"))
      << s->canonical_request;
  EXPECT_NE(s->authorization.find("SignedHeaders=content-type;host;x-amz-date,"), std::string::npos);
}

TEST(SigV4Test, RejectsMissingCredentialsRegionAndBadUrls) {
  HttpClientRequest req;
  req.url = "https://example.amazonaws.com/";
  EXPECT_EQ(SignV4(req, {}, "us-east-1", "s", SuiteTime()).error().code, core::Code::kInvalidArgument);
  EXPECT_EQ(SignV4(req, SuiteCredentials(), "", "s", SuiteTime()).error().code, core::Code::kInvalidArgument);
  req.url = "ftp://x/";
  EXPECT_EQ(SignV4(req, SuiteCredentials(), "us-east-1", "s", SuiteTime()).error().code, core::Code::kInvalidArgument);
}

TEST(SigV4Test, UriEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(AwsUriEncode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(AwsUriEncode("a b/c:d+e*"), "a%20b%2Fc%3Ad%2Be%2A");
  EXPECT_EQ(AwsUriEncode("a/b", true), "a/b");
  EXPECT_EQ(AmzDate(SuiteTime()), "20150830T123600Z");
}

}  // namespace
}  // namespace contrail::net
