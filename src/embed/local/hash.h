#pragma once
// The hash functions of the local embedder (contrail-local). They define the model: changing any
// constant here changes every vector, so a change needs a new model id or a flushed embedding
// cache.

#include <cstdint>
#include <string_view>

#include "core/hash.h"

namespace contrail::embed::local {

// FNV-1a is core's (core/hash.h); the model's features are hashed with it.
using core::Fnv;
using core::FnvAdd;
using core::kFnvOffset;
using core::kFnvPrime;

// MurmurHash3's 64-bit finaliser: FNV alone leaves the low bits (the bucket) poorly mixed.
inline constexpr std::uint64_t Mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// An order-dependent combination of two hashes (a feature in a namespace, a phrase of tokens).
inline constexpr std::uint64_t Combine(std::uint64_t a, std::uint64_t b) {
  return Mix(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
}

}  // namespace contrail::embed::local
