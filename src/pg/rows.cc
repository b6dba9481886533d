#include "pg/rows.h"

#include <libpq-fe.h>

#include <bit>
#include <charconv>
#include <cstdlib>

namespace contrail::pg {
namespace {

std::uint64_t ReadBigEndian(std::string_view b) {
  std::uint64_t v = 0;
  for (char c : b) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Rows::Rows(pg_result* result) {
  if (result != nullptr) result_.reset(result, [](pg_result* r) { PQclear(r); });
}

int Rows::size() const { return result_ ? PQntuples(result_.get()) : 0; }
int Rows::columns() const { return result_ ? PQnfields(result_.get()) : 0; }

std::string_view Rows::column_name(int column) const {
  const char* name = result_ ? PQfname(result_.get(), column) : nullptr;
  return name != nullptr ? name : "";
}

unsigned int Rows::column_type(int column) const { return result_ ? PQftype(result_.get(), column) : 0; }

int Rows::column(std::string_view name) const {
  for (int c = 0; c < columns(); ++c) {
    if (column_name(c) == name) return c;
  }
  return -1;
}

bool Rows::binary(int column) const { return PQfformat(result_.get(), column) == 1; }

bool Rows::is_null(int row, int column) const {
  return !result_ || PQgetisnull(result_.get(), row, column) == 1;
}

std::string_view Rows::text(int row, int column) const {
  if (is_null(row, column)) return {};
  return {PQgetvalue(result_.get(), row, column),
          static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

std::int64_t Rows::int64(int row, int column) const {
  std::string_view v = text(row, column);
  if (v.empty()) return 0;
  if (binary(column)) {
    std::uint64_t u = ReadBigEndian(v);
    switch (v.size()) {  // sign-extend int2/int4
      case 2: return static_cast<std::int16_t>(u);
      case 4: return static_cast<std::int32_t>(u);
      default: return static_cast<std::int64_t>(u);
    }
  }
  std::int64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

double Rows::float8(int row, int column) const {
  std::string_view v = text(row, column);
  if (v.empty()) return 0;
  if (binary(column)) {
    if (v.size() == 4) return std::bit_cast<float>(static_cast<std::uint32_t>(ReadBigEndian(v)));
    return std::bit_cast<double>(ReadBigEndian(v));
  }
  // libpq NUL-terminates text values; strtod also reads "NaN" and "Infinity".
  return std::strtod(v.data(), nullptr);
}

bool Rows::boolean(int row, int column) const {
  std::string_view v = text(row, column);
  if (v.empty()) return false;
  return binary(column) ? v[0] != 0 : v[0] == 't';
}

std::string Rows::bytes(int row, int column) const {
  std::string_view v = text(row, column);
  if (binary(column) || v.size() < 2 || v.substr(0, 2) != "\\x") return std::string(v);
  std::string out;
  out.reserve((v.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < v.size(); i += 2) {
    out.push_back(static_cast<char>(HexDigit(v[i]) * 16 + HexDigit(v[i + 1])));
  }
  return out;
}

std::string Rows::command_tag() const { return result_ ? PQcmdStatus(result_.get()) : ""; }

std::int64_t Rows::affected() const {
  if (!result_) return 0;
  std::string_view n = PQcmdTuples(result_.get());
  std::int64_t out = 0;
  if (!n.empty()) std::from_chars(n.data(), n.data() + n.size(), out);
  return n.empty() ? size() : out;
}

std::string_view SqlState(const core::Error& error) {
  std::string_view m = error.message;
  constexpr std::string_view kPrefix = "postgres [";
  if (m.substr(0, kPrefix.size()) != kPrefix || m.size() < kPrefix.size() + 6) return {};
  if (m[kPrefix.size() + 5] != ']') return {};
  return m.substr(kPrefix.size(), 5);
}

}  // namespace contrail::pg
