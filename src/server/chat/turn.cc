#include "server/chat/turn.h"

#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/json.hpp>
#include <cstdio>

#include "cache/retrieval_cache.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "flightly/grounding.h"
#include "flightly/prompt.h"
#include "flightly/retrieval_focus.h"
#include "flightly/understanding.h"
#include "knowledge/rerank.h"
#include "knowledge/search.h"
#include "memory/session_context.h"
#include "memory/write_behind.h"
#include "net/sse.h"
#include "server/chat/completion_protocol.h"
#include "server/chat/turn_checkpoints.h"
#include "server/chat/usage.h"
#include "server/respond.h"
#include "server/services.h"

namespace contrail::server::chat {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::array<const char*, 8> kStageNames = {"valkey", "query", "cache", "retrieve", "llm", "save", "tools",
                                                    "recall"};

// contrail_stage_duration_seconds{stage="…"}: where a chat turn's time goes.
core::Histogram& StageHistogram(std::size_t stage) {
  static const std::array<core::Histogram*, kStageNames.size()> histograms = [] {
    std::array<core::Histogram*, kStageNames.size()> out{};
    for (std::size_t i = 0; i < kStageNames.size(); ++i) {
      out[i] = &core::MetricsRegistry::Global().GetHistogram(
          "contrail_stage_duration_seconds", "Time spent in each stage of a chat turn.",
          std::string("stage=\"") + kStageNames[i] + "\"");
    }
    return out;
  }();
  return *histograms[stage];
}

// After a failed lookup, turns skip grounding for a while instead of each waiting on a database
// that is down or unmigrated (Unix ms; 0 = not paused).
std::atomic<std::int64_t> grounding_paused_until_ms{0};
constexpr std::int64_t kGroundingPauseMs = 5'000;

// A failed lookup leaves the turn ungrounded (it is still answered); warn once, then count.
void GroundingFailed(const char* what, const core::Error& error, const std::string& request_id) {
  grounding_paused_until_ms.store(core::UnixMillis() + kGroundingPauseMs, std::memory_order_relaxed);
  static std::atomic<bool> warned{false};
  static core::Counter& failures = core::MetricsRegistry::Global().GetCounter(
      "contrail_grounding_failures_total", "Chat turns answered without knowledge because a lookup failed.");
  failures.Inc();
  if (!warned.exchange(true) || core::log::DebugEnabled()) {
    core::log::Warn("answering without grounding", {{"request_id", request_id}, {"lookup", what}, {"error", error.message}});
  }
}

std::vector<llm::Source> ToSources(std::vector<knowledge::SearchHit>&& hits) {
  std::vector<llm::Source> sources;
  for (knowledge::SearchHit& h : hits) {
    llm::Source& s = sources.emplace_back();
    s.n = static_cast<int>(sources.size());
    s.document_id = std::move(h.document_id);
    s.chunk_id = h.chunk_id;
    s.title = std::move(h.title);
    s.heading = std::move(h.heading);
    s.text = std::move(h.text);
    s.score = h.score;
    s.metadata_json = std::move(h.metadata_json);
    for (knowledge::Highlight& l : h.highlights) s.highlights.push_back({std::move(l.path), std::move(l.text), l.score});
  }
  return sources;
}

// The turn's live fares and offers through the tool-result cache (cache/tool_cache.h): equal
// lookups on the same day within cache.tool_ttl_s share one database read, and concurrent ones one
// call. An entry that is not a list of lines (written by something else) is looked up again.
asio::awaitable<core::Result<std::vector<std::string>>> LiveFacts(Services& s, const flightly::KnowledgeNeed& need) {
  const std::string today = core::DateText(core::Today());
  if (s.config.cache.tool_ttl_s <= 0) co_return co_await flightly::LookupLiveFacts(s.pg, need, today);
  auto lookup = [&]() -> asio::awaitable<core::Result<std::string>> {
    CONTRAIL_CO_TRY(std::vector<std::string> facts, co_await flightly::LookupLiveFacts(s.pg, need, today));
    co_return boost::json::serialize(boost::json::value_from(facts));
  };
  CONTRAIL_CO_TRY(cache::ToolResult r, co_await s.tool_cache.GetOrCall("live_facts",
                                                                        flightly::LiveFactsArguments(need, today),
                                                                        std::chrono::seconds(s.config.cache.tool_ttl_s),
                                                                        std::move(lookup)));
  boost::system::error_code ec;
  const boost::json::value lines = boost::json::parse(r.value, ec);
  std::vector<std::string> facts;
  if (ec || !lines.is_array()) co_return co_await flightly::LookupLiveFacts(s.pg, need, today);
  for (const boost::json::value& line : lines.get_array()) {
    if (line.is_string()) facts.emplace_back(line.get_string());
  }
  co_return facts;
}

// What the turn understood, as the second stage's hints: prefer the place, the kind of document
// and the dates the question is about.
knowledge::RerankHints Hints(const flightly::Understanding& understanding) {
  flightly::RetrievalFocus focus = flightly::FocusOf(understanding, core::DateText(core::Today()));
  knowledge::RerankHints hints;
  hints.places = std::move(focus.places);
  hints.doc_types = std::move(focus.doc_types);
  hints.valid_from = std::move(focus.valid_from);
  hints.valid_to = std::move(focus.valid_to);
  hints.topics = std::move(focus.topics);
  hints.variants = std::move(focus.variants);
  hints.other_variants = std::move(focus.other_variants);
  return hints;
}

}  // namespace

