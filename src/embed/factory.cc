#include "embed/factory.h"

#include "embed/bedrock_titan.h"
#include "embed/local/local_embedder.h"
#include "embed/openai_embedder.h"
#include "net/provider_guard.h"

namespace contrail::embed {

namespace asio = boost::asio;

namespace {

class GuardedEmbedder final : public Embedder {
 public:
  GuardedEmbedder(std::unique_ptr<Embedder> inner, net::GuardOptions options)
      : inner_(std::move(inner)), guard_(std::move(options)) {}
  const std::string& model() const override { return inner_->model(); }
  int dimensions() const override { return inner_->dimensions(); }
  bool computes_in_process() const override { return inner_->computes_in_process(); }

  asio::awaitable<core::Result<std::vector<Vector>>> Embed(std::span<const std::string> texts) override {
    core::Result<std::vector<Vector>> out;
    core::Status s = co_await guard_.Run([&]() -> asio::awaitable<core::Status> {
      out = co_await inner_->Embed(texts);
      co_return out ? core::Ok() : core::Status(out.error());
    });
    if (!s) co_return s.error();
    co_return out;
  }

 private:
  std::unique_ptr<Embedder> inner_;
  net::ProviderGuard guard_;
};

core::Result<std::unique_ptr<Embedder>> MakeRemote(const core::Config& c) {
  const core::EmbedConfig& e = c.embed;
  if (e.provider == "openai") {
    if (e.model == LocalEmbedder::kModelId) {
      return core::InvalidArgument("embed.provider is openai: set embed.model to the provider's model (e.g. text-embedding-3-small)");
    }
    OpenAiEmbedderOptions o;
    o.base_url = e.base_url.empty() ? c.openai.base_url : e.base_url;
    o.api_key = e.api_key.empty() ? c.openai.api_key : e.api_key;
    o.model = e.model;
    o.dimensions = e.dimensions;
    o.timeout = std::chrono::milliseconds(e.timeout_ms);
    return MakeOpenAiEmbedder(std::move(o));
  }
  BedrockTitanOptions o;
  o.region = c.bedrock.region;
  o.credentials = {c.bedrock.access_key_id, c.bedrock.secret_access_key, c.bedrock.session_token};
  o.endpoint = c.bedrock.endpoint;
  o.dimensions = e.dimensions;
  o.timeout = std::chrono::milliseconds(e.timeout_ms);
  return MakeBedrockTitanEmbedder(std::move(o));
}

}  // namespace

core::Result<std::unique_ptr<Embedder>> MakeConfiguredEmbedder(const core::Config& config) {
  const core::EmbedConfig& e = config.embed;
  if (e.dimensions != kStoreDimensions) {
    return core::InvalidArgument("embed.dimensions is " + std::to_string(e.dimensions) +
                                 ", but the knowledge base stores vector(" + std::to_string(kStoreDimensions) +
                                 "): set embed.dimensions = 1024 (Titan v2 and OpenAI text-embedding-3-* support it)");
  }
  if (e.provider == "local") {
    if (e.model != LocalEmbedder::kModelId) {
      return core::InvalidArgument("embed.provider is local, whose model is contrail-local; embed.model is " + e.model);
    }
    LocalEmbedder::Options o;
    o.dimensions = e.dimensions;
    return std::unique_ptr<Embedder>(std::make_unique<LocalEmbedder>(o));
  }
  if (e.provider == "bedrock" && e.model != "amazon.titan-embed-text-v2:0" && e.model != LocalEmbedder::kModelId) {
    return core::InvalidArgument("embed.provider bedrock supports amazon.titan-embed-text-v2:0; embed.model is " + e.model);
  }
  CONTRAIL_TRY(std::unique_ptr<Embedder> remote, MakeRemote(config));
  return std::unique_ptr<Embedder>(std::make_unique<GuardedEmbedder>(std::move(remote), net::GuardOptionsFrom(config.resilience, "embed:" + e.provider)));
}

}  // namespace contrail::embed
