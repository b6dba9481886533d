#include "pg/statement.h"

#include <bit>
#include <cstring>

#include "pg/vector.h"

namespace contrail::pg {
namespace {

template <typename T>
std::string BigEndian(T v) {
  auto u = std::bit_cast<std::make_unsigned_t<T>>(v);
  std::string out(sizeof(T), '\0');
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out[sizeof(T) - 1 - i] = static_cast<char>(u & 0xff);
    u = static_cast<decltype(u)>(u >> 8);
  }
  return out;
}

}  // namespace

Params& Params::Add(std::string bytes, Oid type, int format, bool is_null) {
  values_.push_back(std::move(bytes));
  types_.push_back(type);
  formats_.push_back(format);
  nulls_.push_back(is_null);
  return *this;
}

Params& Params::Null(Oid type) { return Add({}, type, 0, true); }
Params& Params::Text(std::string_view value, Oid type) { return Add(std::string(value), type, 0); }
Params& Params::Int(std::int64_t value) { return Add(BigEndian(value), oid::kInt8, 1); }
Params& Params::Int4(std::int32_t value) { return Add(BigEndian(value), oid::kInt4, 1); }
Params& Params::Float(double value) {
  return Add(BigEndian(std::bit_cast<std::int64_t>(value)), oid::kFloat8, 1);
}
Params& Params::Bool(bool value) { return Add(std::string(1, value ? '\1' : '\0'), oid::kBool, 1); }
Params& Params::Bytes(std::string_view value) { return Add(std::string(value), oid::kBytea, 1); }
Params& Params::Vector(std::span<const float> value) { return Add(EncodeVectorBinary(value), oid::kUnknown, 1); }

Params::View Params::view() const {
  View v;
  v.values.reserve(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) {
    v.values.push_back(nulls_[i] ? nullptr : values_[i].c_str());
    v.lengths.push_back(static_cast<int>(values_[i].size()));
  }
  v.formats = formats_;
  return v;
}

}  // namespace contrail::pg