core::Result<std::shared_ptr<Turn>> Turn::Begin(Services& services, const auth::Principal& caller,
                                                ChatCompletionRequest request, std::string request_id,
                                                const ProtocolFactory& protocol) {
  const std::string& model_id = request.model.empty() ? services.config.chat.default_model : request.model;
  llm::ChatModel* model = services.models.Find(model_id);
  if (model == nullptr) {
    return core::Error(core::Code::kModelNotFound, "The model `" + model_id + "` does not exist", "model");
  }
  if (const auto* agent = dynamic_cast<const agent::AgentModel*>(model)) {
    const std::vector<std::string>& own = agent->spec().tools;
    for (std::size_t i = 0; i < request.tools.size(); ++i) {
      if (std::find(own.begin(), own.end(), request.tools[i].name) == own.end()) continue;
      return core::InvalidArgument("`" + request.tools[i].name + "` is one of " + model_id +
                                       "'s own tools; name the client's tool differently",
                                   "tools[" + std::to_string(i) + "].function.name");
    }
  }
  CONTRAIL_TRY(NewMessages new_messages,
               SplitNewMessages(request.messages, !request.session.empty() && !request.every_message_new));
  std::unique_ptr<Protocol> speaks =
      protocol ? protocol(*model)
               : std::make_unique<CompletionProtocol>(CompletionHead{"chatcmpl-" + request_id, core::UnixSeconds(), model->id()},
                                                      request.include_usage);
  return std::make_shared<Turn>(services, caller, *model, std::move(request), std::move(new_messages),
                                std::move(request_id), std::move(speaks));
}

Turn::Turn(Services& services, const auth::Principal& caller, llm::ChatModel& model, ChatCompletionRequest request,
           NewMessages new_messages, std::string request_id, std::unique_ptr<Protocol> protocol)
    : services_(services),
      caller_(caller),
      agent_(dynamic_cast<const agent::AgentModel*>(&model)),
      model_(agent_ != nullptr ? agent_->inner() : model),
      request_(std::move(request)),
      new_messages_(std::move(new_messages)),
      request_id_(std::move(request_id)),
      began_ms_(core::UnixMillis()),
      protocol_(std::move(protocol)),
      session_(request_.session) {
  chat_.model = model_.id();
  chat_.max_tokens = request_.max_tokens;
  chat_.temperature = request_.temperature;
  chat_.tools = request_.tools;
  chat_.tool_choice = request_.tool_choice;
}

