#pragma once
// PromptExtractor: memory extraction by a configured chat model (memory.extraction_model), for
// when a provider is there to ask. The model reads the session (earlier messages as context, the
// new ones numbered) under a prompt that names the same slots, kinds and value formats as
// RuleExtractor (memory_extractor.h), and answers JSON:
//
//   {"memories": [{"slot": "budget_usd", "value": "500", "text": "Budget is $500 a person.",
//                  "correction": true, "source": 2}, …]}
//
// What it answers is checked slot by slot before it becomes a memory: an unknown slot, a value not
// in the slot's format ("LAS" for home_airport, "4,8" for kids_ages, digits for budget_usd, aisle |
// window | middle for seat …), or a source that is not one of the user's new messages is dropped,
// so a model's answer never writes what the rules could not. A model that fails (unreachable,
// an error, an answer that is not that JSON) is not retried: the batch is extracted by the
// fallback (the rules) and counted in contrail_memory_extraction_fallbacks_total, so memory keeps
// its lag through a provider's outage. Episodes are the fallback's (Summarize needs no model).

#include <boost/asio/awaitable.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "llm/chat_model.h"
#include "memory/extractor.h"

namespace contrail::flightly {

class PromptExtractor final : public memory::Extractor {
 public:
  // `model` (thread-safe, ChatModel's contract) and `fallback` must outlive the extractor.
  PromptExtractor(llm::ChatModel& model, const memory::Extractor& fallback);

  boost::asio::awaitable<core::Result<std::vector<memory::ExtractedMemory>>> Extract(
      std::span<const memory::MemoryEvent> earlier, std::span<const memory::MemoryEvent> events) const override;
  memory::ExtractedMemory Summarize(std::span<const memory::MemoryEvent> session) const override;

 private:
  llm::ChatModel& model_;
  const memory::Extractor& fallback_;
};

// The request PromptExtractor sends for `events` (after `earlier`): the system prompt and the
// numbered conversation. Exposed for tests.
llm::ChatRequest ExtractionRequest(std::string_view model_id, std::span<const memory::MemoryEvent> earlier,
                                   std::span<const memory::MemoryEvent> events);

// The memories in a model's answer `content`, checked as the header says; kUpstream when it is not
// the JSON asked for. `events` are those the request numbered.
core::Result<std::vector<memory::ExtractedMemory>> ParseExtraction(std::string_view content,
                                                                   std::span<const memory::MemoryEvent> events);

}  // namespace contrail::flightly
