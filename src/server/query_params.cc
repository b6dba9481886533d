#include "server/query_params.h"

#include <algorithm>
#include <charconv>

namespace contrail::server {

core::Result<int> IntParam(const net::HttpRequest& request, std::string_view name, int lo, int hi, int fallback) {
  CONTRAIL_TRY(std::optional<std::string> text, request.QueryParam(name));
  if (!text) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < lo || value > hi) {
    return core::InvalidArgument("`" + std::string(name) + "` must be a whole number " + std::to_string(lo) + ".." +
                                     std::to_string(hi),
                                 std::string(name));
  }
  return value;
}

core::Result<std::string> ChoiceParam(const net::HttpRequest& request, std::string_view name,
                                      std::initializer_list<std::string_view> allowed, std::string_view fallback) {
  CONTRAIL_TRY(std::optional<std::string> text, request.QueryParam(name));
  if (!text) return std::string(fallback);
  if (std::find(allowed.begin(), allowed.end(), std::string_view(*text)) == allowed.end()) {
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return core::InvalidArgument("`" + std::string(name) + "` must be one of " + list, std::string(name));
  }
  return *text;
}

}  // namespace contrail::server
