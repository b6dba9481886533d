// The chat turn's semantic-cache stages (turn.h): LookUpAnswer after Understand, Remember after
// the reply is stored, Verify for a sampled hit. The cache itself is cache/semantic_cache.h.

#include "cache/canonical_json.h"
#include "cache/semantic_cache.h"
#include "core/clock.h"
#include "core/log.h"
#include "flightly/cache_slots.h"
#include "flightly/prompt.h"
#include "flightly/understanding.h"
#include "server/chat/answer_cache.h"
#include "server/chat/turn.h"
#include "server/chat/wire.h"
#include "server/services.h"

namespace contrail::server::chat {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// Whether two answers to one question say the same: the same lead paragraph (the answer proper;
// what follows adds context), or (a model that words its answers differently each time) vectors
// at least this close.
constexpr float kAgreeingAnswers = 0.95f;
asio::awaitable<bool> SameAnswer(Services& s, const llm::ChatModel& model, const std::string& a, const std::string& b) {
  if (SameAnswerLead(a, b)) co_return true;
  if (model.built_in()) co_return false;  // deterministic: another lead is another answer
  const std::string texts[] = {a, b};
  auto vectors = co_await s.embeddings.Embed(texts);
  co_return vectors && vectors->size() == 2 && embed::Cosine((*vectors)[0], (*vectors)[1]) >= kAgreeingAnswers;
}

}  // namespace

asio::awaitable<bool> Turn::PrepareCacheKey() {
  if (!query_vector_.empty()) co_return true;
  if (understanding_->standalone_query.empty()) co_return false;
  // As the documents spell it, as retrieval searches it: "how erly do i need to be at the airprot"
  // is "how early … airport" for the vector and the slots too.
  std::shared_ptr<const knowledge::CorpusStats> corpus = co_await services_.corpus_stats.Get();
  const std::string texts[] = {corpus->CorrectSpelling(understanding_->standalone_query)};
  auto vectors = co_await services_.embeddings.Embed(texts);
  if (!vectors || vectors->size() != 1) co_return false;
  query_vector_ = std::move((*vectors)[0]);
  query_slots_ = QuestionSlotsOf().Extract(texts[0]);
  flightly::AddTurnSlots(*understanding_, query_slots_);
  // A user's own answer holds for the profile it was made with (soft: global entries have none).
  if (!chat_.context.profile.empty()) {
    std::string profile;
    for (const auto& [key, value] : chat_.context.profile) profile.append(key).append("=").append(value).append("\n");
    query_slots_["~profile"] = cache::KeyHash(profile);
  }
  cache_key_ = AnswerKeyMaterial(services_.config, model_, request_);
  co_return true;
}

asio::awaitable<void> Turn::LookUpAnswer() {
  cache::SemanticCache* cache = services_.answers;
  if (cache == nullptr || verifying_) co_return;
  const auto started = Clock::now();
  // A cache that may have missed an invalidation (Valkey unreachable) is not used at all.
  // An agent's answer is made of live tool results (its tools have their own cache): not kept.
  const bool usable = agent_ == nullptr && CacheableRequest(request_) && !degraded_ && cache->in_sync() && services_.valkey.connected() > 0;
  const flightly::AnswerSharing sharing = flightly::SharingOf(*understanding_);
  may_store_ = usable && request_.cache_store && sharing != flightly::AnswerSharing::kNever;
  // A question whose answer is never kept (a refusal, a greeting, the conversation itself) is not
  // looked up either: nothing right could be found.
  // (co_await kept out of the condition: GCC 12 mis-compiles some co_awaits inside expressions.)
  bool keyed = usable && request_.cache_lookup && sharing != flightly::AnswerSharing::kNever;
  if (keyed) keyed = co_await PrepareCacheKey();
  if (!keyed) {
    cache_status_ = "BYPASS";
    cache->RecordBypass();
    co_return;
  }
  const std::string user_scope = request_.user.empty() ? std::string() : cache::UserScope(request_.user);
  // Someone whose profile or conversation reaches the model is served another's answer only when
  // no answer could have used them: with a profile, answers known to come out the same with any
  // profile; with a conversation sent in the request (which any model may lean on), none. A
  // session's state is in the slots ("trip": the session's trip merged with this message's).
  using Global = cache::LookupQuery::Global;
  const bool sees_history = HasPriorConversation(request_) || (!stored_state_.empty() && !model_.reads_context());
  const Global global = sees_history                       ? Global::kNone
                        : !chat_.context.profile.empty() ? Global::kImpersonal
                                                         : Global::kAll;
  cache::LookupResult found = cache->Find({cache_key_, user_scope, query_vector_, &query_slots_, global});
  EndStage(Stage::kCache, started);
  hit_similarity_ = found.similarity;
  if (!found.entry) {
    cache_status_ = "MISS";
    cache_rejected_slot_ = std::move(found.rejected_slot);
    explore_ = std::move(found.explore);
    explore_similarity_ = found.explore_similarity;
    co_return;
  }
  cache_status_ = "HIT";
  hit_ = std::move(found.entry);
  verify_hit_ = found.verify;
  cache->RecordHit(*hit_);
}

