#pragma once
// SHA-256 (OpenSSL), the one implementation for all of contrail: SigV4's payload and canonical
// request hashes, the embedding cache's keys, the knowledge base's document and chunk hashes.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace contrail::net {

// A SHA-256 (or HMAC-SHA256) digest.
using Sha256Digest = std::array<unsigned char, 32>;

// The SHA-256 of `data`. Thread-safe.
Sha256Digest Sha256(std::string_view data);

// Lower-case hex of the first `bytes` bytes of `digest` (all 32 unless fewer are asked for; more
// than 32 are not there to print).
std::string DigestHex(const Sha256Digest& digest, std::size_t bytes = 32);

// Lower-case hex of the SHA-256 of `data` (64 characters). Thread-safe.
std::string Sha256Hex(std::string_view data);

}  // namespace contrail::net
