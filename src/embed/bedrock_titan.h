#pragma once
// Amazon Titan Text Embeddings v2 on Bedrock (InvokeModel, SigV4-signed): one text per call, so a
// batch runs its calls concurrently, at most kMaxConcurrentCalls at a time.
// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html

#include <chrono>
#include <memory>
#include <string>

#include "core/result.h"
#include "embed/embedder.h"
#include "net/sigv4.h"

namespace contrail::embed {

struct BedrockTitanOptions {
  std::string region = "us-east-1";
  net::AwsCredentials credentials;
  std::string endpoint;  // default https://bedrock-runtime.REGION.amazonaws.com
  int dimensions = 1024;  // Titan v2 offers 1024, 512 or 256
  std::chrono::milliseconds connect_timeout{3'000};
  std::chrono::milliseconds timeout{30'000};  // per call
};

// In-flight InvokeModel calls per Embed() batch: enough to hide latency without tripping
// Bedrock's per-account request rate on a large ingest.
inline constexpr int kMaxConcurrentCalls = 8;

// The model id, "amazon.titan-embed-text-v2:0", is also model().
// kInvalidArgument when `dimensions` is not 1024, 512 or 256 or the credentials are missing.
// Embed() errors: kInvalidArgument (an empty text, or one Bedrock rejects as invalid: 400),
// kRateLimited / kUpstream (Bedrock answered with an error or a malformed body; as
// net::HttpStatusError classifies them), FetchError's codes when Bedrock is unreachable or slow.
// The first failure is returned; the batch's other calls are not retried.
core::Result<std::unique_ptr<Embedder>> MakeBedrockTitanEmbedder(BedrockTitanOptions options);

}  // namespace contrail::embed
