#pragma once
// An Embedder served by an OpenAI-compatible POST /embeddings endpoint (OpenAI, vLLM, Ollama,
// LiteLLM, …). The batch goes in one call; `dimensions` is sent (text-embedding-3-* shorten their
// vectors to it) and every returned vector must have exactly that many values.

#include <chrono>
#include <memory>
#include <string>

#include "core/result.h"
#include "embed/embedder.h"

namespace contrail::embed {

struct OpenAiEmbedderOptions {
  std::string base_url;  // e.g. https://api.openai.com/v1 ("/embeddings" is appended)
  std::string api_key;   // Bearer token when not empty
  std::string model;     // e.g. text-embedding-3-small; also model()
  int dimensions = 1024;
  std::chrono::milliseconds connect_timeout{3'000};
  std::chrono::milliseconds timeout{10'000};
};

// kInvalidArgument without base_url or model. Embed() errors: kInvalidArgument (the provider sent
// vectors of another size: the message says which embed.dimensions to set), net::HttpStatusError /
// net::FetchError codes for provider failures, kUpstream for a malformed answer.
core::Result<std::unique_ptr<Embedder>> MakeOpenAiEmbedder(OpenAiEmbedderOptions options);

}  // namespace contrail::embed
