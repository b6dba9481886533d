#pragma once
// A ChatModel served by Amazon Bedrock's Converse API (any Bedrock chat model: Claude, Nova,
// Llama, Mistral, …): Converse for whole answers, ConverseStream (AWS event stream framing)
// when a sink is given, tool calling in both. Requests are signed with SigV4 (service "bedrock").
// API: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html

#include <chrono>
#include <memory>
#include <string>

#include "core/result.h"
#include "llm/chat_model.h"
#include "net/sigv4.h"

namespace contrail::llm {

struct BedrockOptions {
  std::string region = "us-east-1";
  net::AwsCredentials credentials;
  std::string endpoint;   // default https://bedrock-runtime.REGION.amazonaws.com
  std::string model_id;   // e.g. us.anthropic.claude-sonnet-4-20250514-v1:0; also the id clients use
  std::chrono::milliseconds connect_timeout{3'000};
  std::chrono::milliseconds timeout{60'000};  // a whole request, the streamed body included
};

// Errors from Complete(), HTTP failures through net::HttpStatusError / net::FetchError so that
// every provider retries alike: kRateLimited (429 / ThrottlingException; retryable), kUpstream
// (Bedrock answered with an error, a stream exception, a malformed or corrupted stream; retryable
// for 5xx and for in-stream throttling, unavailable and internal errors before any text was
// delivered), Bedrock unreachable (retryable; code as FetchError says), kTimeout (no complete
// answer within `timeout`), kInvalidArgument (missing credentials, a tool schema or tool-call
// arguments that are not JSON).
std::unique_ptr<ChatModel> MakeBedrockModel(BedrockOptions options);

// The endpoint used when BedrockOptions::endpoint is empty.
std::string BedrockRuntimeEndpoint(const std::string& region);

// The Converse / ConverseStream request body for `request` (the two take the same body). System
// messages go to `system`; consecutive messages of one role are merged (Bedrock requires roles to
// alternate); tool results become user messages of toolResult blocks. Exposed for tests.
core::Result<std::string> BuildConverseBody(const ChatRequest& request);

// Reads a Converse response body (text, toolUse blocks, stopReason, usage). kUpstream when it
// is not the expected JSON. Exposed for tests.
core::Result<ChatResult> ParseConverseResponse(std::string_view body);

// OpenAI's finish_reason for a Bedrock stopReason: tool_use → "tool_calls", max_tokens →
// "length", guardrail_intervened / content_filtered → "content_filter", others → "stop".
std::string FinishReason(std::string_view stop_reason);

}  // namespace contrail::llm