asio::awaitable<net::HttpResponse> Turn::Run(std::shared_ptr<Turn> turn) {
  if (core::Status admitted = co_await turn->LoadContext(); !admitted) {
    co_return turn->Response(ErrorResponse(admitted.error()));
  }
  turn->Understand();
  co_await turn->RecallEpisodes();
  co_await turn->LookUpAnswer();
  if (turn->hit_) {
    if (turn->verify_hit_) {
      asio::co_spawn(co_await asio::this_coro::executor, Verify(turn), core::log::ExceptionLogger("cache verification"));
    }
  } else {
    co_await turn->Ground();
  }
  if (turn->request_.stream) {
    net::HttpResponse streamed = turn->Response({});
    streamed.content_type = "text/event-stream";
    streamed.stream = [turn](net::ResponseStream& out) { return Stream(turn, out); };
    co_return streamed;
  }
  core::Result<llm::ChatResult> result = co_await turn->Answer(nullptr);
  if (!result) co_return turn->Response(ErrorResponse(result.error()));
  co_await turn->Save(*result);
  turn->ForgetCheckpoints();
  co_await turn->Remember(*result);
  co_return turn->Response(JsonResponse(200, turn->protocol_->Body(turn->Outcome(*result))));
}

TurnOutcome Turn::Outcome(const llm::ChatResult& result) const {
  return TurnOutcome{result, chat_.context.sources,
                     hit_ ? std::string_view(hit_->sources_json) : std::string_view(), agent_json_, tool_runs_,
                     degraded_};
}

asio::awaitable<core::Status> Turn::LoadContext() {
  memory::SessionContext context;
  limits::Limiter& limiter = services_.limiter;
  if (request_.user.empty()) {
    CONTRAIL_CO_TRY_STATUS(co_await limiter.AdmitTurn(caller_, {}, {}));
  } else {
    // The caller's limits are checked, and the protocol's own reads done, in the same batch as
    // the context is read.
    valkey::CommandBatch checks_batch;
    const auto checks = limiter.PlanTurn(caller_, request_.user, session_, checks_batch);
    const auto checkpoints_at = static_cast<std::size_t>(checks_batch.count());
    if (agent_ != nullptr) PlanCheckpoints(checks_batch);
    const auto protocol_first = static_cast<std::size_t>(checks_batch.count());
    protocol_->PlanRead(request_.user, checks_batch);
    const auto started = Clock::now();
    auto loaded = co_await memory::LoadSessionContext(services_.valkey, request_.user, session_,
                                                      services_.config.chat.history_context, std::move(checks_batch));
    EndStage(Stage::kValkey, started);
    CONTRAIL_CO_TRY_STATUS(limiter.ReadTurn(checks, loaded ? &loaded->alongside : nullptr));
    if (loaded) {
      const std::span<const valkey::Reply> own = std::span<const valkey::Reply>(loaded->alongside).subspan(protocol_first);
      CONTRAIL_CO_TRY_STATUS(co_await protocol_->Adopt(own, *loaded, session_));
      // A turn the protocol moved to a new session (a forked chain) opens one more: the cap again.
      if (session_ != request_.session) CONTRAIL_CO_TRY_STATUS(limiter.ReadNewSession(checks, &loaded->alongside));
      AdoptCheckpoints(loaded->alongside, checkpoints_at);
      context = std::move(*loaded);
    } else {
      degraded_ = true;
      checkpoints_.reset();
      core::log::Warn("answering statelessly: valkey unavailable",
                      {{"request_id", request_id_}, {"error", loaded.error().message}});
    }
  }
  const bool has_session = !session_.empty();
  first_turn_ = has_session && context.history.empty() && !degraded_;
  chat_.context.remembers = has_session && !degraded_ && services_.config.memory.event_partitions > 0;
  std::string system_prompt = agent_ != nullptr ? AgentSystemPrompt(agent_->spec(), context.profile) : flightly::SystemPrompt(context.profile);
  co_await Recall(context);  // fills what the profile does not say from long-term memory
  if (!model_.reads_context()) system_prompt += flightly::RememberedPrompt(chat_.context.remembered, context.profile);
  chat_.messages = ModelMessages(std::move(system_prompt), request_.messages, new_messages_, std::move(context.history),
                                 has_session);
  chat_.context.profile = std::move(context.profile);
  stored_state_ = std::move(context.session_state);
  co_return core::Ok();
}

