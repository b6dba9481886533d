// Feeds arbitrary request bodies to server::ParseEmbeddingsRequest, the check of POST
// /v1/embeddings, with the limits its route passes (2048 inputs, the configured message size).
// Checks, for a body it accepts: one to 2048 inputs, none blank or over the size limit (each is
// embedded and hashed into a cache key); dimensions unset or 1 to 16000. A body it rejects is a
// 400 (kInvalidArgument).

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/config.h"
#include "fuzz_support.h"
#include "server/embeddings_request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr std::size_t kMaxInputs = 2048;  // routes_embeddings.cc
  static const std::size_t max_bytes = contrail::core::Config().chat.max_message_bytes;
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto request = contrail::server::ParseEmbeddingsRequest(body, kMaxInputs, max_bytes);
  if (!request) {
    FUZZ_CHECK(request.error().code == contrail::core::Code::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK(!request->input.empty() && request->input.size() <= kMaxInputs);
  for (const std::string& text : request->input) {
    FUZZ_CHECK(text.size() <= max_bytes);
    FUZZ_CHECK(text.find_first_not_of(" \t\r\n") != std::string::npos);
  }
  FUZZ_CHECK(request->dimensions >= 0 && request->dimensions <= 16'000);
  return 0;
}
