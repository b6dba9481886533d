#pragma once
// A ChatModel served by Anthropic's Messages API (POST /v1/messages), streaming (SSE) and tool use
// included. Internal messages map onto Anthropic's shape: system messages → `system`, tool calls →
// `tool_use` blocks of an assistant message, tool results → `tool_result` blocks of a user message;
// consecutive same-role messages are merged (the API wants user/assistant alternating).

#include <chrono>
#include <memory>
#include <string>

#include "llm/chat_model.h"

namespace contrail::llm {

struct AnthropicOptions {
  std::string base_url = "https://api.anthropic.com";  // "/v1/messages" is appended
  std::string api_key;                                 // sent as x-api-key
  std::string model;                                   // e.g. claude-sonnet-4-20250514; also id()
  std::string version = "2023-06-01";                  // anthropic-version header
  int default_max_tokens = 1024;                       // the API requires max_tokens
  std::chrono::milliseconds connect_timeout{3'000};
  std::chrono::milliseconds timeout{60'000};
};

// Errors from Complete(): kUpstream (unreachable, or an error answer; 429/5xx/529 and in-stream
// overloaded_error are retryable), kRateLimited (429), kTimeout.
std::unique_ptr<ChatModel> MakeAnthropicModel(AnthropicOptions options);

// The request body sent to Anthropic (exposed for tests).
std::string BuildAnthropicRequestBody(const ChatRequest& request, const AnthropicOptions& options, bool stream);

}  // namespace contrail::llm
