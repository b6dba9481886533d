#include "net/sha256.h"

#include <openssl/evp.h>

#include <algorithm>

#include "core/text.h"

namespace contrail::net {
namespace {

// SHA-256 fetched once: OpenSSL 3's EVP_sha256() makes every EVP_Digest() call look the algorithm
// up again, which was most of the cost of hashing a short text. Never freed (process lifetime).
const EVP_MD* FetchedSha256() {
  static const EVP_MD* md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

}  // namespace

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest out{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &length, FetchedSha256(), nullptr);
  return out;
}

std::string DigestHex(const Sha256Digest& digest, std::size_t bytes) {
  const std::size_t n = std::min(bytes, digest.size());
  return core::LowerHex(std::string_view(reinterpret_cast<const char*>(digest.data()), n));
}

std::string Sha256Hex(std::string_view data) { return DigestHex(Sha256(data)); }

}  // namespace contrail::net
