#include "net/redact.h"

#include <algorithm>
#include <mutex>
#include <vector>

namespace contrail::net {

namespace {

constexpr std::string_view kRedacted = "[REDACTED]";
constexpr std::size_t kMinSecretChars = 8;
// A run this long of base64/hex is a credential or a signature far more often than a word.
constexpr std::size_t kMinOpaqueRunChars = 32;
// Characters after sk- or ck_ that make it a key rather than a word ("sk-learn").
constexpr std::size_t kMinKeyBodyChars = 8;

std::mutex secrets_mu;
std::vector<std::string>& Secrets() {  // guarded by secrets_mu
  static std::vector<std::string> secrets;
  return secrets;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsUpper(c) || IsLower(c); }
bool IsWordChar(char c) { return IsAlnum(c) || c == '_' || c == '-'; }
bool IsOpaqueChar(char c) { return IsWordChar(c) || c == '+' || c == '/' || c == '='; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// Where an unquoted value ends: JSON, header, query and prose punctuation.
bool EndsBareValue(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ';' || c == '&' ||
         c == '}' || c == ']' || c == ')' || c == '"' || c == '\'' || c == '<' || c == '\\';
}

void ReplaceAll(std::string& text, std::string_view needle) {
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + kRedacted.size())) {
    text.replace(at, needle.size(), kRedacted);
  }
}

// api_key, apiKey, x-api-key, client_secret, accessToken, X-Amz-Security-Token …: the key ends in
// a sensitive word at a word boundary ('_', '-', or a capital in camelCase).
bool IsSensitiveKey(std::string_view key) {
  static constexpr std::string_view kWords[] = {"apikey", "api_key", "api-key", "authorization",
                                                "password", "passwd", "secret", "token",
                                                "credential", "credentials", "private_key"};
  std::string lower(key);
  for (char& c : lower) c = static_cast<char>(IsUpper(c) ? c - 'A' + 'a' : c);
  for (std::string_view word : kWords) {
    if (!std::string_view(lower).ends_with(word)) continue;
    const std::size_t at = key.size() - word.size();
    if (at == 0 || key[at - 1] == '_' || key[at - 1] == '-' || IsUpper(key[at])) return true;
  }
  return false;
}

bool IsAuthorizationKey(std::string_view key) {
  std::string lower(key);
  for (char& c : lower) c = static_cast<char>(IsUpper(c) ? c - 'A' + 'a' : c);
  return std::string_view(lower).ends_with("authorization");
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool IsUuid(std::string_view run) {
  if (run.size() != 36) return false;
  for (std::size_t i = 0; i < run.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? run[i] != '-' : !IsHex(run[i])) return false;
  }
  return true;
}

// One left-to-right pass; each Match* looks at `pos`, and on a match appends the redacted form to
// `out` and returns how many characters of the input it consumed (0: no match).
class Scanner {
 public:
  explicit Scanner(std::string_view text) : t_(text) {}

  std::string Run() {
    std::size_t pos = 0;
    while (pos < t_.size()) {
      std::size_t used = 0;
      if (AtWordStart(pos)) {
        used = MatchKeyValue(pos);
        if (used == 0) used = MatchBearer(pos);
        if (used == 0) used = MatchKeyPrefix(pos);
      }
      if (used == 0 && (pos == 0 || !IsOpaqueChar(t_[pos - 1]))) used = MatchOpaqueRun(pos);
      if (used == 0) {
        out_ += t_[pos];
        used = 1;
      }
      pos += used;
    }
    return std::move(out_);
  }

 private:
  bool AtWordStart(std::size_t pos) const { return pos == 0 || !IsWordChar(t_[pos - 1]); }

  // "key": "value", key: value, key=value with a sensitive key; a JSON text quoted inside another
  // string (\"key\": \"value\") too.
  std::size_t MatchKeyValue(std::size_t pos) {
    std::size_t j = pos;
    const bool quoted = t_[j] == '"' || t_[j] == '\'';
    if (quoted) ++j;
    const std::size_t key_start = j;
    while (j < t_.size() && IsWordChar(t_[j])) ++j;
    const std::string_view key = t_.substr(key_start, j - key_start);
    if (key.empty() || !IsSensitiveKey(key)) return 0;
    if (quoted) {
      if (j < t_.size() && t_[j] == '\\') ++j;
      if (j >= t_.size() || t_[j] != t_[pos]) return 0;
      ++j;
    }
    while (j < t_.size() && t_[j] == ' ') ++j;
    if (j >= t_.size() || (t_[j] != ':' && t_[j] != '=')) return 0;
    ++j;
    while (j < t_.size() && t_[j] == ' ') ++j;
    const std::size_t value_len = ValueLength(j, IsAuthorizationKey(key));
    if (value_len == 0) return 0;
    out_.append(t_.substr(pos, j - pos));
    out_ += RedactedValue(t_.substr(j, value_len));
    return j - pos + value_len;
  }

