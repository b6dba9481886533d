#pragma once
// Encodes rows in PostgreSQL's binary COPY format for `COPY t (cols…) FROM STDIN (FORMAT binary)`
// (https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.4): a header, then per row an
// int16 field count and per field an int32 length and the value's binary form (-1 = NULL), then
// an int16 -1 trailer. Every value must match its column's type exactly (binary COPY does not
// convert): Int4 for an `integer` column, Text for text/varchar, and so on.
// Money is stored as integer cents (bigint), never `numeric`, so it encodes as Int8.
//
//   pg::CopyWriter w;                 // writes the header
//   w.Row(3).Int8(1).Text("LAS").Date(day);
//   w.Finish();                       // the trailer; Connection::CopyIn calls it for you
//
// Not thread-safe. Connection::CopyIn sends data() in chunks and calls Clear() between them.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace contrail::pg {

// A chunk size worth sending at once: big enough to amortise a flush, small enough to stream.
inline constexpr std::size_t kCopyChunkBytes = 1 << 20;

class CopyWriter {
 public:
  CopyWriter();  // starts with the header

  // Starts a row of `fields` values; exactly that many value calls must follow.
  CopyWriter& Row(int fields);

  CopyWriter& Null();
  CopyWriter& Int2(std::int16_t v);
  CopyWriter& Int4(std::int32_t v);
  CopyWriter& Int8(std::int64_t v);
  CopyWriter& Float4(float v);
  CopyWriter& Float8(double v);
  CopyWriter& Bool(bool v);
  CopyWriter& Text(std::string_view v);  // text, varchar, char(n); UTF-8
  CopyWriter& Bytes(std::string_view v);  // bytea
  CopyWriter& Date(std::chrono::sys_days day);  // days since 2000-01-01
  CopyWriter& Timestamptz(std::chrono::sys_time<std::chrono::microseconds> t);  // µs since 2000-01-01 UTC
  CopyWriter& Jsonb(std::string_view json);  // version byte 1, then the JSON text
  CopyWriter& Vector(std::span<const float> v);  // pgvector `vector`
  CopyWriter& TextArray(std::span<const std::string> items);  // text[] (one dimension, no NULLs)

  // Appends the trailer. After it, only Clear() and data() are meaningful.
  void Finish();

  const std::string& data() const { return buf_; }
  std::size_t size() const { return buf_.size(); }
  // Drops the bytes already sent (keeps the capacity).
  void Clear() { buf_.clear(); }

 private:
  void Field(std::string_view bytes);
  void PutBe16(std::uint16_t v);
  void PutBe32(std::uint32_t v);
  void PutBe64(std::uint64_t v);

  std::string buf_;
};

}  // namespace contrail::pg
