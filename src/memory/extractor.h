#pragma once
// Extraction: what a conversation says about its traveller that is worth remembering across
// sessions (long-term memory, memory_records). The memory worker asks an Extractor about each
// session's new events; the domain implements it (flightly's rule-based extractor, built on its
// slots, is the offline default; with a provider configured, an extraction prompt).
//
// A remembered value is keyed by a `slot` in the profile's vocabulary ("budget_usd",
// "home_airport", "kids_ages", "avoid_airlines", …) with the value in the profile's format, so a
// recalled memory reads like a profile field. A new value of a slot supersedes the current one
// (the old is kept as history); a `merge` value (a list slot, such as airlines to avoid) is added
// to the current list instead. An empty value withdraws the slot ("forget my diet", "I'm not
// vegetarian anymore"): it supersedes the current value, and nothing is recalled for the slot.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "memory/memory_event.h"

namespace contrail::memory {

// What memory_records.kind says.
inline constexpr std::string_view kFact = "fact";              // "has two kids, 4 and 8"
inline constexpr std::string_view kPreference = "preference";  // "prefers an aisle seat"
inline constexpr std::string_view kEpisode = "episode";        // what one session was about
inline constexpr std::string_view kSummary = "summary";        // a summary across sessions

struct ExtractedMemory {
  std::string kind;   // kFact | kPreference | kEpisode | kSummary
  std::string slot;   // the profile field it sets; "episode" for a session's summary
  std::string value;  // in the profile's format: "300", "LAS", "4,8", "United Airlines"; "" withdraws
  std::string text;   // one sentence a person (or a model) reads: "Budget is $300 a person."
  bool merge = false; // a list slot: the value joins the current list instead of replacing it
  bool correction = false;  // the traveller corrected an earlier value ("actually, $500")
  // The events it came from: indexes into the `events` passed to Extract.
  std::vector<std::size_t> sources;
};

class Extractor {
 public:
  virtual ~Extractor() = default;

  // The memories that `events` (a session's new events, in order) state about the traveller.
  // `earlier` are the session's events before them (oldest first; possibly only the last few),
  // to resolve references such as "avoid that airline". Only what the user said is a memory;
  // the assistant's messages are context. kUnavailable / kUpstream when a model behind it fails
  // (the worker retries the batch).
  virtual boost::asio::awaitable<core::Result<std::vector<ExtractedMemory>>> Extract(
      std::span<const MemoryEvent> earlier, std::span<const MemoryEvent> events) const = 0;

  // One sentence on what the session (every event given, oldest first) was about: its episode
  // (kind kEpisode, slot "episode"), or an empty text when there is nothing to summarise.
  virtual ExtractedMemory Summarize(std::span<const MemoryEvent> session) const = 0;
};

}  // namespace contrail::memory
