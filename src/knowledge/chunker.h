#pragma once
// Splits a parsed Document into the chunks that are embedded and searched. A chunk never crosses a
// `##` heading: each section is one chunk when it fits `max_chars`, else several, cut at paragraph,
// line (lists, tables) or sentence boundaries, where each chunk after the first repeats the last
// sentences of the one before (up to `overlap_chars`) so a fact on a boundary is whole in one of
// them. Pure functions, safe on any thread.

#include <string>
#include <vector>

#include "knowledge/document.h"

namespace contrail::knowledge {

struct ChunkOptions {
  std::size_t max_chars = 900;     // a chunk's text; a single longer sentence is cut at a space
  std::size_t overlap_chars = 160;  // carried over from the previous chunk of the same section
};

struct Chunk {
  int index = 0;        // 0-based, in document order
  std::string heading;  // the section's heading ("" before the first one)
  std::string text;
};

// REQUIRES: options.overlap_chars < options.max_chars
std::vector<Chunk> ChunkDocument(const Document& doc, const ChunkOptions& options = {});

// What gets embedded for a chunk: the document title and the heading give the chunk its context
// ("Miami … guide — Nightlife: …") so a short chunk still says what it is about.
std::string EmbeddingText(const Document& doc, const Chunk& chunk);

}  // namespace contrail::knowledge
