// core::JsonWriter and AppendJsonEscaped: what the wire bodies are written with.

#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace contrail::core {
namespace {

TEST(JsonWriterTest, PlacesCommasBetweenMembersAndElementsAtEveryDepth) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("a").Int(1).Key("b").BeginArray().Int(2).BeginObject().EndObject().BeginArray().EndArray();
  w.String("x").EndArray().Key("c").BeginObject().Key("d").Null().EndObject().Key("e").Bool(false).EndObject();
  EXPECT_EQ(out, R"({"a":1,"b":[2,{},[],"x"],"c":{"d":null},"e":false})");
}

TEST(JsonWriterTest, EscapesStringsAndKeys) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("q\"k").String("a\"b\\c\nd\te\x01 ü 🌺").EndObject();
  EXPECT_EQ(out, "{\"q\\\"k\":\"a\\\"b\\\\c\\nd\\te\\u0001 ü 🌺\"}");
}

// Every byte that must be escaped, at every offset of an 8-byte step and next to bytes that
// must not (UTF-8's high bytes, the bytes just above the control range, the neighbours of '"'
// and '\\'), is escaped as the one-byte-at-a-time rule escapes it, and nothing else is.
TEST(JsonWriterTest, EscapesEveryByteThatNeedsItAtEveryOffset) {
  auto one_at_a_time = [](std::string_view text) {
    std::string out;
    for (unsigned char ch : text) {
      static const char kHex[] = "0123456789abcdef";
      if (ch == '"') out += "\\\"";
      else if (ch == '\\') out += "\\\\";
      else if (ch == '\n') out += "\\n";
      else if (ch == '\r') out += "\\r";
      else if (ch == '\t') out += "\\t";
      else if (ch < 0x20) out += std::string("\\u00") + kHex[ch >> 4] + kHex[ch & 0xf];
      else out += static_cast<char>(ch);
    }
    return out;
  };
  const std::string plain = "ab \x21#[]\x7f\xc3\xbc\xf0\x9f\x8c\xba\x80\xff\x20\x5b\x5d";
  std::vector<char> special = {'"', '\\', '\n', '\r', '\t', '\x00', '\x01', '\x1f'};
  for (std::size_t length = 0; length <= 40; ++length) {
    std::string base;
    for (std::size_t i = 0; i < length; ++i) base += plain[(i * 7) % plain.size()];
    std::string escaped;
    AppendJsonEscaped(escaped, base);
    EXPECT_EQ(escaped, one_at_a_time(base)) << "length " << length;
    for (std::size_t at = 0; at < length; ++at) {
      for (char c : special) {
        std::string text = base;
        text[at] = c;
        if (at + 3 < length) text[at + 3] = special[(at + static_cast<unsigned char>(c)) % special.size()];
        std::string got = "prefix";
        AppendJsonEscaped(got, text);
        EXPECT_EQ(got, "prefix" + one_at_a_time(text)) << "length " << length << " at " << at;
      }
    }
  }
}

TEST(JsonWriterTest, NumbersAndRawValues) {
  std::string out;
  JsonWriter w(out);
  w.BeginArray().Double(0.0025, 8).Double(1.0 / 3, 6).Int(-7).Raw(R"({"k":[1]})");
  w.Double(std::nan("")).Double(std::numeric_limits<double>::infinity()).EndArray();
  EXPECT_EQ(out, R"([0.0025,0.333333,-7,{"k":[1]},null,null])");
}

TEST(JsonWriterTest, AppendsToWhatIsThere) {
  std::string out = "data: ";
  JsonWriter(out).BeginObject().Key("n").Int(1).EndObject();
  EXPECT_EQ(out, R"(data: {"n":1})");
}

}  // namespace
}  // namespace contrail::core
