#pragma once
// POST /v1/embeddings, OpenAI-compatible: parsing the request and writing the response body.

#include <string>
#include <vector>

#include "core/result.h"
#include "embed/embedder.h"

namespace contrail::server {

struct EmbeddingsRequest {
  std::vector<std::string> input;  // at least one, each non-empty
  std::string model;               // empty: the configured embedder
  bool base64 = false;             // encoding_format "base64": little-endian float32 bytes
  int dimensions = 0;              // 0: not given
};

// kInvalidArgument (param names the field) for a body OpenAI would reject or contrail cannot
// serve: token-array input, more than `max_inputs` texts, a text over `max_bytes`.
core::Result<EmbeddingsRequest> ParseEmbeddingsRequest(const std::string& body, std::size_t max_inputs,
                                                       std::size_t max_bytes);

// {"object":"list","data":[{"object":"embedding","index":i,"embedding":…}],"model","usage"}.
std::string EmbeddingsJson(const std::vector<embed::Vector>& vectors, bool base64, const std::string& model,
                           int prompt_tokens, double cost_usd);

}  // namespace contrail::server
