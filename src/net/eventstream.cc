#include "net/eventstream.h"

#include <zlib.h>

namespace contrail::net {
namespace {

constexpr std::size_t kPreludeSize = 12;  // total length, headers length, prelude CRC
constexpr std::size_t kMinMessage = kPreludeSize + 4;

std::uint32_t Crc32(std::string_view data, std::uint32_t crc = 0) {
  return static_cast<std::uint32_t>(
      crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

std::uint64_t ReadBE(std::string_view data, std::size_t pos, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(data[pos + i]);
  return v;
}

void WriteBE(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// Width of a fixed-size value, 0 for the length-prefixed ones, -1 for an unknown type.
int FixedWidth(std::uint8_t type) {
  switch (static_cast<EventHeaderType>(type)) {
    case EventHeaderType::kTrue:
    case EventHeaderType::kFalse: return 0;
    case EventHeaderType::kByte: return 1;
    case EventHeaderType::kInt16: return 2;
    case EventHeaderType::kInt32: return 4;
    case EventHeaderType::kInt64:
    case EventHeaderType::kTimestamp: return 8;
    case EventHeaderType::kUuid: return 16;
    case EventHeaderType::kBytes:
    case EventHeaderType::kString: return 0;
  }
  return -1;
}

std::int64_t SignExtend(std::uint64_t v, int bytes) {
  const int shift = 64 - 8 * bytes;
  return static_cast<std::int64_t>(v << shift) >> shift;
}

core::Status ParseHeaders(std::string_view data, std::vector<EventHeader>& out) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    const std::size_t name_len = static_cast<unsigned char>(data[pos++]);
    if (name_len == 0 || pos + name_len + 1 > data.size()) {
      return core::Upstream("event stream: header name runs past the headers");
    }
    EventHeader h;
    h.name = std::string(data.substr(pos, name_len));
    pos += name_len;
    const auto type = static_cast<std::uint8_t>(data[pos++]);
    const int width = FixedWidth(type);
    if (width < 0) {
      return core::Upstream("event stream: header " + h.name + " has unknown type " + std::to_string(type));
    }
    h.type = static_cast<EventHeaderType>(type);
    if (h.type == EventHeaderType::kTrue || h.type == EventHeaderType::kFalse) {
      h.integer = h.type == EventHeaderType::kTrue ? 1 : 0;
    } else if (h.type == EventHeaderType::kBytes || h.type == EventHeaderType::kString) {
      if (pos + 2 > data.size()) return core::Upstream("event stream: header " + h.name + " is cut off");
      const std::size_t len = ReadBE(data, pos, 2);
      pos += 2;
      if (pos + len > data.size()) return core::Upstream("event stream: header " + h.name + " runs past the headers");
      h.bytes = std::string(data.substr(pos, len));
      pos += len;
    } else {
      if (pos + width > data.size()) return core::Upstream("event stream: header " + h.name + " is cut off");
      if (h.type == EventHeaderType::kUuid) {
        h.bytes = std::string(data.substr(pos, width));
      } else {
        h.integer = SignExtend(ReadBE(data, pos, width), width);
      }
      pos += width;
    }
    out.push_back(std::move(h));
  }
  return core::Ok();
}

std::string Hex32(std::uint32_t v) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

// Decodes the message at the start of `data`: its size when complete, 0 when more bytes are needed.
core::Result<std::size_t> DecodeOne(std::string_view data, std::vector<EventMessage>& out) {
  if (data.size() < kPreludeSize) return std::size_t{0};
  const std::uint32_t prelude_crc = static_cast<std::uint32_t>(ReadBE(data, 8, 4));
  if (const std::uint32_t want = Crc32(data.substr(0, 8)); want != prelude_crc) {
    return core::Upstream("event stream: prelude CRC mismatch (got " + Hex32(prelude_crc) + ", computed " +
                          Hex32(want) + ")");
  }
  const std::size_t total = ReadBE(data, 0, 4);
  const std::size_t headers_len = ReadBE(data, 4, 4);
  if (total < kMinMessage) {
    return core::Upstream("event stream: message length " + std::to_string(total) + " is below the minimum of 16");
  }
  if (total > EventStreamDecoder::kMaxMessage) {
    return core::Upstream("event stream: message of " + std::to_string(total) + " bytes exceeds the 16 MiB limit");
  }
  if (headers_len > total - kMinMessage) {
    return core::Upstream("event stream: headers length " + std::to_string(headers_len) +
                          " does not fit in a message of " + std::to_string(total) + " bytes");
  }
  if (data.size() < total) return std::size_t{0};
  const std::uint32_t message_crc = static_cast<std::uint32_t>(ReadBE(data, total - 4, 4));
  if (const std::uint32_t want = Crc32(data.substr(0, total - 4)); want != message_crc) {
    return core::Upstream("event stream: message CRC mismatch (got " + Hex32(message_crc) + ", computed " +
                          Hex32(want) + ")");
  }
  EventMessage message;
  CONTRAIL_TRY_STATUS(ParseHeaders(data.substr(kPreludeSize, headers_len), message.headers));
  message.payload = std::string(data.substr(kPreludeSize + headers_len, total - kMinMessage - headers_len));
  out.push_back(std::move(message));
  return total;
}

}  // namespace

EventHeader EventHeader::String(std::string name, std::string value) {
  EventHeader h;
  h.name = std::move(name);
  h.type = EventHeaderType::kString;
  h.bytes = std::move(value);
  return h;
}

std::string_view EventMessage::string_header(std::string_view name) const {
  for (const EventHeader& h : headers) {
    if (h.name == name && h.type == EventHeaderType::kString) return h.bytes;
  }
  return {};
}

core::Status EventStreamDecoder::Feed(std::string_view bytes, std::vector<EventMessage>& out) {
  if (failed_) return core::Upstream("event stream: decoder failed earlier");
  // Whole messages per read are the common case: decode them straight from `bytes` and buffer only
  // a trailing partial message. A buffer is trimmed only when a message completes, so a large
  // message arriving in many reads is not copied over and over.
  const bool from_buffer = !buffer_.empty();
  if (from_buffer) buffer_.append(bytes);
  std::string_view data = from_buffer ? std::string_view(buffer_) : bytes;
  std::size_t pos = 0;
  while (pos < data.size()) {
    auto used = DecodeOne(data.substr(pos), out);
    if (!used) {
      failed_ = true;
      return std::move(used).error();
    }
    if (*used == 0) break;
    pos += *used;
  }
  if (from_buffer) {
    buffer_.erase(0, pos);
  } else {
    buffer_.assign(data.substr(pos));
  }
  return core::Ok();
}

std::string EncodeEventMessage(const EventMessage& message) {
  std::string headers;
  for (const EventHeader& h : message.headers) {
    headers += static_cast<char>(h.name.size());
    headers += h.name;
    headers += static_cast<char>(h.type);
    const int width = FixedWidth(static_cast<std::uint8_t>(h.type));
    if (h.type == EventHeaderType::kBytes || h.type == EventHeaderType::kString) {
      WriteBE(headers, h.bytes.size(), 2);
      headers += h.bytes;
    } else if (h.type == EventHeaderType::kUuid) {
      std::string uuid = h.bytes;
      uuid.resize(16, '\0');
      headers += uuid;
    } else if (width > 0) {
      WriteBE(headers, static_cast<std::uint64_t>(h.integer), width);
    }
  }
  const std::size_t total = kMinMessage + headers.size() + message.payload.size();
  std::string out;
  out.reserve(total);
  WriteBE(out, total, 4);
  WriteBE(out, headers.size(), 4);
  WriteBE(out, Crc32(out), 4);
  out += headers;
  out += message.payload;
  WriteBE(out, Crc32(out), 4);
  return out;
}

}  // namespace contrail::net
