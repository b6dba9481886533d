#pragma once
// A ChatModel served by an OpenAI-compatible /chat/completions endpoint (OpenAI, vLLM, Ollama,
// LiteLLM, …), streaming included.

#include <chrono>
#include <memory>
#include <string>

#include "llm/chat_model.h"

namespace contrail::llm {

struct OpenAiCompatOptions {
  std::string base_url;   // e.g. https://api.openai.com/v1 ("/chat/completions" is appended)
  std::string api_key;    // sent as a Bearer token when not empty
  std::string model;      // the provider's model name; also the id clients use
  std::chrono::milliseconds connect_timeout{3'000};
  std::chrono::milliseconds timeout{60'000};
};

// Errors from Complete(): kUpstream (unreachable, or the provider answered with an error; the
// message says which and quotes the provider), kTimeout (no complete answer within `timeout`).
std::unique_ptr<ChatModel> MakeOpenAiCompatModel(OpenAiCompatOptions options);

// The message of an OpenAI-shaped error body {"error":{"message":…}}, else the body's first 200
// bytes. Shared by the chat and embedding clients of OpenAI-compatible providers.
std::string OpenAiErrorMessage(const std::string& body);

// The request body sent to the provider (exposed for tests).
std::string BuildOpenAiRequestBody(const ChatRequest& request, const std::string& model, bool stream);

}  // namespace contrail::llm
