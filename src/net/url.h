#pragma once
// A parsed http(s) URL, enough for talking to providers: scheme, host, port, path-and-query.

#include <string>
#include <string_view>

#include "core/result.h"

namespace contrail::net {

struct Url {
  bool tls = false;
  std::string host;
  std::string port;      // always set: "80"/"443" when the URL has none
  std::string target;    // path and query, at least "/"

  // kInvalidArgument for anything but http:// or https:// with a host.
  static core::Result<Url> Parse(std::string_view text);
  // `base` + "/" + `path` with exactly one slash between them (base_url + "chat/completions").
  static std::string Join(std::string_view base, std::string_view path);
};

}  // namespace contrail::net