  // A quoted string (quotes included, to its closing quote or the end), or a bare word; after an
  // authorization key, "Scheme credentials" as one value.
  std::size_t ValueLength(std::size_t j, bool scheme_first) const {
    if (j >= t_.size()) return 0;
    std::string_view quote;
    if (t_[j] == '"' || t_[j] == '\'') quote = t_.substr(j, 1);
    if (t_.substr(j).starts_with("\\\"")) quote = "\\\"";
    if (!quote.empty()) {
      std::size_t k = j + quote.size();
      while (k < t_.size() && !(t_.substr(k).starts_with(quote) && t_[k - 1] != '\\')) ++k;
      return std::min(k + quote.size(), t_.size()) - j;
    }
    std::size_t k = j;
    while (k < t_.size() && !EndsBareValue(t_[k])) ++k;
    if (scheme_first && k > j && k + 1 < t_.size() && t_[k] == ' ' && !EndsBareValue(t_[k + 1])) {
      for (++k; k < t_.size() && !EndsBareValue(t_[k]);) ++k;
    }
    return k - j;
  }

  // The value's quotes and an auth scheme stay; what they hold goes.
  static std::string RedactedValue(std::string_view value) {
    for (std::string_view quote : {std::string_view("\\\""), std::string_view("\""), std::string_view("'")}) {
      if (value.size() >= 2 * quote.size() && value.starts_with(quote) && value.ends_with(quote)) {
        return std::string(quote) + std::string(kRedacted) + std::string(quote);
      }
      if (value.starts_with(quote)) return std::string(quote) + std::string(kRedacted);
    }
    if (const std::size_t space = value.find(' '); space != std::string_view::npos) {
      return std::string(value.substr(0, space + 1)) + std::string(kRedacted);
    }
    return std::string(kRedacted);
  }

  std::size_t MatchBearer(std::size_t pos) {
    if (!StartsWithIgnoringCase(t_.substr(pos), "bearer")) return 0;
    std::size_t j = pos + 6;
    const std::size_t spaces = j;
    while (j < t_.size() && t_[j] == ' ') ++j;
    if (j == spaces) return 0;
    const std::size_t token = j;
    while (j < t_.size() && (IsOpaqueChar(t_[j]) || t_[j] == '.' || t_[j] == '~')) ++j;
    if (j == token) return 0;
    out_.append(t_.substr(pos, token - pos));
    out_ += kRedacted;
    return j - pos;
  }

  // sk-… and sk-ant-… (OpenAI, Anthropic), ck_… (contrail), AKIA…/ASIA… (AWS access key ids).
  std::size_t MatchKeyPrefix(std::size_t pos) {
    const std::string_view rest = t_.substr(pos);
    if (rest.starts_with("sk-") || rest.starts_with("ck_")) {
      std::size_t j = pos + 3;
      while (j < t_.size() && IsWordChar(t_[j])) ++j;
      if (j - pos - 3 < kMinKeyBodyChars) return 0;
      out_ += kRedacted;
      return j - pos;
    }
    if (rest.starts_with("AKIA") || rest.starts_with("ASIA")) {
      std::size_t j = pos + 4;
      while (j < t_.size() && (IsUpper(t_[j]) || IsDigit(t_[j]))) ++j;
      if (j - pos != 20 || (j < t_.size() && IsAlnum(t_[j]))) return 0;
      out_ += kRedacted;
      return j - pos;
    }
    return 0;
  }

  std::size_t MatchOpaqueRun(std::size_t pos) {
    std::size_t j = pos;
    bool digit = false, letter = false;
    while (j < t_.size() && IsOpaqueChar(t_[j])) {
      digit = digit || IsDigit(t_[j]);
      letter = letter || IsUpper(t_[j]) || IsLower(t_[j]);
      ++j;
    }
    const std::string_view run = t_.substr(pos, j - pos);
    if (run.size() < kMinOpaqueRunChars || !digit || !letter || IsUuid(run)) return 0;
    out_ += kRedacted;
    return run.size();
  }

  std::string_view t_;
  std::string out_;
};

}  // namespace

void RegisterSecret(std::string_view secret) {
  if (secret.size() < kMinSecretChars) return;
  std::lock_guard lock(secrets_mu);
  std::vector<std::string>& secrets = Secrets();
  if (std::find(secrets.begin(), secrets.end(), secret) != secrets.end()) return;
  secrets.emplace_back(secret);
  // Longest first, so a secret that contains another is replaced whole.
  std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string RedactCredentials(std::string_view text, std::span<const std::string_view> also) {
  std::string exact(text);
  std::vector<std::string_view> extra;
  for (std::string_view s : also) {
    if (s.size() >= kMinSecretChars) extra.push_back(s);
  }
  std::sort(extra.begin(), extra.end(), [](auto a, auto b) { return a.size() > b.size(); });
  for (std::string_view s : extra) ReplaceAll(exact, s);
  {
    std::lock_guard lock(secrets_mu);
    for (const std::string& s : Secrets()) ReplaceAll(exact, s);
  }
  return Scanner(exact).Run();
}

}  // namespace contrail::net