void Turn::Understand() {
  const auto started = Clock::now();
  const llm::Message* last = flightly::LastUserMessage(chat_.messages);
  understanding_ = flightly::Understand(last != nullptr ? std::string_view(last->content) : "", stored_state_);
  chat_.context.standalone_query = understanding_->standalone_query;
  chat_.context.facts = understanding_;
  EndStage(Stage::kQuery, started);
}

asio::awaitable<void> Turn::Ground() {
  Services& s = services_;
  if (!s.config.chat.grounding) co_return;
  if (core::UnixMillis() < grounding_paused_until_ms.load(std::memory_order_relaxed)) {
    grounding_failed_ = true;  // answered without its knowledge: never cached
    co_return;
  }
  need_ = flightly::PlanKnowledge(*understanding_, chat_.context.profile);
  if (agent_ != nullptr) need_.fares = need_.hotels = false;  // an agent looks them up with its tools
  const flightly::KnowledgeNeed& need = need_;
  if (!need.retrieve) co_return;
  const auto started = Clock::now();
  const core::KnowledgeConfig& kc = s.config.knowledge;
  knowledge::SearchQuery query;
  query.k = std::max(kc.top_k, kc.rerank_candidates);
  auto search_knowledge = [&]() -> asio::awaitable<void> {
    // Searched as the documents spell it: neither half of the first stage finds "boardng".
    std::shared_ptr<const knowledge::CorpusStats> corpus = co_await s.corpus_stats.Get();
    std::string question = corpus->CorrectSpelling(need.query);
    // The first stage also looks for the topic's own words; the second ranks by the question's.
    query.text = need.topic_words.empty() ? question : question + ' ' + need.topic_words;
    query.text_words = corpus->DistinctiveWords(query.text);
    auto hits = co_await cache::CachedSearch(s.retrievals, s.valkey, s.pg, s.embeddings, s.config, query);
    if (hits && kc.rerank_candidates > 0) {
      knowledge::RerankHints hints = Hints(*understanding_);
      hints.corpus = std::move(corpus);
      hits = co_await knowledge::Rerank(s.embeddings, std::move(question), std::move(hints), std::move(*hits), kc.top_k);
    }
    if (hits) {
      chat_.context.sources = ToSources(std::move(*hits));
    } else {
      GroundingFailed("knowledge", hits.error(), request_id_);
      grounding_failed_ = true;
    }
  };
  auto look_up_live_facts = [&]() -> asio::awaitable<void> {
    auto facts = co_await LiveFacts(s, need);
    if (facts) {
      chat_.context.live_facts = std::move(*facts);
    } else {
      GroundingFailed("fares", facts.error(), request_id_);
      grounding_failed_ = true;
    }
  };
  // The two lookups are independent: on two pooled connections at once, the turn waits for the
  // slower one instead of both.
  if (need.live()) {
    co_await (search_knowledge() && look_up_live_facts());
  } else {
    co_await search_knowledge();
  }
  EndStage(Stage::kRetrieve, started);
  if (std::string prompt = flightly::GroundingPrompt(chat_.context); !prompt.empty() && !model_.reads_context()) {
    chat_.messages.insert(chat_.messages.begin() + 1, llm::Message(llm::Role::kSystem, std::move(prompt)));
  }
}

asio::awaitable<core::Result<llm::ChatResult>> Turn::Answer(llm::ChatSink* sink, agent::AgentObserver* observer) {
  if (hit_) {  // the cached answer: nothing generated, nothing charged or priced
    llm::ChatResult cached;
    cached.content = hit_->answer;
    const llm::Message* last = flightly::LastUserMessage(chat_.messages);
    cached.usage.prompt_tokens = llm::EstimateTokens(last != nullptr ? last->content : hit_->query);
    cached.usage.completion_tokens = llm::EstimateTokens(cached.content);
    if (sink != nullptr) CONTRAIL_CO_TRY_STATUS(co_await sink->OnDelta(cached.content));
    co_return cached;
  }
  const auto started = Clock::now();
  core::Result<llm::ChatResult> result;
  if (agent_ != nullptr || !request_.server_tools.empty()) {
    result = co_await RunAgent(sink, observer);
  } else {
    result = co_await model_.Complete(chat_, sink);
    if (sink == nullptr) EndStage(Stage::kLlm, started);  // a stream's headers left before the model
  }
  slow_seconds_ += std::chrono::duration<double>(Clock::now() - started).count();
  if (result) {
    AccountUsage(services_.config, model_.id(), request_id_, *result);
    if (!verifying_) services_.limiter.Charge(caller_, result->usage.total_tokens());
  }
  co_return result;
}

