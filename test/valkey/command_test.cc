// valkey/command.h: commands encoded as RESP arrays of bulk strings, batched in one buffer.

#include "valkey/command.h"

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

namespace contrail::valkey {
namespace {

TEST(CommandBatchTest, EncodesArraysOfBulkStrings) {
  CommandBatch b;
  b.Add({"SET", "k", "a b"}).Add({"GET", "k"});
  EXPECT_EQ(b.count(), 2);
  EXPECT_EQ(b.bytes(), "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\na b\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
  std::vector<std::string> owned = {"RPUSH", "l", std::string("x\r\ny")};
  CommandBatch c;
  c.Add(std::span<const std::string>(owned));
  EXPECT_EQ(c.bytes(), "*3\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$4\r\nx\r\ny\r\n");
}

}  // namespace
}  // namespace contrail::valkey
