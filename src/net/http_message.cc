#include "net/http_message.h"

namespace contrail::net {
namespace {

int HexValue(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view HttpRequest::path() const {
  std::string_view t(target);
  return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::query() const {
  std::string_view t(target);
  std::size_t q = t.find('?');
  return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

const std::string* HttpRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

core::Result<const std::string*> HttpRequest::SingleHeader(std::string_view name) const {
  const std::string* found = nullptr;
  for (const auto& [k, v] : headers) {
    if (k != name) continue;
    if (found != nullptr) return core::InvalidArgument("more than one " + std::string(name) + " header", std::string(name));
    found = &v;
  }
  return found;
}

core::Result<std::optional<std::string>> HttpRequest::QueryParam(std::string_view name) const {
  std::optional<std::string> value;
  std::string_view q = query();
  while (!q.empty()) {
    std::size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    std::size_t eq = pair.find('=');
    std::string key;
    if (!UrlDecode(pair.substr(0, eq), key) || key != name) continue;
    if (value) return core::InvalidArgument("query parameter " + std::string(name) + " given twice", std::string(name));
    std::string decoded;
    if (eq != std::string_view::npos && !UrlDecode(pair.substr(eq + 1), decoded)) {
      return core::InvalidArgument("query parameter " + std::string(name) + " is badly escaped", std::string(name));
    }
    value = std::move(decoded);
  }
  return value;
}

bool UrlDecode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char ch = in[i];
    if (ch == '+') {
      out += ' ';
    } else if (ch == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += ch;
    }
  }
  return true;
}

}  // namespace contrail::net
