#pragma once
// The Embedder interface: a batch of texts in, one unit vector (float32, `dimensions()` values) per
// text out, in order. Implementations: LocalEmbedder ("contrail-local", built-in and weightless),
// OpenAI-compatible /v1/embeddings, Bedrock Titan Text Embeddings v2. CachedEmbedder wraps any of
// them with the Valkey embedding cache.

#include <boost/asio/awaitable.hpp>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace contrail::embed {

using Vector = std::vector<float>;

// Embed() may be called concurrently from any I/O thread.
class Embedder {
 public:
  virtual ~Embedder() = default;

  // The model id, as it appears in cache keys and in /v1/embeddings responses.
  virtual const std::string& model() const = 0;
  // Every returned vector has exactly this many values.
  virtual int dimensions() const = 0;
  // True when a vector costs less to compute here than a Valkey round trip (no I/O, no fee): such
  // vectors are kept in the in-process LRU only, not in the shared Valkey embedding cache.
  virtual bool computes_in_process() const { return false; }

  // One L2-normalised vector per text, in the order given. An empty batch returns an empty result.
  // Errors: kInvalidArgument (a text the provider rejects), kUpstream / kTimeout / kUnavailable for
  // provider failures.
  virtual boost::asio::awaitable<core::Result<std::vector<Vector>>> Embed(
      std::span<const std::string> texts) = 0;
};

// Scales `v` to unit length in place (left unchanged when it is all zeros).
void Normalize(Vector& v);

// Cosine similarity of two vectors of equal length (their dot product when both are unit vectors).
float Cosine(std::span<const float> a, std::span<const float> b);

}  // namespace contrail::embed
