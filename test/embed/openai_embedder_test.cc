// The OpenAI-compatible embedder against a scripted server replaying the example of OpenAI's
// embeddings API reference, plus dimension mismatches and provider errors.

#include "embed/openai_embedder.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <cmath>

#include "support/async.h"
#include "support/scripted_server.h"

namespace contrail::embed {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

class OpenAiEmbedderTest : public ::testing::Test {
 protected:
  OpenAiEmbedderTest()
      : server_([this](net::HttpRequest& r) -> asio::awaitable<net::HttpResponse> { co_return Reply(r); }) {}

  net::HttpResponse Reply(net::HttpRequest& r) {
    last_body = r.body;
    last_auth = r.header("authorization") ? *r.header("authorization") : "";
    json::value req = json::parse(r.body);
    net::HttpResponse resp;
    std::string model(req.at("model").as_string());
    if (model == "overloaded") {
      resp.status = 503;
      resp.body = R"({"error":{"message":"The engine is currently overloaded, please try again later","type":"server_error"}})";
      return resp;
    }
    // The shape of the API reference's example ({"object":"list","data":[{"object":"embedding",
    // "embedding":[0.0023064255,-0.009327292,…],"index":0}],"model":…,"usage":…}), with the
    // entries out of order to check that `index` is honoured.
    const int dims = model == "wrong-size" ? 3 : 4;
    json::array data;
    const json::array& input = req.at("input").as_array();
    for (std::size_t i = input.size(); i-- > 0;) {
      json::array v;
      for (int d = 0; d < dims; ++d) v.push_back(d == static_cast<int>(i % 4) ? 3.0 : 0.0023064255);
      data.push_back(json::object{{"object", "embedding"}, {"embedding", v}, {"index", i}});
    }
    resp.body = json::serialize(json::object{{"object", "list"}, {"data", data}, {"model", model},
                                             {"usage", json::object{{"prompt_tokens", 8}, {"total_tokens", 8}}}});
    return resp;
  }

  core::Result<std::vector<Vector>> Embed(const std::string& model, std::vector<std::string> texts) {
    OpenAiEmbedderOptions o;
    o.base_url = server_.url() + "/v1";
    o.api_key = "sk-test";
    o.model = model;
    o.dimensions = 4;
    auto embedder = MakeOpenAiEmbedder(o);
    EXPECT_TRUE(embedder.ok());
    return test::RunAsync(io_, (*embedder)->Embed(texts));
  }

  std::string last_body, last_auth;
  test::ScriptedServer server_;
  asio::io_context io_;
};

TEST_F(OpenAiEmbedderTest, OneBatchInOrderNormalised) {
  auto r = Embed("text-embedding-3-small", {"The food was delicious and the waiter...", "second", "third"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    double norm = 0;
    for (float x : (*r)[i]) norm += x * x;
    EXPECT_NEAR(norm, 1.0, 1e-5);
    EXPECT_GT((*r)[i][i % 4], 0.99f);  // vector i came from data entry with index i
  }
  json::value sent = json::parse(last_body);
  EXPECT_EQ(sent.at("dimensions").as_int64(), 4);
  EXPECT_EQ(sent.at("encoding_format").as_string(), "float");
  EXPECT_EQ(sent.at("input").as_array().size(), 3u);
  EXPECT_EQ(last_auth, "Bearer sk-test");
}

TEST_F(OpenAiEmbedderTest, WrongDimensionsSayWhatToChange) {
  auto r = Embed("wrong-size", {"x"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(r.error().message.find("embed.dimensions"), std::string::npos) << r.error().message;
}

TEST_F(OpenAiEmbedderTest, ProviderErrorsAreRetryableUpstream) {
  auto r = Embed("overloaded", {"x"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::kUpstream);
  EXPECT_TRUE(r.error().retryable);
  EXPECT_NE(r.error().message.find("overloaded"), std::string::npos);
}

TEST(OpenAiEmbedderConfig, MissingSettingsAreErrors) {
  EXPECT_FALSE(MakeOpenAiEmbedder({}).ok());
  OpenAiEmbedderOptions o;
  o.base_url = "http://127.0.0.1:1/v1";
  EXPECT_FALSE(MakeOpenAiEmbedder(o).ok());
}

}  // namespace
}  // namespace contrail::embed
