#pragma once
// One spelling for equal JSON: object members sorted by key at every depth, no whitespace, numbers
// and strings as Boost.JSON writes them. Two tool calls whose arguments differ only in member order
// or spacing ({"b":1, "a":2} and {"a":2,"b":1}) get the same cache key. Pure; thread-safe.
//
//   CanonicalJson(boost::json::parse(R"({"b":1,"a":[{"d":0,"c":1}]})"))   // {"a":[{"c":1,"d":0}],"b":1}

#include <boost/json/value.hpp>
#include <string>

namespace contrail::cache {

std::string CanonicalJson(const boost::json::value& value);

// The first 32 hex digits of the SHA-256 of `text`: short enough for a key, wide enough that two
// argument lists never share one.
std::string KeyHash(std::string_view text);

}  // namespace contrail::cache
