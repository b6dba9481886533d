// The event stream decoder and encoder: the published test vectors of the AWS SDKs' event stream
// codecs (aws-sdk-js-v3 eventstream-marshaller TestVectors.fixture, from aws-c-event-stream),
// round trips, every split of the input, and each kind of corruption.

#include "net/eventstream.h"

#include <gtest/gtest.h>

#include <initializer_list>

namespace contrail::net {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out += static_cast<char>(b);
  return out;
}

// Published vectors (encoded bytes exactly as in the fixture).
const std::string kEmptyMessage = Bytes({0, 0, 0, 16, 0, 0, 0, 0, 5, 194, 72, 235, 125, 152, 200, 255});
const std::string kInt32Header =
    Bytes({0,   0,   0,   43,  0,   0,   0,   14, 52,  139, 236, 123, 8,   101, 118,
           101, 110, 116, 45,  105, 100, 4,   0,  0,   160, 12,  123, 39,  102, 111,
           111, 39,  58,  39,  98,  97,  114, 39, 125, 211, 137, 2,   133});
const std::string kPayloadNoHeaders = Bytes({0,   0,  0,  29, 0,  0,   0,  0,   253, 82,
                                             140, 90, 123, 39, 102, 111, 111, 39, 58, 39,
                                             98,  97, 114, 39, 125, 195, 101, 57, 54});
const std::string kPayloadOneStrHeader =
    Bytes({0,   0,   0,   61,  0,   0,   0,   32,  7,   253, 131, 150, 12,  99,  111, 110,
           116, 101, 110, 116, 45,  116, 121, 112, 101, 7,   0,   16,  97,  112, 112, 108,
           105, 99,  97,  116, 105, 111, 110, 47,  106, 115, 111, 110, 123, 39,  102, 111,
           111, 39,  58,  39,  98,  97,  114, 39,  125, 141, 156, 8,   177});
const std::string kBody = "{'foo':'bar'}";

core::Result<std::vector<EventMessage>> DecodeAll(std::string_view bytes) {
  EventStreamDecoder d;
  std::vector<EventMessage> out;
  if (core::Status s = d.Feed(bytes, out); !s) return s.error();
  if (d.buffered() != 0) return core::Internal("left over: " + std::to_string(d.buffered()));
  return out;
}

TEST(EventStreamTest, DecodesThePublishedVectors) {
  auto empty = DecodeAll(kEmptyMessage);
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  ASSERT_EQ(empty->size(), 1u);
  EXPECT_TRUE((*empty)[0].headers.empty());
  EXPECT_TRUE((*empty)[0].payload.empty());

  auto no_headers = DecodeAll(kPayloadNoHeaders);
  ASSERT_TRUE(no_headers.ok()) << no_headers.error().message;
  EXPECT_EQ((*no_headers)[0].payload, kBody);

  auto str = DecodeAll(kPayloadOneStrHeader);
  ASSERT_TRUE(str.ok()) << str.error().message;
  EXPECT_EQ((*str)[0].string_header("content-type"), "application/json");
  EXPECT_EQ((*str)[0].payload, kBody);

  auto int32 = DecodeAll(kInt32Header);
  ASSERT_TRUE(int32.ok()) << int32.error().message;
  ASSERT_EQ((*int32)[0].headers.size(), 1u);
  EXPECT_EQ((*int32)[0].headers[0].name, "event-id");
  EXPECT_EQ((*int32)[0].headers[0].type, EventHeaderType::kInt32);
  EXPECT_EQ((*int32)[0].headers[0].integer, 0xa00c);
  EXPECT_EQ((*int32)[0].payload, kBody);
}

TEST(EventStreamTest, EncoderReproducesThePublishedBytes) {
  EXPECT_EQ(EncodeEventMessage({}), kEmptyMessage);
  EXPECT_EQ(EncodeEventMessage({{}, kBody}), kPayloadNoHeaders);
  EXPECT_EQ(EncodeEventMessage({{EventHeader::String("content-type", "application/json")}, kBody}),
            kPayloadOneStrHeader);
  EventHeader id;
  id.name = "event-id";
  id.type = EventHeaderType::kInt32;
  id.integer = 0xa00c;
  EXPECT_EQ(EncodeEventMessage({{id}, kBody}), kInt32Header);
}

TEST(EventStreamTest, PublishedCorruptVectorsFail) {
  // corrupted_headers ('-' → '+' in the header name): only the message CRC notices.
  std::string headers = kPayloadOneStrHeader;
  headers[20] = 43;
  // corrupted_header_len and corrupted_length: the prelude CRC notices.
  std::string header_len = kPayloadOneStrHeader;
  header_len[6] = 1;
  std::string length = kPayloadNoHeaders;
  length[0] = 1;
  // corrupted_payload.
  std::string payload = kPayloadNoHeaders;
  payload[24] = static_cast<char>(141);
  const std::vector<std::pair<std::string, std::string>> cases = {{headers, "message CRC mismatch"},
                                                                  {header_len, "prelude CRC mismatch"},
                                                                  {length, "prelude CRC mismatch"},
                                                                  {payload, "message CRC mismatch"}};
  for (const auto& [bytes, want] : cases) {
    auto r = DecodeAll(bytes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, core::Code::kUpstream);
    EXPECT_NE(r.error().message.find(want), std::string::npos) << r.error().message;
  }
}