// Stores the turn (a session, and Valkey answered the read) before the reply goes out: as
// memory.durability asks (applied, on disk, or sent); a turn not confirmed makes the reply say
// X-Degraded: valkey (it may not have been stored).
asio::awaitable<void> Turn::Save(const llm::ChatResult& result) {
  if (degraded_ || request_.user.empty() || (session_.empty() && !protocol_->KeepsWithoutSession())) co_return;
  const auto started = Clock::now();
  memory::SessionUpdate update;
  update.user = request_.user;
  update.session = session_;
  update.history = !session_.empty();
  update.messages = MessagesToStore(new_messages_, result, core::UnixMillis());
  update.session_state = flightly::EncodeState(understanding_->next);
  update.request_id = request_id_;
  update.began_ms = began_ms_;
  protocol_->Keep(Outcome(result), update);
  if (update.session.empty() && update.also.empty()) co_return;
  const memory::SaveOutcome outcome = co_await services_.write_behind.Save(std::move(update));
  // memory.durability acked or aof: a turn Valkey did not confirm is not acknowledged as stored.
  if (outcome == memory::SaveOutcome::kNotConfirmed) degraded_ = true;
  EndStage(Stage::kSave, started);
}

asio::awaitable<std::optional<net::HttpResponse>> Turn::Stream(std::shared_ptr<Turn> turn,
                                                               net::ResponseStream& out) {
  std::unique_ptr<ReplyStream> stream = turn->protocol_->Stream(out);
  core::Result<llm::ChatResult> result = co_await turn->Answer(stream.get(), stream.get());
  if (!result) {
    // Nothing sent yet: a plain error status is clearer than a stream.
    if (!stream->started()) co_return turn->Response(ErrorResponse(result.error()));
    co_await out.Write(stream->Error(result.error(), ErrorJson(result.error())));
    co_return std::nullopt;
  }
  co_await turn->Save(*result);  // before the stream ends, so the client's next turn sees it
  turn->ForgetCheckpoints();
  co_await turn->Remember(*result);
  // Outside the co_await: GCC 12 mis-evaluates a conditional among a co_await's operands.
  std::string tail = stream->Tail(turn->Outcome(*result));
  co_await out.Write(tail);
  co_return std::nullopt;
}

net::HttpResponse Turn::Response(net::HttpResponse response) {
  if (degraded_) response.headers.emplace_back("X-Degraded", "valkey");
  if (!session_.empty()) response.headers.emplace_back("X-Session-Id", session_);
  if (!cache_status_.empty()) response.headers.emplace_back("X-Cache", cache_status_);
  if (hit_similarity_ > 0) {
    char similarity[16];
    std::snprintf(similarity, sizeof similarity, "%.4f", static_cast<double>(hit_similarity_));
    response.headers.emplace_back("X-Cache-Similarity", similarity);
  }
  if (hit_ || !stored_entry_id_.empty()) response.headers.emplace_back("X-Cache-Entry", hit_ ? hit_->id : stored_entry_id_);
  if (!cache_rejected_slot_.empty()) response.headers.emplace_back("X-Cache-Rejected", cache_rejected_slot_);
  response.timings = timings_;
  return response;
}

void Turn::EndStage(Stage stage, Clock::time_point started) {
  AddStage(stage, std::chrono::duration<double, std::milli>(Clock::now() - started).count());
}

void Turn::AddStage(Stage stage, double ms) {
  const auto index = static_cast<std::size_t>(stage);
  if (stage == Stage::kRetrieve) slow_seconds_ += ms / 1000;
  if (verifying_) return;
  StageHistogram(index).Observe(ms / 1000);
  timings_.push_back({kStageNames[index], ms});
}

}  // namespace contrail::server::chat
