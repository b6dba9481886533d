#pragma once
// FNV-1a (64-bit): a small hash that is the same on every machine, build and version (std::hash
// promises neither), for what must stay put: a user's event stream, the local embedder's features.

#include <cstdint>
#include <string_view>

namespace contrail::core {

inline constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;
inline constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

// One byte into an FNV-1a state: lets a text be hashed incrementally.
inline constexpr std::uint64_t FnvAdd(std::uint64_t h, unsigned char c) { return (h ^ c) * kFnvPrime; }

inline constexpr std::uint64_t Fnv(std::string_view s, std::uint64_t h = kFnvOffset) {
  for (char c : s) h = FnvAdd(h, static_cast<unsigned char>(c));
  return h;
}

}  // namespace contrail::core
