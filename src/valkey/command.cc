#include "valkey/command.h"

#include <charconv>

namespace contrail::valkey {

void CommandBatch::AppendHeader(std::size_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  (void)ec;
  bytes_ += '*';
  bytes_.append(buf, end);
  bytes_ += "\r\n";
}

void CommandBatch::AppendBulk(std::string_view arg) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, arg.size());
  (void)ec;
  bytes_ += '$';
  bytes_.append(buf, end);
  bytes_ += "\r\n";
  bytes_ += arg;
  bytes_ += "\r\n";
}

CommandBatch& CommandBatch::Add(std::span<const std::string_view> args) {
  AppendHeader(args.size());
  for (std::string_view a : args) AppendBulk(a);
  ++count_;
  return *this;
}

CommandBatch& CommandBatch::Add(std::span<const std::string> args) {
  AppendHeader(args.size());
  for (const std::string& a : args) AppendBulk(a);
  ++count_;
  return *this;
}

}  // namespace contrail::valkey
