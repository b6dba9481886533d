#include "net/sigv4.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <utility>
#include <vector>

#include "core/text.h"
#include "net/sha256.h"
#include "net/url.h"

namespace contrail::net {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr char kHexUpper[] = "0123456789ABCDEF";

// One HMAC-SHA256 context per thread, re-keyed for each use: creating a context per call (what
// HMAC() does) costs three times the MAC itself in OpenSSL 3.
class HmacContext {
 public:
  HmacContext() {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    ctx_ = mac != nullptr ? EVP_MAC_CTX_new(mac) : nullptr;
    EVP_MAC_free(mac);
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    if (ctx_ != nullptr && EVP_MAC_CTX_set_params(ctx_, params) != 1) {
      EVP_MAC_CTX_free(ctx_);
      ctx_ = nullptr;
    }
  }
  ~HmacContext() { EVP_MAC_CTX_free(ctx_); }
  HmacContext(const HmacContext&) = delete;
  HmacContext& operator=(const HmacContext&) = delete;

  Sha256Digest Mac(std::string_view key, std::string_view data) {
    Sha256Digest out{};
    std::size_t len = 0;
    const auto* k = reinterpret_cast<const unsigned char*>(key.data());
    const auto* d = reinterpret_cast<const unsigned char*>(data.data());
    if (ctx_ != nullptr && EVP_MAC_init(ctx_, k, key.size(), nullptr) == 1 &&
        EVP_MAC_update(ctx_, d, data.size()) == 1 && EVP_MAC_final(ctx_, out.data(), &len, out.size()) == 1) {
      return out;
    }
    unsigned int fallback_len = 0;  // no provider for EVP_MAC: the one-shot API
    HMAC(EVP_sha256(), k, static_cast<int>(key.size()), d, data.size(), out.data(), &fallback_len);
    return out;
  }

