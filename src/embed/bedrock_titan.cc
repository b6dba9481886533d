#include "embed/bedrock_titan.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <optional>

#include "net/provider_call.h"

namespace contrail::embed {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kWho = "Bedrock Titan";
const std::string kModelId = "amazon.titan-embed-text-v2:0";

// The detail of a non-2xx answer: the x-amzn-ErrorType (without its ":namespace" suffix) and the
// start of the body.
std::string ErrorDetail(const net::HttpClientResponse& response) {
  const std::string* type = response.header("x-amzn-errortype");
  std::string detail = type != nullptr ? type->substr(0, type->find(':')) + ": " : "";
  return detail + response.body.substr(0, 300);
}

class BedrockTitanEmbedder final : public Embedder {
 public:
  explicit BedrockTitanEmbedder(BedrockTitanOptions o) : options_(std::move(o)) {
    if (options_.endpoint.empty()) {
      options_.endpoint = "https://bedrock-runtime." + options_.region + ".amazonaws.com";
    }
    while (!options_.endpoint.empty() && options_.endpoint.back() == '/') options_.endpoint.pop_back();
    url_ = options_.endpoint + "/model/" + net::AwsUriEncode(kModelId) + "/invoke";
  }

  const std::string& model() const override { return kModelId; }
  int dimensions() const override { return options_.dimensions; }

  asio::awaitable<core::Result<std::vector<Vector>>> Embed(std::span<const std::string> texts) override {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      if (texts[i].empty()) co_return core::InvalidArgument("text " + std::to_string(i) + " is empty; Titan embeds only non-empty text");
    }
    std::vector<Vector> out(texts.size());
    if (texts.empty()) co_return out;
    // Workers pull the next index until the batch is done or one call failed; the timer is the
    // event the last worker to finish fires (Asio 1.81 has no ranged parallel_group of awaitables).
    // The workers run on the caller's executor, one io_context thread in contrail, so the shared
    // counters below need no lock.
    auto executor = co_await asio::this_coro::executor;
    asio::steady_timer all_done(executor, asio::steady_timer::time_point::max());
    std::size_t next = 0;
    std::optional<core::Error> failure;
    int running = static_cast<int>(std::min<std::size_t>(texts.size(), kMaxConcurrentCalls));
    for (int w = running; w > 0; --w) {
      asio::co_spawn(executor, Worker(texts, out, next, failure), [&](std::exception_ptr e) {
        if (e && !failure) failure = core::Internal("Titan embedding worker threw");
        if (--running == 0) all_done.cancel();
      });
    }
    if (running > 0) co_await all_done.async_wait(asio::as_tuple(asio::use_awaitable));
    if (failure) co_return *failure;
    co_return out;
  }

 private:
  asio::awaitable<void> Worker(std::span<const std::string> texts, std::vector<Vector>& out, std::size_t& next,
                               std::optional<core::Error>& failure) {
    while (!failure && next < texts.size()) {
      const std::size_t i = next++;
      auto v = co_await EmbedOne(texts[i]);
      if (!v) {
        if (!failure) failure = std::move(v).error();
        co_return;
      }
      out[i] = std::move(*v);
    }
  }

  asio::awaitable<core::Result<Vector>> EmbedOne(const std::string& text) {
    net::HttpClientRequest http;
    http.url = url_;
    http.headers.emplace_back("Content-Type", "application/json");
    http.headers.emplace_back("Accept", "application/json");
    http.body = json::serialize(json::object{{"inputText", text}, {"dimensions", options_.dimensions}, {"normalize", true}});
    http.connect_timeout = options_.connect_timeout;
    http.timeout = options_.timeout;
    CONTRAIL_CO_TRY_STATUS(net::SignV4(http, options_.credentials, options_.region, "bedrock",
                                       std::chrono::system_clock::now()));
    // A 400 is a ValidationException: the text itself was refused.
    const net::ProviderErrors errors{kWho, ErrorDetail, /*bad_input_status=*/400};
    CONTRAIL_CO_TRY(net::HttpClientResponse response, co_await net::CallProvider(errors, http));
    co_return ParseEmbedding(response.body);
  }

  core::Result<Vector> ParseEmbedding(const std::string& body) const {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    const json::value* embedding = !ec && v.is_object() ? v.get_object().if_contains("embedding") : nullptr;
    if (embedding == nullptr || !embedding->is_array()) {
      return core::Upstream("Bedrock Titan sent a malformed response: no embedding array");
    }
    const json::array& values = embedding->get_array();
    if (values.size() != static_cast<std::size_t>(options_.dimensions)) {
      return core::Upstream("Bedrock Titan returned " + std::to_string(values.size()) + " values, expected " +
                            std::to_string(options_.dimensions));
    }
    Vector out;
    out.reserve(values.size());
    for (const json::value& x : values) {
      if (!x.is_number()) return core::Upstream("Bedrock Titan sent a non-numeric embedding value");
      out.push_back(static_cast<float>(x.to_number<double>()));
    }
    Normalize(out);
    return out;
  }

  BedrockTitanOptions options_;
  std::string url_;
};

}  // namespace

core::Result<std::unique_ptr<Embedder>> MakeBedrockTitanEmbedder(BedrockTitanOptions options) {
  if (options.dimensions != 1024 && options.dimensions != 512 && options.dimensions != 256) {
    return core::InvalidArgument("Titan Text Embeddings v2 supports dimensions 1024, 512 or 256, not " +
                                     std::to_string(options.dimensions) + "; set the embedding dimensions to one of them",
                                 "dimensions");
  }
  if (options.credentials.access_key_id.empty() || options.credentials.secret_access_key.empty()) {
    return core::InvalidArgument("Bedrock Titan needs AWS credentials (an access key id and a secret access key)");
  }
  if (options.region.empty()) return core::InvalidArgument("Bedrock Titan needs an AWS region");
  return std::unique_ptr<Embedder>(std::make_unique<BedrockTitanEmbedder>(std::move(options)));
}

}  // namespace contrail::embed
