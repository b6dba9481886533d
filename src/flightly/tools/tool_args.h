#pragma once
// Reading a tool's arguments after the registry checked them against the tool's schema (so a
// present value has the schema's type): the helpers Flightly's tools share.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "pg/statement.h"

namespace contrail::flightly {

// The string at `key`, or "" when absent.
inline std::string ArgText(const boost::json::object& args, const char* key) {
  const boost::json::value* v = args.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The string at `key`, or nullopt when absent.
inline std::optional<std::string> ArgOptionalText(const boost::json::object& args, const char* key) {
  const boost::json::value* v = args.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

// The number at `key` as an integer, or `fallback` when absent.
inline std::int64_t ArgInt(const boost::json::object& args, const char* key, std::int64_t fallback) {
  const boost::json::value* v = args.if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<std::int64_t>() : fallback;
}

// A USD amount at `key` as integer cents for SQL, or a typed NULL when absent ("no cap").
inline void AddCentsParam(pg::Params& params, const boost::json::object& args, const char* key) {
  const boost::json::value* v = args.if_contains(key);
  if (v != nullptr && v->is_number()) {
    params.Int(static_cast<std::int64_t>(v->to_number<double>() * 100));
  } else {
    params.Null(pg::oid::kInt8);
  }
}

}  // namespace contrail::flightly