 private:
  EVP_MAC_CTX* ctx_ = nullptr;
};

Sha256Digest HmacSha256(std::string_view key, std::string_view data) {
  thread_local HmacContext context;
  return context.Mac(key, data);
}

std::string_view AsView(const Sha256Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

// Hop-by-hop and client-specific headers that proxies may change: never signed (the set the AWS
// SDKs use).
bool Unsignable(std::string_view lower_name) {
  static constexpr std::string_view kNames[] = {
      "authorization", "cache-control", "connection", "expect", "from", "keep-alive",
      "max-forwards", "pragma", "referer", "te", "trailer", "transfer-encoding", "upgrade",
      "user-agent", "x-amzn-trace-id"};
  if (lower_name.starts_with("proxy-") || lower_name.starts_with("sec-")) return true;
  return std::find(std::begin(kNames), std::end(kNames), lower_name) != std::end(kNames);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes ('+' stays '+'; a malformed escape is kept as it is, then encoded).
std::string PercentDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    int hi = 0, lo = 0;
    if (in[i] == '%' && i + 2 < in.size() && (hi = HexValue(in[i + 1])) >= 0 &&
        (lo = HexValue(in[i + 2])) >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

// The path as sent, normalised (RFC 3986 §5.2.4 without keeping empty segments, as the SDKs do
// for every service but S3), each segment encoded once more.
std::string CanonicalUri(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(start, slash - start);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out = "/";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '/';
    out += AwsUriEncode(segments[i]);
  }
  if (!segments.empty() && path.ends_with('/')) out += '/';
  return out;
}

// Parameters decoded, encoded the SigV4 way, sorted by name then value.
std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t start = 0;
  while (start < query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view item = query.substr(start, amp - start);
    start = amp + 1;
    if (item.empty()) continue;
    std::size_t eq = item.find('=');
    std::string_view name = item.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
    params.emplace_back(AwsUriEncode(PercentDecode(name)), AwsUriEncode(PercentDecode(value)));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

const std::string* FindHeader(const std::vector<Header>& headers, std::string_view lower_name) {
  for (const auto& [k, v] : headers) {
    if (core::AsciiLower(k) == lower_name) return &v;
  }
  return nullptr;
}

// host[:port], the port only when it is not the scheme's default; IPv6 literals in brackets.
std::string HostHeader(const Url& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  if (url.port != (url.tls ? "443" : "80")) host += ":" + url.port;
  return host;
}

struct Canonical {
  std::string request;
  std::string signed_headers;
};

Canonical CanonicalRequest(const HttpClientRequest& request, const Url& url) {
  std::string_view target = url.target;
  std::size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  if (std::size_t hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);

  // Sorted by lower-cased name; repeated headers keep their order, joined with commas. Values are
  // trimmed with inner whitespace runs collapsed to one space, as the AWS SDKs do.
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : request.headers) {
    std::string lower = core::AsciiLower(name);
    if (Unsignable(lower)) continue;
    auto [it, inserted] = headers.try_emplace(std::move(lower), core::CollapseWhitespace(value));
    if (!inserted) it->second += "," + core::CollapseWhitespace(value);
  }
  Canonical out;
  out.request.reserve(256 + request.body.size() / 64);
  out.request.append(request.method).append("\n");
  out.request.append(CanonicalUri(path)).append("\n");
  out.request.append(CanonicalQuery(query)).append("\n");
  for (const auto& [name, value] : headers) {
    out.request.append(name).append(":").append(value).append("\n");
    if (!out.signed_headers.empty()) out.signed_headers += ';';
    out.signed_headers += name;
  }
  out.request.append("\n").append(out.signed_headers).append("\n");
  const std::string* payload_hash = FindHeader(request.headers, "x-amz-content-sha256");
  out.request.append(payload_hash != nullptr ? *payload_hash : Sha256Hex(request.body));
  return out;
}

// The signing key depends only on the secret, the day, the region and the service, so each thread
// keeps its last one: four of a signature's six HMACs are saved on every request but the first of
// the day.
Sha256Digest SigningKey(const std::string& secret, std::string_view date, std::string_view region,
                  std::string_view service) {
  thread_local std::string cached_for;
  thread_local Sha256Digest cached_key{};
  std::string id = secret;
  id.append("\n").append(date).append("\n").append(region).append("\n").append(service);
  if (id == cached_for) return cached_key;
  Sha256Digest key = HmacSha256("AWS4" + secret, date);
  key = HmacSha256(AsView(key), region);
  key = HmacSha256(AsView(key), service);
  key = HmacSha256(AsView(key), "aws4_request");
  cached_for = std::move(id);
  cached_key = key;
  return key;
}

void RemoveHeaders(std::vector<Header>& headers) {
  std::erase_if(headers, [](const Header& h) {
    std::string lower = core::AsciiLower(h.first);
    return lower == "authorization" || lower == "x-amz-date" || lower == "x-amz-security-token";
  });
}

}  // namespace

std::string AmzDate(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string AwsUriEncode(std::string_view in, bool keep_slash) {
  std::string out;
  out.reserve(in.size() + 8);
  for (char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || (keep_slash && c == '/')) {
      out += ch;
    } else {
      out += '%';
      out += kHexUpper[c >> 4];
      out += kHexUpper[c & 0xf];
    }
  }
  return out;
}

core::Result<SigV4Signature> SignV4Explained(HttpClientRequest& request,
                                             const AwsCredentials& credentials,
                                             std::string_view region, std::string_view service,
                                             std::chrono::system_clock::time_point now) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return core::InvalidArgument("AWS credentials need an access key id and a secret access key");
  }
  if (region.empty() || service.empty()) {
    return core::InvalidArgument("AWS signing needs a region and a service name");
  }
  CONTRAIL_TRY(Url url, Url::Parse(request.url));
  RemoveHeaders(request.headers);
  if (FindHeader(request.headers, "host") == nullptr) request.headers.emplace_back("Host", HostHeader(url));
  const std::string amz_date = AmzDate(now);
  request.headers.emplace_back("X-Amz-Date", amz_date);
  if (!credentials.session_token.empty()) {
    request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }

  Canonical canonical = CanonicalRequest(request, url);
  const std::string_view date = std::string_view(amz_date).substr(0, 8);
  std::string scope = std::string(date) + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
  SigV4Signature out;
  out.string_to_sign = std::string(kAlgorithm) + "\n" + amz_date + "\n" + scope + "\n" + Sha256Hex(canonical.request);
  out.canonical_request = std::move(canonical.request);

  const Sha256Digest key = SigningKey(credentials.secret_access_key, date, region, service);
  Sha256Digest signature = HmacSha256(AsView(key), out.string_to_sign);
  out.signature = DigestHex(signature);
  out.authorization = std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" + scope +
                      ", SignedHeaders=" + canonical.signed_headers + ", Signature=" + out.signature;
  request.headers.emplace_back("Authorization", out.authorization);
  return out;
}

core::Status SignV4(HttpClientRequest& request, const AwsCredentials& credentials,
                    std::string_view region, std::string_view service,
                    std::chrono::system_clock::time_point now) {
  auto signed_request = SignV4Explained(request, credentials, region, service, now);
  if (!signed_request) return std::move(signed_request).error();
  return core::Ok();
}

}  // namespace contrail::net
