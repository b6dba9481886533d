#pragma once
// One entry of the semantic answer cache, and its durable form in Valkey (DESIGN.md §3):
//
//   sc:e:ID      hash: the entry's fields below; expires with the entry (PEXPIREAT)
//   sc:tag:TAG   set: the ids of the entries tagged TAG ("doc:faq/pets.md", "route:LAX-HNL", "live")
//   sc:log       stream: what happened to entries (put, del, tag, all), tailed by every instance
//
// An entry is immutable once written, except its hit counter (HINCRBY, off the hot path) and its
// verified threshold (semantic_cache.h).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/question_slots.h"

namespace contrail::valkey {
struct Reply;
class CommandBatch;
}  // namespace contrail::valkey

namespace contrail::cache {

// Who may be served an entry: anyone ("global"), or one user ("user:ID"). Answers that may not be
// cached at all (tool calls, transactions, errors, refusals, degraded turns) never become entries.
inline constexpr std::string_view kGlobalScope = "global";
std::string UserScope(std::string_view user);

struct AnswerEntry {
  std::string id;          // 16 lowercase hex digits
  std::string key;         // hash of the key material: model, prompt, tools, grounding settings
  std::string scope;       // kGlobalScope or UserScope(user)
  std::string query;       // the user's message as it was asked
  std::string standalone;  // the standalone query it is found by
  std::string answer;      // the assistant's reply
  std::string sources_json = "[]";  // the reply's sources, in the wire's "sources" shape
  std::string model;
  QuestionSlots slots;     // of `standalone`
  std::vector<float> vector;      // unit vector of `standalone`
  std::vector<std::string> tags;  // what invalidates it
  std::int64_t created_ms = 0;    // Unix ms
  std::int64_t expires_ms = 0;    // Unix ms
  double answer_seconds = 0;      // what answering it the slow way took: the time a hit saves
  double cost_usd = 0;            // what it cost: the dollars a hit saves
  std::optional<float> threshold;  // verified: the least similarity this entry is served at
  // A global answer known to come out the same with any profile: also served to callers with one.
  bool impersonal = false;
};

// Keys.
std::string EntryKey(std::string_view id);  // "sc:e:" + id
std::string TagKey(std::string_view tag);   // "sc:tag:" + tag
inline constexpr std::string_view kLogKey = "sc:log";

// A new entry id: 16 random lowercase hex digits.
std::string NewEntryId();

// True for an id NewEntryId() could have made (what DELETE /v1/cache accepts).
bool IsEntryId(std::string_view id);

// Adds the commands that store `entry` to `batch`: HSET of every field, PEXPIREAT, SADD to each
// tag's set (which lives as long as its longest entry), and the log record {op put, id, from}.
// `instance` names the writer, so it can skip its own records.
void AddPut(const AnswerEntry& entry, std::string_view instance, valkey::CommandBatch& batch);

// Reads an HGETALL reply of `sc:e:ID`; nullopt for a missing, expired or malformed entry (one
// written by another version is dropped, not served).
std::optional<AnswerEntry> ParseEntry(const valkey::Reply& hgetall);

}  // namespace contrail::cache
