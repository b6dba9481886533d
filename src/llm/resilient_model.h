#pragma once
// A ChatModel decorator that puts a provider behind a net::ProviderGuard: concurrency limit,
// retries with backoff (never after a stream has delivered text: that would repeat words to the
// client), and a circuit breaker. Remote providers are wrapped in it; flightly-local is not.

#include <memory>

#include "llm/chat_model.h"
#include "net/provider_guard.h"

namespace contrail::llm {

std::unique_ptr<ChatModel> MakeResilientModel(std::unique_ptr<ChatModel> inner, net::GuardOptions options);

}  // namespace contrail::llm
