#pragma once
// The embedder the configuration asks for ([embed]): contrail-local (default), an
// OpenAI-compatible endpoint, or Bedrock Titan v2. Remote embedders are put behind a
// net::ProviderGuard (retries, circuit breaker, concurrency limit) like the chat providers.

#include <memory>

#include "core/config.h"
#include "embed/embedder.h"

namespace contrail::embed {

// The knowledge base and long-term memory store vector(1024).
inline constexpr int kStoreDimensions = 1024;

// kInvalidArgument with what to change when the configuration cannot work: dimensions other than
// kStoreDimensions, a provider without its settings, Titan with an unsupported size.
core::Result<std::unique_ptr<Embedder>> MakeConfiguredEmbedder(const core::Config& config);

}  // namespace contrail::embed
