#pragma once
// Reading a route's query parameters (?limit=20&order=asc) with their bounds checked.

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/result.h"
#include "net/http_message.h"

namespace contrail::server {

// ?name=N within lo..hi, or `fallback` when absent. kInvalidArgument naming the parameter.
core::Result<int> IntParam(const net::HttpRequest& request, std::string_view name, int lo, int hi, int fallback);

// ?name=one of `allowed`, or `fallback` when absent. kInvalidArgument naming the parameter.
core::Result<std::string> ChoiceParam(const net::HttpRequest& request, std::string_view name,
                                      std::initializer_list<std::string_view> allowed, std::string_view fallback);

}  // namespace contrail::server
