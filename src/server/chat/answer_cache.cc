#include "server/chat/answer_cache.h"

#include <boost/json.hpp>
#include <cctype>
#include <map>

#include "cache/canonical_json.h"
#include "core/build_id.h"
#include "flightly/cache_slots.h"
#include "flightly/grounding.h"
#include "flightly/prompt.h"

namespace contrail::server::chat {

namespace {

boost::json::value Optional(const std::optional<double>& v) { return v ? boost::json::value(*v) : nullptr; }
boost::json::value Optional(const std::optional<int>& v) { return v ? boost::json::value(*v) : nullptr; }
boost::json::value Optional(const std::optional<std::int64_t>& v) { return v ? boost::json::value(*v) : nullptr; }

}  // namespace

std::string AnswerKeyMaterial(const core::Config& config, const llm::ChatModel& model,
                              const ChatCompletionRequest& request) {
  const std::string& model_id = model.id();
  // Most requests set no sampling field: their key is the model's, computed once per thread.
  const bool plain = !request.max_tokens && !request.temperature && !request.top_p && !request.presence_penalty &&
                     !request.frequency_penalty && !request.seed && request.stop.empty();
  const core::KnowledgeConfig& kc = config.knowledge;
  std::string memo;
  if (plain) {
    memo.append(model_id).append(config.chat.grounding ? "|g|" : "|-|");
    for (int v : {kc.top_k, kc.rerank_candidates, kc.candidates, kc.rrf_k}) memo.append(std::to_string(v)).append("|");
  }
  thread_local std::map<std::string, std::string, std::less<>> plain_keys;
  if (auto it = plain_keys.find(memo); plain && it != plain_keys.end()) return it->second;
  // The prompt every turn starts from (a profile only adds to it, and makes the answer personal).
  static const std::string prompt = cache::KeyHash(flightly::SystemPrompt({}));
  const core::KnowledgeConfig& k = config.knowledge;
  boost::json::array stop;
  for (const std::string& s : request.stop) stop.emplace_back(s);
  boost::json::object material{
      {"model", model_id},
      {"prompt", prompt},
      {"version", model.built_in() ? core::BuildId() : std::string(CONTRAIL_VERSION)},
      {"grounding", config.chat.grounding},
      {"knowledge", boost::json::array{k.top_k, k.rerank_candidates, k.candidates, k.rrf_k}},
      {"max_tokens", Optional(request.max_tokens)},
      {"temperature", Optional(request.temperature)},
      {"top_p", Optional(request.top_p)},
      {"presence_penalty", Optional(request.presence_penalty)},
      {"frequency_penalty", Optional(request.frequency_penalty)},
      {"seed", Optional(request.seed)},
      {"stop", std::move(stop)}};
  std::string key = cache::KeyHash(cache::CanonicalJson(material));
  if (plain && plain_keys.size() < 64) plain_keys.emplace(std::move(memo), key);
  return key;
}

bool CacheableRequest(const ChatCompletionRequest& request) {
  if (!request.tools.empty() || !request.server_tools.empty()) return false;
  for (const llm::Message& m : request.messages) {
    if (m.role == llm::Role::kTool || !m.tool_calls.empty()) return false;
  }
  return true;
}

bool HasPriorConversation(const ChatCompletionRequest& request) {
  int turns = 0;
  for (const llm::Message& m : request.messages) turns += m.role == llm::Role::kUser || m.role == llm::Role::kAssistant;
  return turns > 1;
}

const cache::SlotExtractor& QuestionSlotsOf() {
  static const flightly::FlightlySlotExtractor extractor;
  return extractor;
}

bool SameNeed(const flightly::KnowledgeNeed& a, const flightly::KnowledgeNeed& b) {
  return a.retrieve == b.retrieve && a.query == b.query && a.fares == b.fares && a.hotels == b.hotels &&
         a.origin == b.origin && a.destination == b.destination && a.city == b.city && a.month == b.month &&
         a.day == b.day && a.year == b.year && a.when == b.when && a.max_fare_usd == b.max_fare_usd &&
         a.max_nightly_usd == b.max_nightly_usd && a.min_fare_usd == b.min_fare_usd &&
         a.min_nightly_usd == b.min_nightly_usd && a.min_stars == b.min_stars && a.amenities == b.amenities &&
         a.top_rated == b.top_rated && a.cabin == b.cabin && a.nonstop == b.nonstop && a.seats == b.seats &&
         a.kids == b.kids;
}

bool SameAnswerText(std::string_view a, std::string_view b) {
  auto next = [](std::string_view s, std::size_t& i) -> int {
    bool space = false;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i, space = true;
    if (space && i < s.size()) return ' ';
    return i < s.size() ? std::tolower(static_cast<unsigned char>(s[i++])) : -1;
  };
  std::size_t i = 0, j = 0;
  // Leading spaces do not count.
  while (i < a.size() && std::isspace(static_cast<unsigned char>(a[i]))) ++i;
  while (j < b.size() && std::isspace(static_cast<unsigned char>(b[j]))) ++j;
  for (;;) {
    const int x = next(a, i), y = next(b, j);
    if (x != y) return false;
    if (x == -1) return true;
  }
}

bool SameAnswerLead(std::string_view a, std::string_view b) {
  auto lead = [](std::string_view s) {
    s = s.substr(0, s.find("\n\n"));
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '[') {  // a citation, "[12]", is left out
        std::size_t j = i + 1;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
        if (j > i + 1 && j < s.size() && s[j] == ']') {
          i = j;
          continue;
        }
      }
      out += s[i];
    }
    return out;
  };
  return SameAnswerText(lead(a), lead(b));
}

std::vector<std::string> AnswerTags(const std::vector<llm::Source>& sources, const flightly::KnowledgeNeed& need,
                                    bool quoted_live_facts) {
  std::vector<std::string> tags;
  if (!sources.empty()) tags.emplace_back("knowledge");  // a new document may answer it better
  for (const llm::Source& s : sources) {
    std::string tag = "doc:" + s.document_id;
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
  }
  if (quoted_live_facts) {
    tags.emplace_back("live");
    if (!need.origin.empty() && !need.destination.empty()) {
      tags.push_back("route:" + need.origin + "-" + need.destination);
    } else if (!need.destination.empty()) {
      tags.push_back("place:" + need.destination);
    }
  }
  return tags;
}

}  // namespace contrail::server::chat
