// core::JsonWriter and AppendJsonEscaped: what the wire bodies are written with.

#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

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
