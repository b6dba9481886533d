#pragma once
// The chat models the configuration names, by id: flightly-local always, and flightly-agent (the
// travel agent on agent.model) unless [agent] turns it off; OpenAI-compatible,
// Anthropic and Bedrock models when their sections enable them. Remote models are wrapped in
// llm::MakeResilientModel (retries, circuit breaker, concurrency limit from [resilience]).

#include "core/config.h"
#include "server/services.h"

namespace contrail::server {

// kInvalidArgument when chat.default_model is not among them, or a provider lacks what it needs
// (Bedrock without credentials).
core::Result<ModelRegistry> BuildModels(const core::Config& config);

}  // namespace contrail::server
