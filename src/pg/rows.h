#pragma once
// The result of one statement: rows of values with typed accessors that read both the text and the
// binary result format. Copies share the underlying libpq result (immutable, freed with the last).
// Row and column indexes are 0-based. Accessors on a NULL value return the type's zero.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"

struct pg_result;

namespace contrail::pg {

class Rows {
 public:
  Rows() = default;
  // Takes ownership of `result` (PQclear on the last copy). nullptr is an empty result.
  explicit Rows(pg_result* result);

  int size() const;     // rows
  int columns() const;  // columns
  bool empty() const { return size() == 0; }
  std::string_view column_name(int column) const;
  // The column's type OID (pg_type.oid; pg::oid's constants for the built-in types), 0 if none.
  unsigned int column_type(int column) const;
  // The index of the column named `name`, or -1.
  int column(std::string_view name) const;

  bool is_null(int row, int column) const;
  // The value's bytes: the text form, or the raw binary form of a binary result.
  std::string_view text(int row, int column) const;
  // int2/int4/int8 (text or binary); numeric text is parsed as an integer when it is one.
  std::int64_t int64(int row, int column) const;
  // float4/float8 (text or binary); integer columns in text form also parse.
  double float8(int row, int column) const;
  bool boolean(int row, int column) const;
  // bytea: decoded from the text form's hex ("\x…"), or the binary value as it is.
  std::string bytes(int row, int column) const;

  // By column name. REQUIRES: column(name) >= 0.
  std::string_view text(int row, std::string_view name) const { return text(row, column(name)); }
  std::int64_t int64(int row, std::string_view name) const { return int64(row, column(name)); }
  double float8(int row, std::string_view name) const { return float8(row, column(name)); }
  bool is_null(int row, std::string_view name) const { return is_null(row, column(name)); }

  std::string command_tag() const;  // e.g. "INSERT 0 3"
  std::int64_t affected() const;    // rows inserted/updated/deleted/copied/selected

 private:
  bool binary(int column) const;

  std::shared_ptr<pg_result> result_;
};

// The SQLSTATE of a PostgreSQL error made by this component ("23505"), or "" for other errors.
// pg errors read "postgres [SQLSTATE] message".
std::string_view SqlState(const core::Error& error);
inline bool IsUniqueViolation(const core::Error& error) { return SqlState(error) == "23505"; }

}  // namespace contrail::pg
