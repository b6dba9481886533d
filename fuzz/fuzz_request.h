#pragma once
// The HTTP request a body-parser fuzz target hands to the parser it feeds: the input's lines
// "name: value" up to its first empty line are the headers (names lower-cased, as the session
// gives them), the rest is the body; an input with no empty line is all body. So a corpus file
// reads like a request: "x-user-id: ana\n\n{\"messages\":…}".

#include <cctype>
#include <string>
#include <string_view>

#include "net/http_message.h"

namespace contrail::fuzz {

inline net::HttpRequest RequestFromInput(std::string_view input) {
  net::HttpRequest request;
  request.method = "POST";
  request.target = "/";
  const std::size_t blank = input.find("\n\n");
  if (blank == std::string_view::npos) {
    request.body = std::string(input);
    return request;
  }
  std::string_view head = input.substr(0, blank + 1);
  request.body = std::string(input.substr(blank + 2));
  while (!head.empty()) {
    const std::string_view line = head.substr(0, head.find('\n'));
    head.remove_prefix(line.size() + 1);
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(name), std::string(line.substr(colon + 2)));
  }
  return request;
}

}  // namespace contrail::fuzz
