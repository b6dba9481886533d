#include "net/url.h"

namespace contrail::net {

core::Result<Url> Url::Parse(std::string_view text) {
  Url url;
  if (text.starts_with("https://")) {
    url.tls = true;
    text.remove_prefix(8);
  } else if (text.starts_with("http://")) {
    text.remove_prefix(7);
  } else {
    return core::InvalidArgument("URL must start with http:// or https://: " + std::string(text));
  }
  std::size_t slash = text.find('/');
  std::string_view authority = text.substr(0, slash);
  url.target = slash == std::string_view::npos ? "/" : std::string(text.substr(slash));
  if (authority.find('@') != std::string_view::npos) {
    return core::InvalidArgument("URL must not carry credentials; use the api_key setting");
  }
  std::size_t colon = authority.rfind(':');
  if (!authority.empty() && authority.front() == '[') {  // [::1]:8080
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return core::InvalidArgument("bad IPv6 host in URL");
    url.host = std::string(authority.substr(1, close - 1));
    colon = authority.size() > close + 1 && authority[close + 1] == ':' ? close + 1 : std::string_view::npos;
  } else {
    url.host = std::string(authority.substr(0, colon));
  }
  if (colon != std::string_view::npos) {
    url.port = std::string(authority.substr(colon + 1));
    if (url.port.empty() || url.port.find_first_not_of("0123456789") != std::string::npos) {
      return core::InvalidArgument("bad port in URL: " + std::string(authority));
    }
  } else {
    url.port = url.tls ? "443" : "80";
  }
  if (url.host.empty()) return core::InvalidArgument("URL has no host");
  return url;
}

std::string Url::Join(std::string_view base, std::string_view path) {
  std::string out(base);
  while (!out.empty() && out.back() == '/') out.pop_back();
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  out += '/';
  out += path;
  return out;
}

}  // namespace contrail::net
