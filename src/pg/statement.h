#pragma once
// A statement for the extended query protocol: SQL with $1…$n, its parameters (text or binary,
// with type OIDs, NULLs), an optional prepared-statement name, and the wanted result format.
//
//   pg::Params p;
//   p.Text(origin).Text(destination).Int(limit);          // $1 $2 text (type inferred), $3 int8
//   pg::Statement s("SELECT … WHERE origin = $1 AND destination = $2 LIMIT $3", std::move(p),
//                   "search_flights");
//   auto rows = co_await pool.Execute(std::move(s));      // build `s` first: GCC 12 mishandles
//                                                         // braced lists as coroutine arguments

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace contrail::pg {

using Oid = unsigned int;

// Built-in type OIDs (pg_type.oid; fixed for every PostgreSQL). pgvector's OID differs per
// database, so vectors travel as text parameters with type 0 (inferred).
namespace oid {
inline constexpr Oid kUnknown = 0;  // let the server infer the type from the statement
inline constexpr Oid kBool = 16;
inline constexpr Oid kBytea = 17;
inline constexpr Oid kInt8 = 20;
inline constexpr Oid kInt2 = 21;
inline constexpr Oid kInt4 = 23;
inline constexpr Oid kText = 25;
inline constexpr Oid kFloat4 = 700;
inline constexpr Oid kFloat8 = 701;
inline constexpr Oid kTextArray = 1009;
inline constexpr Oid kDate = 1082;
inline constexpr Oid kTimestamptz = 1184;
inline constexpr Oid kJsonb = 3802;
}  // namespace oid

// Parameter values, in $ order. Values are copied in; the object owns them.
class Params {
 public:
  Params& Null(Oid type = oid::kUnknown);
  // Text format. Type 0 lets the server infer it from the statement (works for any column type,
  // e.g. date, jsonb or vector, given their text form).
  Params& Text(std::string_view value, Oid type = oid::kUnknown);
  Params& Int(std::int64_t value);     // binary int8
  Params& Int4(std::int32_t value);    // binary int4
  Params& Float(double value);         // binary float8
  Params& Bool(bool value);            // binary bool
  Params& Bytes(std::string_view value);  // binary bytea
  // pgvector's binary form, type inferred: the statement must give it (`$2::vector`, or a vector
  // column or operator). Binary: a 1024-float vector as text is ~10 KB that the server parses.
  Params& Vector(std::span<const float> value);

  int size() const { return static_cast<int>(values_.size()); }

  // The arrays libpq takes (PQsendQueryParams); valid until the next change to this object.
  struct View {
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
  };
  View view() const;
  const std::vector<Oid>& types() const { return types_; }

 private:
  Params& Add(std::string bytes, Oid type, int format, bool is_null = false);

  std::vector<std::string> values_;
  std::vector<Oid> types_;
  std::vector<int> formats_;  // 0 text, 1 binary
  std::vector<bool> nulls_;
};

struct Statement {
  Statement() = default;
  explicit Statement(std::string sql_text, Params parameters = {}, std::string prepared_name = {})
      : sql(std::move(sql_text)), params(std::move(parameters)), name(std::move(prepared_name)) {}

  std::string sql;
  Params params;
  // Non-empty: the statement is prepared once per connection under this name (the first use sends
  // Parse in the same round trip) and executed by name afterwards. One name, one SQL text.
  std::string name;
  bool binary_results = false;  // results in binary format (see Rows for the typed accessors)
};

}  // namespace contrail::pg
