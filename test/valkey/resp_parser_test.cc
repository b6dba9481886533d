// valkey/resp_parser.h: RESP replies of every type, whole, split at every byte, and malformed.

#include "valkey/resp_parser.h"

#include <gtest/gtest.h>

#include <optional>
#include <utility>

namespace contrail::valkey {
namespace {

struct Case {
  std::string wire;
  std::string expected;  // DebugString of the reply
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"+OK\r\n", "OK"},
      {"-ERR wrong\r\n", "(error) ERR wrong"},
      {":42\r\n", "(integer) 42"},
      {":-7\r\n", "(integer) -7"},
      {"$5\r\nhello\r\n", "\"hello\""},
      {"$0\r\n\r\n", "\"\""},
      {"$-1\r\n", "(nil)"},
      {"*-1\r\n", "(nil)"},
      {"*0\r\n", "[]"},
      {"*2\r\n$1\r\na\r\n:1\r\n", "[\"a\", (integer) 1]"},
      {"*2\r\n*1\r\n+x\r\n$-1\r\n", "[[x], (nil)]"},
      {"$4\r\na\r\nb\r\n", "\"a\r\nb\""},  // binary-safe bulk string
  };
  return cases;
}

TEST(RespParserTest, ParsesEveryTypeWhole) {
  for (const Case& c : Cases()) {
    RespParser p;
    ASSERT_TRUE(p.Feed(c.wire.data(), c.wire.size()).ok());
    auto r = p.Next();
    ASSERT_TRUE(r.ok()) << c.wire;
    ASSERT_TRUE(r->has_value()) << c.wire;
    EXPECT_EQ(DebugString(**r), c.expected);
    auto none = p.Next();
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
  }
}

TEST(RespParserTest, ParsesInputSplitAtEveryByte) {
  for (const Case& c : Cases()) {
    for (std::size_t split = 0; split <= c.wire.size(); ++split) {
      RespParser p;
      ASSERT_TRUE(p.Feed(c.wire.data(), split).ok());
      auto first = p.Next();
      ASSERT_TRUE(first.ok());
      if (split < c.wire.size()) {
        EXPECT_FALSE(first->has_value()) << "complete too early: " << c.wire << " split " << split;
      }
      ASSERT_TRUE(p.Feed(c.wire.data() + split, c.wire.size() - split).ok());
      auto r = first->has_value() ? std::move(first) : p.Next();
      ASSERT_TRUE(r.ok() && r->has_value()) << c.wire << " split " << split;
      EXPECT_EQ(DebugString(**r), c.expected);
    }
  }
}

TEST(RespParserTest, ManyRepliesInOneFeedComeOutInOrder) {
  std::string wire;
  for (int i = 0; i < 100; ++i) {
    wire += ':';
    wire += std::to_string(i);
    wire += "\r\n";
  }
  RespParser p;
  ASSERT_TRUE(p.Feed(wire.data(), wire.size()).ok());
  for (int i = 0; i < 100; ++i) {
    auto r = p.Next();
    ASSERT_TRUE(r.ok() && r->has_value());
    EXPECT_EQ((*r)->integer, i);
  }
}

TEST(RespParserTest, ProtocolErrorIsReported) {
  for (std::string junk : {"?what\r\n", "$abc\r\n", ":12x\r\n"}) {
    RespParser p;
    ASSERT_TRUE(p.Feed(junk.data(), junk.size()).ok());
    auto r = p.Next();
    EXPECT_FALSE(r.ok()) << junk;
  }
}

TEST(RespParserTest, NestedArraysSplitAtEveryByte) {
  // [[a, [b, (nil)], []], 7] then +OK: arrays that end together and values after them.
  const std::string wire = "*2\r\n*3\r\n$1\r\na\r\n*2\r\n$1\r\nb\r\n$-1\r\n*0\r\n:7\r\n+OK\r\n";
  for (std::size_t split = 0; split <= wire.size(); ++split) {
    RespParser p;
    std::vector<std::string> got;
    for (auto [from, to] : {std::pair{std::size_t{0}, split}, std::pair{split, wire.size()}}) {
      ASSERT_TRUE(p.Feed(wire.data() + from, to - from).ok());
      for (;;) {
        auto r = p.Next();
        ASSERT_TRUE(r.ok()) << split;
        if (!r->has_value()) break;
        got.push_back(DebugString(**r));
      }
    }
    ASSERT_EQ(got.size(), 2u) << split;
    EXPECT_EQ(got[0], "[[\"a\", [\"b\", (nil)], []], (integer) 7]") << split;
    EXPECT_EQ(got[1], "OK");
  }
}

TEST(RespParserTest, LargeArrayArrivingInSmallReads) {
  std::string wire = "*10000\r\n";
  for (int i = 0; i < 10000; ++i) {
    std::string v = "value-" + std::to_string(i) + std::string(40, 'x');
    wire += "$" + std::to_string(v.size()) + "\r\n" + v + "\r\n";
  }
  RespParser p;
  std::optional<Reply> reply;
  for (std::size_t at = 0; at < wire.size(); at += 1000) {
    ASSERT_TRUE(p.Feed(wire.data() + at, std::min<std::size_t>(1000, wire.size() - at)).ok());
    auto r = p.Next();
    ASSERT_TRUE(r.ok());
    if (r->has_value()) reply = std::move(**r);
  }
  ASSERT_TRUE(reply.has_value());
  ASSERT_EQ(reply->elements.size(), 10000u);
  EXPECT_EQ(reply->elements[9999].str, "value-9999" + std::string(40, 'x'));
}

TEST(RespParserTest, RejectsWhatValkeyNeverSends) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "*1\r\n";
  for (std::string junk : {deep, std::string("$3\r\nabcd\r\n"), std::string("$-2\r\n"), std::string("*-5\r\n"),
                           std::string("+OK\rX"), std::string(70000, 'a')}) {
    RespParser p;
    ASSERT_TRUE(p.Feed(junk.data(), junk.size()).ok());
    EXPECT_FALSE(p.Next().ok()) << junk.substr(0, 20);
  }
}

}  // namespace
}  // namespace contrail::valkey
