// net::CallProvider against a local scripted server: a 2xx body, a non-2xx answer with the
// provider's detail and Retry-After, a refused input, an unreachable provider, and a body
// callback's error passed back unchanged.

#include "net/provider_call.h"

#include <gtest/gtest.h>

#include "support/async.h"
#include "support/scripted_server.h"

namespace contrail::net {
namespace {

namespace asio = boost::asio;

// Answers GET /STATUS with that status and the body "said STATUS".
test::ScriptedServer StatusServer() {
  return test::ScriptedServer([](HttpRequest& r) -> asio::awaitable<HttpResponse> {
    HttpResponse resp;
    resp.status = std::stoi(r.target.substr(1));
    resp.body = "said " + r.target.substr(1);
    if (resp.status == 503) resp.headers.emplace_back("Retry-After", "2");
    co_return resp;
  });
}

HttpClientRequest Get(const std::string& url) {
  HttpClientRequest request;
  request.method = "GET";
  request.url = url;
  request.timeout = std::chrono::seconds(5);
  return request;
}

std::string BodyDetail(const HttpClientResponse& r) { return r.body; }

TEST(CallProvider, ReturnsA2xxResponse) {
  test::ScriptedServer server = StatusServer();
  asio::io_context io;
  auto r = test::RunAsync(io, CallProvider({"Scripted", BodyDetail}, Get(server.url() + "/200")));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "said 200");
}

TEST(CallProvider, ANon2xxAnswerIsTheProvidersErrorWithItsDetail) {
  test::ScriptedServer server = StatusServer();
  asio::io_context io;
  auto r = test::RunAsync(io, CallProvider({"Scripted", BodyDetail}, Get(server.url() + "/503")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
  EXPECT_EQ(r.error().message, "Scripted answered 503: said 503");
  EXPECT_TRUE(r.error().retryable);
  EXPECT_EQ(r.error().retry_after_ms, 2000);

  auto limited = test::RunAsync(io, CallProvider({"Scripted"}, Get(server.url() + "/429")));
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, core::Code::kRateLimited);
  EXPECT_EQ(limited.error().message, "Scripted answered 429");
}

TEST(CallProvider, TheBadInputStatusIsAnInvalidArgument) {
  test::ScriptedServer server = StatusServer();
  asio::io_context io;
  const HttpClientRequest request = Get(server.url() + "/400");
  auto r = test::RunAsync(io, CallProvider({"Scripted", BodyDetail, 400}, request));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  EXPECT_FALSE(r.error().retryable);
  auto other = test::RunAsync(io, CallProvider({"Scripted", BodyDetail}, request));
  EXPECT_EQ(other.error().code, core::Code::kUpstream);
}

TEST(CallProvider, AnUnreachableProviderIsARetryableUpstreamError) {
  asio::io_context io;
  auto r = test::RunAsync(io, CallProvider({"Scripted"}, Get("http://127.0.0.1:1/200")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
  EXPECT_TRUE(r.error().retryable);
  EXPECT_EQ(r.error().message.rfind("Scripted unreachable: ", 0), 0u) << r.error().message;
}

TEST(CallProvider, ABodyCallbacksErrorComesBackUnchanged) {
  test::ScriptedServer server = StatusServer();
  asio::io_context io;
  std::string seen;
  BodyCallback on_body = [&](std::string_view bytes) -> asio::awaitable<core::Status> {
    seen.append(bytes);
    co_return core::Unavailable("the client went away");  // not "Scripted unreachable"
  };
  auto r = test::RunAsync(io, CallProvider({"Scripted"}, Get(server.url() + "/200"), on_body));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUnavailable);
  EXPECT_EQ(r.error().message, "the client went away");
  EXPECT_EQ(seen, "said 200");
}

}  // namespace
}  // namespace contrail::net