asio::awaitable<void> Turn::Remember(const llm::ChatResult& result) {
  cache::SemanticCache* cache = services_.answers;
  if (cache == nullptr || hit_ || !may_store_ || verifying_) co_return;
  const std::string scope = co_await StoreScope(result);
  if (scope.empty()) co_return;
  if (const bool keyed = co_await PrepareCacheKey(); !keyed) co_return;
  // A similar entry was below its threshold: this answer tells whether it would have been right.
  if (explore_ && explore_->scope == scope) {
    const bool same = co_await SameAnswer(services_, model_, result.content, explore_->answer);
    cache->RecordExploration(&services_.valkey, *explore_, explore_similarity_, same);
    if (same) co_return;  // the entry answers this wording from now on: no second copy
  }
  cache::AnswerEntry e;
  e.id = cache::NewEntryId();
  stored_entry_id_ = e.id;
  e.key = cache_key_;
  e.scope = scope;
  const llm::Message* last = flightly::LastUserMessage(chat_.messages);
  e.query = last != nullptr ? last->content : understanding_->standalone_query;
  e.standalone = understanding_->standalone_query;
  e.answer = result.content;
  e.sources_json = SourcesJson(chat_.context.sources);
  e.model = model_.id();
  e.slots = query_slots_;
  if (scope == cache::kGlobalScope) e.slots.erase("~profile");  // it holds for every profile
  e.vector = query_vector_;
  const bool live = !chat_.context.live_facts.empty();
  e.tags = AnswerTags(chat_.context.sources, need_, live);
  if (scope != cache::kGlobalScope) e.tags.push_back(scope);  // DELETE /v1/users/{id} forgets it
  e.created_ms = core::UnixMillis();
  const core::CacheConfig& c = services_.config.cache;
  e.expires_ms = e.created_ms + 1000LL * (live ? c.live_ttl_s : c.answer_ttl_s);
  e.answer_seconds = slow_seconds_;
  if (scope == cache::kGlobalScope) e.impersonal = co_await AnswerIgnoresProfiles(result);
  e.cost_usd = result.usage.cost_usd;
  if (core::Status s = cache->Put(services_.valkey, std::move(e)); !s) {
    core::log::Warn("answer not cached", {{"request_id", request_id_}, {"error", s.error().message}});
  }
}

