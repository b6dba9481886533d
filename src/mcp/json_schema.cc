#include "mcp/json_schema.h"

#include <array>
#include <boost/json.hpp>
#include <cmath>

namespace contrail::mcp {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 7> kTypes = {"string", "number", "integer", "boolean", "object", "array", "null"};
// Keywords with no effect on validity.
constexpr std::array<std::string_view, 8> kAnnotations = {"description", "title", "default", "examples",
                                                          "$schema", "$id", "$comment", "deprecated"};

bool IsInteger(const json::value& v) {
  if (v.is_int64() || v.is_uint64()) return true;
  return v.is_double() && std::isfinite(v.get_double()) && std::floor(v.get_double()) == v.get_double();
}

bool HasType(const json::value& v, std::string_view type) {
  if (type == "string") return v.is_string();
  if (type == "number") return v.is_number();
  if (type == "integer") return IsInteger(v);
  if (type == "boolean") return v.is_bool();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  return v.is_null();
}

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

core::Status Violation(const std::string& path, const std::string& what) {
  const std::string where = path.empty() ? "arguments" : path;
  return core::InvalidArgument("`" + where + "`: " + what, where);
}

std::string Number(double d) {
  json::value v = IsInteger(json::value(d)) ? json::value(static_cast<std::int64_t>(d)) : json::value(d);
  return json::serialize(v);
}

core::Status Check(const json::value& v, const json::object& schema, const std::string& path);

core::Status CheckType(const json::value& v, const json::value& type, const std::string& path) {
  if (type.is_string()) {
    if (HasType(v, type.get_string())) return core::Ok();
    return Violation(path, "must be " + std::string(type.get_string() == "integer" ? "an " : "a ") +
                               std::string(type.get_string()));
  }
  std::string names;
  for (const json::value& t : type.get_array()) {
    if (HasType(v, t.get_string())) return core::Ok();
    names += (names.empty() ? "" : " or ") + std::string(t.get_string());
  }
  return Violation(path, "must be " + names);
}

core::Status CheckNumber(const json::value& v, const json::object& schema, const std::string& path) {
  const double d = v.to_number<double>();
  auto bound = [&](const char* key) -> const json::value* { return schema.if_contains(key); };
  if (const json::value* b = bound("minimum"); b && d < b->to_number<double>()) {
    return Violation(path, "must be ≥ " + Number(b->to_number<double>()));
  }
  if (const json::value* b = bound("maximum"); b && d > b->to_number<double>()) {
    return Violation(path, "must be ≤ " + Number(b->to_number<double>()));
  }
  if (const json::value* b = bound("exclusiveMinimum"); b && d <= b->to_number<double>()) {
    return Violation(path, "must be > " + Number(b->to_number<double>()));
  }
  if (const json::value* b = bound("exclusiveMaximum"); b && d >= b->to_number<double>()) {
    return Violation(path, "must be < " + Number(b->to_number<double>()));
  }
  return core::Ok();
}

core::Status CheckString(const json::value& v, const json::object& schema, const std::string& path) {
  const std::size_t n = CodePoints(v.get_string());
  if (const json::value* m = schema.if_contains("minLength"); m && n < m->to_number<std::size_t>()) {
    return Violation(path, "must be at least " + json::serialize(*m) + " characters");
  }
  if (const json::value* m = schema.if_contains("maxLength"); m && n > m->to_number<std::size_t>()) {
    return Violation(path, "must be at most " + json::serialize(*m) + " characters");
  }
  if (const json::value* f = schema.if_contains("format"); f && *f == "date" && !IsDate(v.get_string())) {
    return Violation(path, "must be a date (YYYY-MM-DD)");
  }
  return core::Ok();
}

core::Status CheckArray(const json::array& a, const json::object& schema, const std::string& path) {
  if (const json::value* m = schema.if_contains("minItems"); m && a.size() < m->to_number<std::size_t>()) {
    return Violation(path, "must have at least " + json::serialize(*m) + " items");
  }
  if (const json::value* m = schema.if_contains("maxItems"); m && a.size() > m->to_number<std::size_t>()) {
    return Violation(path, "must have at most " + json::serialize(*m) + " items");
  }
  if (const json::value* items = schema.if_contains("items")) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      CONTRAIL_TRY_STATUS(Check(a[i], items->get_object(), path + "[" + std::to_string(i) + "]"));
    }
  }
  return core::Ok();
}

core::Status CheckObject(const json::object& o, const json::object& schema, const std::string& path) {
  if (const json::value* required = schema.if_contains("required")) {
    for (const json::value& name : required->get_array()) {
      if (!o.contains(name.get_string())) return Violation(Join(path, name.get_string()), "is required");
    }
  }
  const json::value* properties = schema.if_contains("properties");
  const json::value* additional = schema.if_contains("additionalProperties");
  for (const auto& [key, value] : o) {
    const json::value* property = properties ? properties->get_object().if_contains(key) : nullptr;
    if (property != nullptr) {
      CONTRAIL_TRY_STATUS(Check(value, property->get_object(), Join(path, key)));
    } else if (additional != nullptr && *additional == false) {
      return Violation(Join(path, key), "is not a known argument");
    }
  }
  return core::Ok();
}

