#include "pg/copy.h"

#include <bit>

#include "pg/vector.h"

namespace contrail::pg {
namespace {

using namespace std::chrono;
// PostgreSQL's epoch for date and timestamp values.
constexpr sys_days kPgEpoch = sys_days(year{2000} / January / 1);

}  // namespace

CopyWriter::CopyWriter() {
  buf_.reserve(kCopyChunkBytes + 64 * 1024);
  static constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // 11 bytes with the final NUL
  buf_.append(kSignature, 11);
  PutBe32(0);  // flags: no OIDs
  PutBe32(0);  // header extension length
}

void CopyWriter::PutBe16(std::uint16_t v) {
  buf_.push_back(static_cast<char>(v >> 8));
  buf_.push_back(static_cast<char>(v & 0xff));
}
void CopyWriter::PutBe32(std::uint32_t v) {
  PutBe16(static_cast<std::uint16_t>(v >> 16));
  PutBe16(static_cast<std::uint16_t>(v & 0xffff));
}
void CopyWriter::PutBe64(std::uint64_t v) {
  PutBe32(static_cast<std::uint32_t>(v >> 32));
  PutBe32(static_cast<std::uint32_t>(v & 0xffffffff));
}

void CopyWriter::Field(std::string_view bytes) {
  PutBe32(static_cast<std::uint32_t>(bytes.size()));
  buf_.append(bytes);
}

CopyWriter& CopyWriter::Row(int fields) {
  PutBe16(static_cast<std::uint16_t>(fields));
  return *this;
}
CopyWriter& CopyWriter::Null() {
  PutBe32(0xffffffff);  // -1
  return *this;
}
CopyWriter& CopyWriter::Int2(std::int16_t v) {
  PutBe32(2);
  PutBe16(static_cast<std::uint16_t>(v));
  return *this;
}
CopyWriter& CopyWriter::Int4(std::int32_t v) {
  PutBe32(4);
  PutBe32(static_cast<std::uint32_t>(v));
  return *this;
}
CopyWriter& CopyWriter::Int8(std::int64_t v) {
  PutBe32(8);
  PutBe64(static_cast<std::uint64_t>(v));
  return *this;
}
CopyWriter& CopyWriter::Float4(float v) {
  PutBe32(4);
  PutBe32(std::bit_cast<std::uint32_t>(v));
  return *this;
}
CopyWriter& CopyWriter::Float8(double v) {
  PutBe32(8);
  PutBe64(std::bit_cast<std::uint64_t>(v));
  return *this;
}
CopyWriter& CopyWriter::Bool(bool v) {
  PutBe32(1);
  buf_.push_back(v ? '\1' : '\0');
  return *this;
}
CopyWriter& CopyWriter::Text(std::string_view v) {
  Field(v);
  return *this;
}
CopyWriter& CopyWriter::Bytes(std::string_view v) {
  Field(v);
  return *this;
}
CopyWriter& CopyWriter::Date(sys_days day) {
  return Int4(static_cast<std::int32_t>((day - kPgEpoch).count()));
}
CopyWriter& CopyWriter::Timestamptz(sys_time<microseconds> t) {
  return Int8((t - time_point_cast<microseconds>(sys_time<microseconds>(kPgEpoch))).count());
}
CopyWriter& CopyWriter::Jsonb(std::string_view json) {
  PutBe32(static_cast<std::uint32_t>(json.size() + 1));
  buf_.push_back('\1');  // jsonb binary format version
  buf_.append(json);
  return *this;
}
CopyWriter& CopyWriter::Vector(std::span<const float> v) {
  PutBe32(static_cast<std::uint32_t>(4 + 4 * v.size()));
  AppendVectorBinary(v, buf_);
  return *this;
}
CopyWriter& CopyWriter::TextArray(std::span<const std::string> items) {
  // array_send: ndim, has-nulls flag, element type, then (size, lower bound) per dimension.
  std::size_t length = 20;
  for (const auto& s : items) length += 4 + s.size();
  if (items.empty()) length = 12;  // an empty array has no dimensions
  PutBe32(static_cast<std::uint32_t>(length));
  PutBe32(items.empty() ? 0 : 1);
  PutBe32(0);
  PutBe32(25);  // text
  if (items.empty()) return *this;
  PutBe32(static_cast<std::uint32_t>(items.size()));
  PutBe32(1);
  for (const auto& s : items) Field(s);
  return *this;
}

void CopyWriter::Finish() { PutBe16(0xffff); }

}  // namespace contrail::pg