asio::awaitable<std::string> Turn::StoreScope(const llm::ChatResult& result) {
  // Never: tool calls, cut-off or empty answers, degraded turns, refusals and the like.
  if (!result.tool_calls.empty() || result.finish_reason != "stop" || result.content.empty() || degraded_ ||
      grounding_failed_) {
    co_return std::string();
  }
  const flightly::AnswerSharing sharing = flightly::SharingOf(*understanding_);
  if (sharing == flightly::AnswerSharing::kNever) co_return std::string();
  if (sharing == flightly::AnswerSharing::kIfGrounded && chat_.context.sources.empty()) co_return std::string();
  const std::string user = request_.user.empty() ? std::string() : cache::UserScope(request_.user);
  // About the user: held for the profile it was made with (the "~profile" slot). "You haven't told me
  // your diet yet" is made with none, and the next profile would not tell it apart: not kept.
  if (sharing == flightly::AnswerSharing::kPersonal) co_return chat_.context.profile.empty() ? std::string() : user;
  if (!HasPersonalInputs()) co_return std::string(cache::kGlobalScope);
  // A model that composes from the context can be asked again without the personal part; any
  // other model may have used whatever it was sent.
  if (model_.reads_context() && model_.built_in()) {
    if (const bool impersonal = co_await AnswerIsImpersonal(result); impersonal) co_return std::string(cache::kGlobalScope);
  }
  co_return user;
}

bool Turn::HasPersonalInputs() const {
  return !chat_.context.profile.empty() || !chat_.context.episodes.empty() || !stored_state_.empty() ||
         HasPriorConversation(request_);
}

asio::awaitable<bool> Turn::AnswerIsImpersonal(const llm::ChatResult& result) {
  const std::string& query = understanding_->standalone_query;
  std::shared_ptr<const flightly::Understanding> neutral = flightly::Understand(query, "");
  if (!SameNeed(flightly::PlanKnowledge(*neutral, {}), need_)) co_return false;  // the profile chose the fares
  llm::ChatRequest request = chat_;
  request.context.profile.clear();
  request.context.remembered.clear();
  request.context.episodes.clear();
  request.context.facts = neutral;
  request.context.standalone_query = neutral->standalone_query;
  request.messages = {llm::Message(llm::Role::kSystem, flightly::SystemPrompt({})),
                      llm::Message(llm::Role::kUser, query)};
  auto again = co_await model_.Complete(request, nullptr);
  co_return again && SameAnswerText(again->content, result.content);
}

asio::awaitable<bool> Turn::AnswerIgnoresProfiles(const llm::ChatResult& result) {
  if (!model_.reads_context() || !model_.built_in()) co_return false;  // a prompt's profile may show anywhere
  const std::map<std::string, std::string>& probe = flightly::ProbeProfile();
  if (!SameNeed(flightly::PlanKnowledge(*understanding_, probe), need_)) co_return false;
  llm::ChatRequest request = chat_;
  request.context.profile = probe;
  request.messages.front() = llm::Message(llm::Role::kSystem, flightly::SystemPrompt(probe));
  auto probed = co_await model_.Complete(request, nullptr);
  co_return probed && SameAnswerText(probed->content, result.content);
}

asio::awaitable<void> Turn::Verify(std::shared_ptr<Turn> hit) {
  Services& s = hit->services_;
  ChatCompletionRequest request = hit->request_;
  request.user.clear();
  request.session.clear();
  request.stream = false;
  request.messages = {llm::Message(llm::Role::kUser, hit->understanding_->standalone_query)};
  auto turn = Begin(s, hit->caller_, std::move(request), hit->request_id_ + ".verify");
  if (!turn) co_return;
  Turn& slow = **turn;
  slow.verifying_ = true;
  slow.chat_.messages = ModelMessages(flightly::SystemPrompt({}), slow.request_.messages, slow.new_messages_, {}, false);
  slow.Understand();
  co_await slow.Ground();
  auto answer = co_await slow.Answer(nullptr);
  if (!answer || slow.grounding_failed_) co_return;
  const bool agreed = co_await SameAnswer(s, hit->model_, answer->content, hit->hit_->answer);
  s.answers->RecordVerification(&s.valkey, *hit->hit_, hit->hit_similarity_, agreed);
  if (!agreed) {
    core::log::Info("semantic cache hit verified wrong",
                    {{"request_id", hit->request_id_}, {"entry", hit->hit_->id},
                     {"similarity", static_cast<double>(hit->hit_similarity_)}});
  }
}

}  // namespace contrail::server::chat
