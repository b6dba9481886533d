#include "embed/openai_embedder.h"

#include <boost/json.hpp>

#include "llm/openai_compat.h"
#include "net/provider_call.h"
#include "net/url.h"

namespace contrail::embed {

namespace json = boost::json;
namespace asio = boost::asio;

namespace {


class OpenAiEmbedder final : public Embedder {
 public:
  explicit OpenAiEmbedder(OpenAiEmbedderOptions o) : options_(std::move(o)) {}
  const std::string& model() const override { return options_.model; }
  int dimensions() const override { return options_.dimensions; }

  asio::awaitable<core::Result<std::vector<Vector>>> Embed(std::span<const std::string> texts) override {
    if (texts.empty()) co_return std::vector<Vector>{};
    net::HttpClientRequest http;
    http.url = net::Url::Join(options_.base_url, "embeddings");
    http.headers.emplace_back("Content-Type", "application/json");
    if (!options_.api_key.empty()) http.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
    json::array input;
    for (const std::string& t : texts) input.emplace_back(t);
    http.body = json::serialize(json::object{{"model", options_.model}, {"input", std::move(input)},
                                             {"dimensions", options_.dimensions}, {"encoding_format", "float"}});
    http.connect_timeout = options_.connect_timeout;
    http.timeout = options_.timeout;
    auto detail = [](const net::HttpClientResponse& r) { return llm::OpenAiErrorMessage(r.body); };
    CONTRAIL_CO_TRY(net::HttpClientResponse response,
                    co_await net::CallProvider({"embedding provider", detail}, http));
    co_return Parse(response.body, texts.size());
  }

 private:
  // {"data":[{"index":i,"embedding":[…]}…]} → vectors in input order.
  core::Result<std::vector<Vector>> Parse(const std::string& body, std::size_t count) const {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    const json::value* data = !ec && v.is_object() ? v.get_object().if_contains("data") : nullptr;
    if (data == nullptr || !data->is_array() || data->get_array().size() != count) {
      return core::Upstream("embedding provider sent a malformed response (expected " + std::to_string(count) +
                            " embeddings)");
    }
    std::vector<Vector> out(count);
    for (const json::value& item : data->get_array()) {
      const json::object* o = item.if_object();
      const json::value* index = o ? o->if_contains("index") : nullptr;
      const json::value* values = o ? o->if_contains("embedding") : nullptr;
      if (!index || !index->is_int64() || index->get_int64() < 0 || static_cast<std::size_t>(index->get_int64()) >= count ||
          !values || !values->is_array()) {
        return core::Upstream("embedding provider sent a malformed embedding");
      }
      Vector& vec = out[static_cast<std::size_t>(index->get_int64())];
      if (static_cast<int>(values->get_array().size()) != options_.dimensions) {
        return core::InvalidArgument("model " + options_.model + " returned " + std::to_string(values->get_array().size()) +
                                     "-dimensional vectors, but embed.dimensions is " + std::to_string(options_.dimensions) +
                                     ": choose a model that supports `dimensions` (text-embedding-3-*) or set embed.dimensions");
      }
      vec.reserve(values->get_array().size());
      for (const json::value& x : values->get_array()) {
        if (!x.is_number()) return core::Upstream("embedding provider sent a non-numeric value");
        vec.push_back(static_cast<float>(x.to_number<double>()));
      }
      Normalize(vec);
    }
    for (const Vector& vec : out) {
      if (vec.empty()) return core::Upstream("embedding provider left out an input");
    }
    return out;
  }

  OpenAiEmbedderOptions options_;
};

}  // namespace

core::Result<std::unique_ptr<Embedder>> MakeOpenAiEmbedder(OpenAiEmbedderOptions options) {
  if (options.base_url.empty()) return core::InvalidArgument("the OpenAI-compatible embedder needs embed.base_url (or openai.base_url)");
  if (options.model.empty()) return core::InvalidArgument("the OpenAI-compatible embedder needs embed.model");
  if (options.dimensions < 1) return core::InvalidArgument("embed.dimensions must be >= 1");
  return std::unique_ptr<Embedder>(std::make_unique<OpenAiEmbedder>(std::move(options)));
}

}  // namespace contrail::embed