core::Status CheckAnyOf(const json::value& v, const json::array& options, bool one, const std::string& path) {
  int matched = 0;
  core::Status first = core::Ok();
  for (const json::value& option : options) {
    core::Status s = Check(v, option.get_object(), path);
    if (s) {
      ++matched;
    } else if (first) {
      first = std::move(s);
    }
  }
  if (matched == 0) return first;
  if (one && matched > 1) return Violation(path, "matches more than one of the allowed forms");
  return core::Ok();
}

core::Status Check(const json::value& v, const json::object& schema, const std::string& path) {
  if (const json::value* type = schema.if_contains("type")) CONTRAIL_TRY_STATUS(CheckType(v, *type, path));
  if (const json::value* c = schema.if_contains("const"); c && v != *c) {
    return Violation(path, "must be " + json::serialize(*c));
  }
  if (const json::value* e = schema.if_contains("enum")) {
    const json::array& values = e->get_array();
    if (std::find(values.begin(), values.end(), v) == values.end()) {
      return Violation(path, "must be one of " + json::serialize(values));
    }
  }
  if (v.is_number()) CONTRAIL_TRY_STATUS(CheckNumber(v, schema, path));
  if (v.is_string()) CONTRAIL_TRY_STATUS(CheckString(v, schema, path));
  if (v.is_array()) CONTRAIL_TRY_STATUS(CheckArray(v.get_array(), schema, path));
  if (v.is_object()) CONTRAIL_TRY_STATUS(CheckObject(v.get_object(), schema, path));
  if (const json::value* any = schema.if_contains("anyOf")) CONTRAIL_TRY_STATUS(CheckAnyOf(v, any->get_array(), false, path));
  if (const json::value* one = schema.if_contains("oneOf")) CONTRAIL_TRY_STATUS(CheckAnyOf(v, one->get_array(), true, path));
  return core::Ok();
}

core::Status Unsupported(std::string_view keyword, const std::string& why) {
  return core::InvalidArgument("schema keyword `" + std::string(keyword) + "`: " + why, std::string(keyword));
}

bool IsTypeName(const json::value& v) {
  return v.is_string() && std::find(kTypes.begin(), kTypes.end(), v.get_string()) != kTypes.end();
}

core::Status CheckSubschemas(std::string_view key, const json::value& v) {
  if (key == "properties") {
    if (!v.is_object()) return Unsupported(key, "must be an object of schemas");
    for (const auto& [name, sub] : v.get_object()) {
      if (!sub.is_object()) return Unsupported(key, "property `" + std::string(name) + "` must be a schema object");
      CONTRAIL_TRY_STATUS(CheckSchemaSupported(sub.get_object()));
    }
    return core::Ok();
  }
  if (key == "items") {
    if (!v.is_object()) return Unsupported(key, "must be a schema object");
    return CheckSchemaSupported(v.get_object());
  }
  if (!v.is_array() || v.get_array().empty()) return Unsupported(key, "must be a non-empty list of schemas");
  for (const json::value& sub : v.get_array()) {
    if (!sub.is_object()) return Unsupported(key, "must be a list of schema objects");
    CONTRAIL_TRY_STATUS(CheckSchemaSupported(sub.get_object()));
  }
  return core::Ok();
}

}  // namespace

core::Status CheckAgainstSchema(const json::value& value, const json::object& schema) {
  return Check(value, schema, "");
}

core::Status CheckSchemaSupported(const json::object& schema) {
  for (const auto& [key, v] : schema) {
    if (std::find(kAnnotations.begin(), kAnnotations.end(), key) != kAnnotations.end()) continue;
    if (key == "type") {
      const bool ok = IsTypeName(v) || (v.is_array() && !v.get_array().empty() &&
                                        std::all_of(v.get_array().begin(), v.get_array().end(), IsTypeName));
      if (!ok) return Unsupported(key, "must be a type name or a list of them");
    } else if (key == "properties" || key == "items" || key == "anyOf" || key == "oneOf") {
      CONTRAIL_TRY_STATUS(CheckSubschemas(key, v));
    } else if (key == "required") {
      if (!v.is_array()) return Unsupported(key, "must be a list of names");
      for (const json::value& n : v.get_array()) {
        if (!n.is_string()) return Unsupported(key, "must be a list of names");
      }
    } else if (key == "additionalProperties") {
      if (!v.is_bool()) return Unsupported(key, "only true or false is supported");
    } else if (key == "enum") {
      if (!v.is_array() || v.get_array().empty()) return Unsupported(key, "must be a non-empty list");
    } else if (key == "const") {
      continue;
    } else if (key == "minimum" || key == "maximum" || key == "exclusiveMinimum" || key == "exclusiveMaximum") {
      if (!v.is_number()) return Unsupported(key, "must be a number");
    } else if (key == "minLength" || key == "maxLength" || key == "minItems" || key == "maxItems") {
      if (!IsInteger(v) || v.to_number<double>() < 0) return Unsupported(key, "must be a non-negative integer");
    } else if (key == "format") {
      if (!v.is_string()) return Unsupported(key, "must be a string");
    } else {
      return Unsupported(key, "not supported by contrail's tool schemas");
    }
  }
  return core::Ok();
}

}  // namespace contrail::mcp
