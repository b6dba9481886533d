#pragma once
// The chat turn's side of the semantic answer cache (cache/semantic_cache.h): what a turn's
// answers are keyed by, which requests the cache can serve, and how two answers to the same
// question are compared when a hit is verified. The turn's stages that use them are in
// turn_cache.cc.

#include <string>
#include <string_view>
#include <vector>

#include "cache/question_slots.h"
#include "core/config.h"
#include "llm/chat_model.h"
#include "server/chat/request.h"

namespace contrail::flightly {
struct KnowledgeNeed;
}

namespace contrail::server::chat {

// The hash of everything that shapes an answer besides the question: the model, the system
// prompt, the grounding settings, and the request's sampling fields and tools. Answers are only
// served to turns with the same key material: another model or prompt never hits. A built-in
// model's code is the model: its answers hold for this build only (core::BuildId).
std::string AnswerKeyMaterial(const core::Config& config, const llm::ChatModel& model,
                              const ChatCompletionRequest& request);

// False for requests the cache cannot answer: ones that offer tools or carry tool calls and
// results (their answers depend on what the tools returned).
bool CacheableRequest(const ChatCompletionRequest& request);

// True when the request's messages hold a conversation before its last user message: what the
// model answers may lean on it.
bool HasPriorConversation(const ChatCompletionRequest& request);

// Flightly's slots of a question (flightly/cache_slots.h): the one extractor the cache uses.
const cache::SlotExtractor& QuestionSlotsOf();

// True when the two plans look up the same things (knowledge, fares and hotels for the same
// places, months, budgets and party).
bool SameNeed(const flightly::KnowledgeNeed& a, const flightly::KnowledgeNeed& b);

// True when two answers say the same: equal after case and spacing are folded.
bool SameAnswerText(std::string_view a, std::string_view b);
// True when two answers lead with the same paragraph (the same test, citation numbers aside: "[1]"
// and "[3]" quote the same passage when the sources came in another order): what a grounded
// answer answers, before the passages it adds for context.
bool SameAnswerLead(std::string_view a, std::string_view b);

// The tags that invalidate an answer: "knowledge" and "doc:ID" per source document when it was
// grounded in documents (contrail ingest drops a changed document's, and all of them when one is
// added), and "live" plus
// "route:ORIGIN-DESTINATION" (or "place:DESTINATION") when it quoted live fares or rooms.
std::vector<std::string> AnswerTags(const std::vector<llm::Source>& sources, const flightly::KnowledgeNeed& need,
                                    bool quoted_live_facts);

}  // namespace contrail::server::chat
