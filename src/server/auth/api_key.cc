#include "server/auth/api_key.h"

#include "core/text.h"
#include "net/secrets.h"
#include "net/sha256.h"

namespace contrail::server::auth {

namespace {

constexpr std::string_view kPrefix = "ck_";
constexpr std::size_t kIdHexDigits = 16;
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kSecretChars = 43;  // base64url of 32 bytes, without padding

std::string Base64Url(std::string_view bytes) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t bits = 0;
  int pending = 0;
  for (unsigned char c : bytes) {
    bits = (bits << 8) | c;
    pending += 8;
    while (pending >= 6) {
      pending -= 6;
      out += kAlphabet[(bits >> pending) & 63];
    }
  }
  if (pending > 0) out += kAlphabet[(bits << (6 - pending)) & 63];
  return out;
}

bool IsHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

const char* KeyKindName(KeyKind kind) {
  switch (kind) {
    case KeyKind::kUser: return "user";
    case KeyKind::kService: return "service";
    case KeyKind::kAdmin: return "admin";
  }
  return "user";
}

std::optional<KeyKind> ParseKeyKind(std::string_view name) {
  if (name == "user") return KeyKind::kUser;
  if (name == "service") return KeyKind::kService;
  if (name == "admin") return KeyKind::kAdmin;
  return std::nullopt;
}

NewKey GenerateKey() {
  NewKey k;
  k.id = core::LowerHex(net::RandomBytes(kIdHexDigits / 2));
  k.key = std::string(kPrefix) + k.id + "_" + Base64Url(net::RandomBytes(kSecretBytes));
  k.secret_hash = HashKey(k.key);
  return k;
}

std::optional<std::string_view> KeyId(std::string_view key) {
  if (key.size() != kPrefix.size() + kIdHexDigits + 1 + kSecretChars || !key.starts_with(kPrefix)) return std::nullopt;
  std::string_view id = key.substr(kPrefix.size(), kIdHexDigits);
  std::string_view secret = key.substr(kPrefix.size() + kIdHexDigits + 1);
  if (key[kPrefix.size() + kIdHexDigits] != '_') return std::nullopt;
  for (char c : id) {
    if (!IsHexDigit(c)) return std::nullopt;
  }
  for (char c : secret) {
    if (!IsBase64UrlChar(c)) return std::nullopt;
  }
  return id;
}

std::string HashKey(std::string_view key) { return net::Sha256Hex(key); }

bool KeyMatches(std::string_view key, std::string_view secret_hash) {
  return net::SecretsEqual(HashKey(key), secret_hash);
}

}  // namespace contrail::server::auth
