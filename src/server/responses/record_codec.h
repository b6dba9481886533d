#pragma once
// A stored response record (store.h) as the bytes Valkey keeps: smaller, because every byte a
// turn writes is paid for on the speed layer (read, copied, appended to the AOF, kept in memory),
// and a record repeats the same JSON in every turn.
//
// The compact form is the record with each run of a static table — the response object's
// constant members, an output and an input message's wrapping, the grounding sources' member
// names, the session state's — and the response's own id and its chain's session (the previous
// response's id, twice in a record, holds it) replaced by one control byte
// (0x01–0x1F), after a leading kCompactMark. JSON text never holds a raw control byte (RFC 8259
// §7: they are escaped in strings and not allowed elsewhere), so the compact form decodes
// unambiguously; a record that does hold one (it is not all JSON text: the turn's request id) is
// stored as it is. A record stored as it is begins with a digit (store.cc's "LEN:BYTES"), so both
// forms — and records written before this codec — read back.
//
// The table is part of the stored format: a change to it is a new mark, and ExpandRecord keeps
// reading the old one.

#include <optional>
#include <string>
#include <string_view>

namespace contrail::server::responses {

inline constexpr char kCompactMark = '~';

// `record` compacted; `id` (the response's id) and `session` (its chain's session) are replaced
// as well. REQUIRES: `record` does not begin with kCompactMark (store.cc's begin with a digit).
std::string CompactRecord(std::string_view record, std::string_view id, std::string_view session);

// CompactRecord's input back from `stored` and the same `id` and `session`; a record stored as it
// is comes back unchanged. nullopt when `stored` is compact but holds a byte no table entry has.
std::optional<std::string> ExpandRecord(std::string_view stored, std::string_view id, std::string_view session);

}  // namespace contrail::server::responses
