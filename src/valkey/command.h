#pragma once
// A batch of Valkey commands encoded as RESP arrays of bulk strings, sent in one write.
//
//   CommandBatch batch;
//   batch.Add({"HGETALL", profile_key}).Add({"LRANGE", msgs_key, "-20", "-1"});

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace contrail::valkey {

class CommandBatch {
 public:
  CommandBatch& Add(std::initializer_list<std::string_view> args) {
    return Add(std::span<const std::string_view>(args.begin(), args.size()));
  }
  CommandBatch& Add(std::span<const std::string_view> args);
  // The same for owned strings (RPUSH with many values).
  CommandBatch& Add(std::span<const std::string> args);

  int count() const { return count_; }
  bool empty() const { return count_ == 0; }
  const std::string& bytes() const { return bytes_; }
  std::string take_bytes() { return std::move(bytes_); }

 private:
  void AppendBulk(std::string_view arg);
  void AppendHeader(std::size_t n);

  std::string bytes_;
  int count_ = 0;
};

}  // namespace contrail::valkey
