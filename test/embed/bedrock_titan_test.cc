// The Titan Text Embeddings v2 embedder against a local scripted InvokeModel server: request
// shape and signing, order of a concurrent batch, the concurrency cap, normalisation, errors.

#include "embed/bedrock_titan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <cmath>
#include <mutex>
#include <thread>

#include "net/http_server.h"
#include "support/async.h"
#include "support/scripted_server.h"

namespace contrail::embed {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// Answers like InvokeModel for amazon.titan-embed-text-v2:0. The text picks the behaviour; a
// text "tN" gets a vector whose first value is N+1 and the others 1, not normalised, so the
// caller's order and normalisation can be checked.
class ScriptedTitan {
 public:
  ScriptedTitan() : server_([this](net::HttpRequest& r) { return Handle(r); }) {}
  std::string url() const { return server_.url(); }
  int max_in_flight() {
    std::lock_guard lock(mu_);
    return max_in_flight_;
  }
  std::vector<std::string> targets, authorizations, bodies;  // guarded by mu_

 private:
  asio::awaitable<net::HttpResponse> Handle(net::HttpRequest& r) {
    {
      std::lock_guard lock(mu_);
      targets.push_back(r.target);
      authorizations.push_back(r.header("authorization") ? *r.header("authorization") : "");
      bodies.push_back(r.body);
      max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
    }
    asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(20));
    co_await t.async_wait(asio::use_awaitable);
    {
      std::lock_guard lock(mu_);
      --in_flight_;
    }
    json::value req = json::parse(r.body);
    const std::string text(req.at("inputText").as_string());
    const auto dims = req.at("dimensions").as_int64();
    net::HttpResponse resp;
    if (text == "rejected") {
      resp.status = 400;
      resp.headers.emplace_back("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
      resp.body = R"({"message":"Malformed input request, please reformat your input and try again."})";
    } else if (text == "throttled") {
      resp.status = 429;
      resp.headers.emplace_back("x-amzn-ErrorType", "ThrottlingException");
      resp.body = R"({"message":"Too many requests, please wait before trying again."})";
    } else {
      json::array embedding;
      const double first = text == "short" ? 1 : std::stod(text.substr(1)) + 1;
      embedding.push_back(first);
      for (int i = 1; i < (text == "short" ? 3 : dims); ++i) embedding.push_back(1.0);
      resp.body = json::serialize(json::object{{"embedding", embedding}, {"inputTextTokenCount", 2}});
    }
    co_return resp;
  }

  std::mutex mu_;
  int in_flight_ = 0;      // guarded by mu_
  int max_in_flight_ = 0;  // guarded by mu_
  test::ScriptedServer server_;  // last: stopped before the members its handler uses
};

class BedrockTitanTest : public ::testing::Test {
 protected:
  std::unique_ptr<Embedder> Make(int dims = 256) {
    BedrockTitanOptions o;
    o.region = "eu-central-1";
    o.credentials = {"AKIDTITAN", "titan-secret", ""};
    o.endpoint = scripted_.url();
    o.dimensions = dims;
    auto e = MakeBedrockTitanEmbedder(o);
    EXPECT_TRUE(e.ok());
    return std::move(*e);
  }
  core::Result<std::vector<Vector>> Embed(Embedder& e, std::vector<std::string> texts) {
    return test::RunAsync(io_, e.Embed(texts));
  }
  ScriptedTitan scripted_;
  asio::io_context io_;
};

TEST_F(BedrockTitanTest, RejectsUnsupportedDimensionsSayingWhatToChange) {
  BedrockTitanOptions o;
  o.credentials = {"a", "b", ""};
  o.dimensions = 768;
  auto e = MakeBedrockTitanEmbedder(o);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(e.error().message.find("1024, 512 or 256, not 768"), std::string::npos) << e.error().message;
  o.dimensions = 512;
  EXPECT_TRUE(MakeBedrockTitanEmbedder(o).ok());
  o.credentials = {};
  EXPECT_EQ(MakeBedrockTitanEmbedder(o).error().code, core::Code::kInvalidArgument);
}

TEST_F(BedrockTitanTest, BatchKeepsOrderNormalisesAndCapsConcurrency) {
  auto e = Make();
  EXPECT_EQ(e->model(), "amazon.titan-embed-text-v2:0");
  EXPECT_EQ(e->dimensions(), 256);
  std::vector<std::string> texts;
  for (int i = 0; i < 20; ++i) texts.push_back("t" + std::to_string(i));
  auto r = Embed(*e, texts);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 20u);
  for (int i = 0; i < 20; ++i) {
    const Vector& v = (*r)[i];
    ASSERT_EQ(v.size(), 256u);
    double norm = 0;
    for (float x : v) norm += static_cast<double>(x) * x;
    EXPECT_NEAR(norm, 1.0, 1e-5);
    EXPECT_NEAR(v[0] / v[1], i + 1, 1e-4) << "vector " << i << " is not text " << i << "'s";
  }
  EXPECT_EQ(scripted_.max_in_flight(), kMaxConcurrentCalls);
  ASSERT_EQ(scripted_.targets.size(), 20u);
  EXPECT_EQ(scripted_.targets[0], "/model/amazon.titan-embed-text-v2%3A0/invoke");
  EXPECT_TRUE(scripted_.authorizations[0].starts_with("AWS4-HMAC-SHA256 Credential=AKIDTITAN/"));
  EXPECT_NE(scripted_.authorizations[0].find("/eu-central-1/bedrock/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date, Signature="),
            std::string::npos)
      << scripted_.authorizations[0];
  json::value body = json::parse(scripted_.bodies[0]);
  EXPECT_EQ(body.at("dimensions").as_int64(), 256);
  EXPECT_TRUE(body.at("normalize").as_bool());
  EXPECT_TRUE(body.at("inputText").as_string().starts_with("t"));
}

TEST_F(BedrockTitanTest, EmptyBatchMakesNoCallAndEmptyTextIsRejected) {
  auto e = Make();
  auto r = Embed(*e, {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(Embed(*e, {"t1", ""}).error().code, core::Code::kInvalidArgument);
  EXPECT_TRUE(scripted_.targets.empty());
}

TEST_F(BedrockTitanTest, ProviderErrorsAreClassified) {
  auto e = Make();
  auto rejected = Embed(*e, {"t1", "rejected", "t2"});
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(rejected.error().message.find("ValidationException"), std::string::npos) << rejected.error().message;
  auto throttled = Embed(*e, {"throttled"});
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.error().code, core::Code::kRateLimited);
  EXPECT_TRUE(throttled.error().retryable);
  auto wrong_size = Embed(*e, {"short"});
  ASSERT_FALSE(wrong_size.ok());
  EXPECT_EQ(wrong_size.error().code, core::Code::kUpstream);
  EXPECT_NE(wrong_size.error().message.find("expected 256"), std::string::npos);
}

}  // namespace
}  // namespace contrail::embed
