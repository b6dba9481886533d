#pragma once
// pgvector's wire forms of `vector(n)`: binary (the COPY/binary-result form: int16 dimensions,
// int16 unused = 0, then float4[dim], all big-endian) and text ("[1,2.5,-3]", for parameters).
// Pure functions, safe on any thread.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace contrail::pg {

// pgvector accepts at most this many dimensions (VECTOR_MAX_DIM).
inline constexpr std::size_t kMaxVectorDimensions = 16'000;

// REQUIRES: v.size() <= kMaxVectorDimensions
std::string EncodeVectorBinary(std::span<const float> v);
// Appends the binary form to `out` (for COPY writers).
void AppendVectorBinary(std::span<const float> v, std::string& out);
// kInvalidArgument when the length does not match the dimension count.
core::Result<std::vector<float>> DecodeVectorBinary(std::string_view bytes);

// Shortest text that reads back to the same floats ("[1,0.5]").
std::string VectorText(std::span<const float> v);
// Parses "[1, 2.5,-3]" (spaces allowed). kInvalidArgument on anything else.
core::Result<std::vector<float>> ParseVectorText(std::string_view text);

}  // namespace contrail::pg
