#pragma once
// What the fuzz targets share. FUZZ_CHECK asserts a property beyond "no crash": it holds in every
// build (assert() is compiled out of the RelWithDebInfo fuzz build) and aborts naming the
// condition and its place, so libFuzzer saves the input that broke it as a crash-… file.
// FeedInPieces and SplitPoint drive the incremental parsers, which must give the same result
// however a socket splits their input. IsUtf8 is the property of text bound for PostgreSQL.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace contrail::fuzz {

[[noreturn]] inline void CheckFailed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", file, line, condition);
  std::abort();
}

// Calls feed(piece) with a first piece of `first` bytes (skipped when 0), then pieces of `piece`
// bytes (the last may be shorter), until the bytes are all fed or feed returns false.
// REQUIRES: piece > 0.
template <class Feed>
void FeedInPieces(std::string_view bytes, std::size_t first, std::size_t piece, Feed&& feed) {
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t n = std::min(pos == 0 && first > 0 ? first : piece, bytes.size() - pos);
    if (!feed(bytes.substr(pos, n))) return;
    pos += n;
  }
}

// A point in [0, size) that the input picks (from its first and last bytes), so the fuzzer
// explores where to split along with what to split; 0 for an empty input.
inline std::size_t SplitPoint(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? 0 : (data[0] * 31u + data[size - 1]) % size;
}

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
inline bool IsUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    // The sequence's length from its lead byte; 0 for a byte that cannot lead (C0, C1: overlong).
    const std::size_t length = lead < 0x80                  ? 1
                               : lead >= 0xC2 && lead <= 0xDF ? 2
                               : lead >= 0xE0 && lead <= 0xEF ? 3
                               : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                              : 0;
    if (length == 0 || text.size() - i < length) return false;
    std::uint32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3F);
    }
    static constexpr std::uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kLeast[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

}  // namespace contrail::fuzz

#define FUZZ_CHECK(condition) \
  ((condition) ? static_cast<void>(0) : ::contrail::fuzz::CheckFailed(#condition, __FILE__, __LINE__))