EventMessage EveryHeaderType() {
  EventMessage m;
  auto add = [&](const char* name, EventHeaderType type, std::int64_t integer, std::string bytes = "") {
    EventHeader h;
    h.name = name;
    h.type = type;
    h.integer = integer;
    h.bytes = std::move(bytes);
    m.headers.push_back(std::move(h));
  };
  add("t", EventHeaderType::kTrue, 1);
  add("f", EventHeaderType::kFalse, 0);
  add("byte", EventHeaderType::kByte, -7);
  add("i16", EventHeaderType::kInt16, -300);
  add("i32", EventHeaderType::kInt32, 70000);
  add("i64", EventHeaderType::kInt64, -5'000'000'000LL);
  add("bytes", EventHeaderType::kBytes, 0, std::string("\0\x01\xff", 3));
  add(":event-type", EventHeaderType::kString, 0, "contentBlockDelta");
  add("ts", EventHeaderType::kTimestamp, 0, "");
  m.headers.back().integer = 1'700'000'000'123LL;
  add("id", EventHeaderType::kUuid, 0, std::string("0123456789abcdef"));
  m.payload = R"({"contentBlockIndex":0,"delta":{"text":"Hello"}})";
  return m;
}

void ExpectSame(const EventMessage& a, const EventMessage& b) {
  ASSERT_EQ(a.headers.size(), b.headers.size());
  for (std::size_t i = 0; i < a.headers.size(); ++i) {
    EXPECT_EQ(a.headers[i].name, b.headers[i].name);
    EXPECT_EQ(a.headers[i].type, b.headers[i].type);
    EXPECT_EQ(a.headers[i].integer, b.headers[i].integer) << a.headers[i].name;
    EXPECT_EQ(a.headers[i].bytes, b.headers[i].bytes) << a.headers[i].name;
  }
  EXPECT_EQ(a.payload, b.payload);
}

TEST(EventStreamTest, RoundTripsEveryHeaderType) {
  const EventMessage m = EveryHeaderType();
  auto r = DecodeAll(EncodeEventMessage(m));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  ExpectSame((*r)[0], m);
  EXPECT_EQ((*r)[0].string_header(":event-type"), "contentBlockDelta");
  EXPECT_EQ((*r)[0].string_header("missing"), "");
}

TEST(EventStreamTest, FeedSplitAtEveryByteYieldsTheSameMessages) {
  const EventMessage m = EveryHeaderType();
  const std::string wire = EncodeEventMessage(m) + kPayloadOneStrHeader + EncodeEventMessage(m);
  for (std::size_t split = 0; split <= wire.size(); ++split) {
    EventStreamDecoder d;
    std::vector<EventMessage> out;
    ASSERT_TRUE(d.Feed(std::string_view(wire).substr(0, split), out).ok()) << split;
    ASSERT_TRUE(d.Feed(std::string_view(wire).substr(split), out).ok()) << split;
    ASSERT_EQ(out.size(), 3u) << split;
    EXPECT_EQ(d.buffered(), 0u);
    ExpectSame(out[2], m);
    EXPECT_EQ(out[1].payload, kBody);
  }
  // One byte at a time.
  EventStreamDecoder d;
  std::vector<EventMessage> out;
  for (char c : wire) ASSERT_TRUE(d.Feed(std::string_view(&c, 1), out).ok());
  EXPECT_EQ(out.size(), 3u);
}

TEST(EventStreamTest, SeveralMessagesInOneChunk) {
  std::string wire;
  for (int i = 0; i < 5; ++i) wire += EncodeEventMessage({{}, "m" + std::to_string(i)});
  wire += kEmptyMessage.substr(0, 7);  // and the start of a sixth
  EventStreamDecoder d;
  std::vector<EventMessage> out;
  ASSERT_TRUE(d.Feed(wire, out).ok());
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[4].payload, "m4");
  EXPECT_EQ(d.buffered(), 7u);
  ASSERT_TRUE(d.Feed(kEmptyMessage.substr(7), out).ok());
  EXPECT_EQ(out.size(), 6u);
}

// IEEE CRC32, bit by bit: an independent check of the codec's zlib CRCs.
std::uint32_t Crc32(std::string_view data) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char ch : data) {
    crc ^= ch;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xffffffffu;
}

void AppendBE32(std::string& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// A prelude with these lengths and a correct CRC, so only the length checks can object.
std::string WithLengths(std::uint32_t total, std::uint32_t headers_len) {
  std::string prelude;
  AppendBE32(prelude, total);
  AppendBE32(prelude, headers_len);
  AppendBE32(prelude, Crc32(prelude));
  return prelude;
}

TEST(EventStreamTest, RejectsBadLengthsWithAMessageSayingWhy) {
  struct Case {
    std::string bytes;
    const char* want;
  };
  const Case cases[] = {
      {WithLengths(8, 0), "below the minimum"},
      {WithLengths(EventStreamDecoder::kMaxMessage + 1, 0), "exceeds the 16 MiB limit"},
      {WithLengths(40, 30), "does not fit"},
  };
  for (const Case& c : cases) {
    EventStreamDecoder d;
    std::vector<EventMessage> out;
    core::Status s = d.Feed(c.bytes, out);
    ASSERT_FALSE(s.ok()) << c.want;
    EXPECT_EQ(s.error().code, core::Code::kUpstream);
    EXPECT_NE(s.error().message.find(c.want), std::string::npos) << s.error().message;
    // The decoder stays failed.
    EXPECT_FALSE(d.Feed(kEmptyMessage, out).ok());
  }
}

TEST(EventStreamTest, RejectsAnUnknownHeaderType) {
  EventHeader h = EventHeader::String("x", "v");
  std::string wire = EncodeEventMessage({{h}, ""});
  // The type byte follows the prelude (12), the name length (1) and the name (1); the message CRC
  // is recomputed so that only the type check can object.
  wire[14] = 42;
  wire.resize(wire.size() - 4);
  AppendBE32(wire, Crc32(wire));
  auto r = DecodeAll(wire);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unknown type 42"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace contrail::net
