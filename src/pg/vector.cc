#include "pg/vector.h"

#include <bit>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace contrail::pg {

void AppendVectorBinary(std::span<const float> v, std::string& out) {
  auto put16 = [&out](std::uint16_t x) {
    out.push_back(static_cast<char>(x >> 8));
    out.push_back(static_cast<char>(x & 0xff));
  };
  put16(static_cast<std::uint16_t>(v.size()));
  put16(0);
  for (float f : v) {
    auto u = std::bit_cast<std::uint32_t>(f);
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((u >> shift) & 0xff));
  }
}

std::string EncodeVectorBinary(std::span<const float> v) {
  std::string out;
  out.reserve(4 + 4 * v.size());
  AppendVectorBinary(v, out);
  return out;
}

core::Result<std::vector<float>> DecodeVectorBinary(std::string_view bytes) {
  auto byte = [&bytes](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
  if (bytes.size() < 4) return core::InvalidArgument("vector: shorter than its header");
  std::size_t dim = (byte(0) << 8) | byte(1);
  if (bytes.size() != 4 + 4 * dim) return core::InvalidArgument("vector: length does not match its dimensions");
  std::vector<float> out(dim);
  for (std::size_t i = 0; i < dim; ++i) {
    std::size_t at = 4 + 4 * i;
    std::uint32_t u = (byte(at) << 24) | (byte(at + 1) << 16) | (byte(at + 2) << 8) | byte(at + 3);
    out[i] = std::bit_cast<float>(u);
  }
  return out;
}

std::string VectorText(std::span<const float> v) {
  std::string out = "[";
  char buf[32];
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out.push_back(',');
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v[i]);  // shortest round-trip form
    out.append(buf, end);
  }
  out.push_back(']');
  return out;
}

core::Result<std::vector<float>> ParseVectorText(std::string_view text) {
  auto skip_space = [&text](std::size_t i) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    return i;
  };
  std::size_t i = skip_space(0);
  if (i >= text.size() || text[i] != '[') return core::InvalidArgument("vector text: missing '['");
  std::vector<float> out;
  i = skip_space(i + 1);
  if (i < text.size() && text[i] == ']') {
    if (skip_space(i + 1) != text.size()) return core::InvalidArgument("vector text: junk after ']'");
    return out;
  }
  for (;;) {
    i = skip_space(i);
    if (i < text.size() && text[i] == '+') ++i;  // from_chars takes no '+'
    float f = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), f);
    if (ec != std::errc()) return core::InvalidArgument("vector text: bad number");
    out.push_back(f);
    i = skip_space(static_cast<std::size_t>(end - text.data()));
    if (i >= text.size()) return core::InvalidArgument("vector text: missing ']'");
    if (text[i] == ']') break;
    if (text[i] != ',') return core::InvalidArgument("vector text: expected ','");
    ++i;
  }
  if (skip_space(i + 1) != text.size()) return core::InvalidArgument("vector text: junk after ']'");
  if (out.size() > kMaxVectorDimensions) return core::InvalidArgument("vector text: too many dimensions");
  return out;
}

}  // namespace contrail::pg
