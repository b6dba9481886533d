// POST /v1/chat/completions and GET /v1/models: the OpenAI-compatible surface.

#include <atomic>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <chrono>
#include <map>

#include "core/json_writer.h"
#include "core/clock.h"
#include "core/log.h"
#include "flightly/grounding.h"
#include "knowledge/search.h"
#include "core/metrics.h"
#include "net/sse.h"
#include "server/chat_turn.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

namespace {

// contrail_stage_duration_seconds{stage="…"}: where a chat turn's time goes.
core::Histogram& StageHistogram(const char* stage) {
  return core::MetricsRegistry::Global().GetHistogram(
      "contrail_stage_duration_seconds", "Time spent in each stage of a chat turn.",
      std::string("stage=\"") + stage + "\"");
}

// Records the time since `t` in `stage` and returns it as a Server-Timing entry.
net::TimingStage EndStage(const char* name, core::Histogram& stage, Clock::time_point t) {
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
  stage.Observe(ms / 1000);
  return {name, ms};
}

std::int64_t UnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t UnixMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

// Everything a turn carries from the request to the reply and the write-behind. Shared with a
// streaming response, which outlives the handler's frame.
struct Turn {
  Services& services;
  llm::ChatModel& model;
  ChatCompletionRequest request;
  TurnPlan plan;
  llm::ChatRequest chat;
  std::string completion_id;
  std::string request_id;
  std::int64_t created = UnixSeconds();
  bool degraded = false;  // Valkey could not be read: answer statelessly, store nothing

  // Stores the turn behind the reply (a session, and Valkey answered the read); completes once
  // the writes are on their way to Valkey, so the reply written next cannot overtake them.
  asio::awaitable<void> Save(const llm::ChatResult& result) {
    if (request.session.empty() || degraded) co_return;
    memory::TurnRecord record;
    record.user = request.user;
    record.session = request.session;
    record.messages = TurnMessages(plan, result, UnixMillis());
    record.session_state = result.session_state;
    record.request_id = request_id;
    co_await services.write_behind.Save(std::move(record));
  }
};

struct ModelCounters {
  core::Counter* prompt_tokens;
  core::Counter* completion_tokens;
  core::Counter* cost_microdollars;
};

// The registry lookup takes a lock; each thread remembers the counters of the models it served.
const ModelCounters& CountersFor(const std::string& model) {
  thread_local std::map<std::string, ModelCounters, std::less<>> cache;
  auto it = cache.find(model);
  if (it != cache.end()) return it->second;
  auto& registry = core::MetricsRegistry::Global();
  const std::string labels = "model=\"" + model + "\"";
  ModelCounters c{
      &registry.GetCounter("contrail_llm_prompt_tokens_total", "Prompt tokens sent to models.", labels),
      &registry.GetCounter("contrail_llm_completion_tokens_total", "Completion tokens received from models.", labels),
      &registry.GetCounter("contrail_llm_cost_microdollars_total",
                           "Model cost from the price table, in millionths of a USD.", labels)};
  return cache.emplace(model, c).first->second;
}

// Fills usage.cost_usd from the price table; counts tokens and cost per model in /metrics and logs
// them (at info with log.access_log, else at debug).
void AccountUsage(const Turn& turn, llm::ChatResult& result) {
  const std::string& model = turn.model.id();
  llm::Usage& u = result.usage;
  const auto& prices = turn.services.config.prices;
  if (auto it = prices.find(model); it != prices.end()) u.cost_usd = it->second.CostUsd(u.prompt_tokens, u.completion_tokens);
  const ModelCounters& c = CountersFor(model);
  c.prompt_tokens->Inc(u.prompt_tokens);
  c.completion_tokens->Inc(u.completion_tokens);
  c.cost_microdollars->Inc(static_cast<std::uint64_t>(u.cost_usd * 1e6 + 0.5));
  if (turn.services.config.log.access_log || core::log::DebugEnabled()) {
    auto* log = turn.services.config.log.access_log ? &core::log::Info : &core::log::Debug;
    log("chat turn", {{"request_id", turn.request_id}, {"model", model}, {"prompt_tokens", u.prompt_tokens},
                      {"completion_tokens", u.completion_tokens}, {"cost_usd", std::to_string(u.cost_usd)},
                      {"finish_reason", result.finish_reason}});
  }
}

// After a failed lookup, turns skip grounding for a while instead of each waiting on a database
// that is down or unmigrated (Unix ms; 0 = not paused).
std::atomic<std::int64_t> grounding_paused_until_ms{0};
constexpr std::int64_t kGroundingPauseMs = 5'000;

// A failed lookup leaves the turn ungrounded (it is still answered); warn once, then count.
void GroundingFailed(const char* what, const core::Error& error, const std::string& request_id) {
  grounding_paused_until_ms.store(UnixMillis() + kGroundingPauseMs, std::memory_order_relaxed);
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
  }
  return sources;
}

// Retrieves what the turn needs (knowledge passages; live fares and offers) into the model's
// context, and tells a remote model about them in a system message. Never fails the turn.
asio::awaitable<void> Ground(Turn& turn, std::vector<net::TimingStage>& timings) {
  Services& s = turn.services;
  if (!s.config.chat.grounding) co_return;
  if (UnixMillis() < grounding_paused_until_ms.load(std::memory_order_relaxed)) co_return;
  flightly::KnowledgeNeed need = flightly::PlanKnowledge(turn.chat);
  if (!need.retrieve) co_return;
  auto started = Clock::now();
  knowledge::SearchQuery query;
  query.text = need.query;
  query.k = s.config.knowledge.top_k;
  auto search_knowledge = [&]() -> asio::awaitable<void> {
    auto hits = co_await knowledge::Search(s.pg, s.embeddings, s.config.knowledge, query);
    if (hits) {
      turn.chat.context.sources = ToSources(std::move(*hits));
    } else {
      GroundingFailed("knowledge", hits.error(), turn.request_id);
    }
  };
  auto look_up_fares = [&]() -> asio::awaitable<void> {
    auto facts = co_await flightly::LookupLiveFacts(
        s.pg, need, core::DateText(core::Today()));
    if (facts) {
      turn.chat.context.live_facts = std::move(*facts);
    } else {
      GroundingFailed("fares", facts.error(), turn.request_id);
    }
  };
  // The two lookups are independent: on two pooled connections at once, the turn waits for the
  // slower one instead of both.
  if (need.fares) {
    co_await (search_knowledge() && look_up_fares());
  } else {
    co_await search_knowledge();
  }
  static core::Histogram& retrieve_stage = StageHistogram("retrieve");
  timings.push_back(EndStage("retrieve", retrieve_stage, started));
  if (std::string prompt = GroundingPrompt(turn.chat.context); !prompt.empty() && !turn.model.reads_turn_context()) {
    turn.chat.messages.insert(turn.chat.messages.begin() + 1, llm::Message(llm::Role::kSystem, std::move(prompt)));
  }
}

void AddTurnHeaders(net::HttpResponse& r, const Turn& turn) {
  if (turn.degraded) r.headers.emplace_back("X-Degraded", "valkey");
  if (!turn.request.session.empty()) r.headers.emplace_back("X-Session-Id", turn.request.session);
}

// Streams deltas as SSE chunks.
class SseSink final : public llm::ChatSink {
 public:
  SseSink(net::ResponseStream& out, const Turn& turn) : out_(out), turn_(turn) {}
  asio::awaitable<core::Status> OnDelta(std::string_view text) override {
    std::string content(text);
    ChunkFields f;
    f.content = &content;
    static const std::string kAssistant = "assistant";
    if (first_) f.role = &kAssistant;
    first_ = false;
    co_return co_await out_.Write(net::SseData(ChunkJson(turn_.completion_id, turn_.created, turn_.chat.model, f)));
  }
  bool started() const { return !first_; }

 private:
  net::ResponseStream& out_;
  const Turn& turn_;
  bool first_ = true;
};

asio::awaitable<std::optional<net::HttpResponse>> StreamTurn(std::shared_ptr<Turn> turn,
                                                             net::ResponseStream& out) {
  SseSink sink(out, *turn);
  core::Result<llm::ChatResult> result = co_await turn->model.Complete(turn->chat, &sink);
  if (!result) {
    if (!sink.started()) {  // nothing sent yet: a plain error status is clearer than a stream
      net::HttpResponse r = ErrorResponse(result.error());
      AddTurnHeaders(r, *turn);
      co_return r;
    }
    co_await out.Write(net::SseData(ErrorJson(result.error())));
    co_await out.Write("data: [DONE]\n\n");
    co_return std::nullopt;
  }
  AccountUsage(*turn, *result);
  co_await turn->Save(*result);  // before [DONE], so the client's next turn sees it
  std::string tail;
  if (!result->tool_calls.empty()) {
    ChunkFields calls;
    static const std::string kAssistant = "assistant";
    if (!sink.started()) calls.role = &kAssistant;
    calls.tool_calls = &result->tool_calls;
    tail += net::SseData(ChunkJson(turn->completion_id, turn->created, turn->chat.model, calls));
  }
  ChunkFields last;
  last.finish_reason = &result->finish_reason;
  last.usage = &result->usage;
  last.sources = &turn->chat.context.sources;
  tail += net::SseData(ChunkJson(turn->completion_id, turn->created, turn->chat.model, last));
  if (turn->request.include_usage) {
    ChunkFields usage_only;
    usage_only.empty_choices = true;
    usage_only.usage = &result->usage;
    tail += net::SseData(ChunkJson(turn->completion_id, turn->created, turn->chat.model, usage_only));
  }
  tail += "data: [DONE]\n\n";
  co_await out.Write(tail);
  co_return std::nullopt;
}

}  // namespace

asio::awaitable<net::HttpResponse> ChatCompletions(RouteContext& ctx) {
  Services& s = ctx.services;
  if (core::Status st = RequireJson(ctx.request); !st) co_return ErrorResponse(st.error());
  ChatLimits limits{s.config.chat.max_messages, s.config.chat.max_message_bytes};
  core::Result<ChatCompletionRequest> parsed = ParseChatCompletionRequest(ctx.request, limits);
  if (!parsed) co_return ErrorResponse(parsed.error());
  const std::string& model_id = parsed->model.empty() ? s.config.chat.default_model : parsed->model;
  llm::ChatModel* model = s.models.Find(model_id);
  if (model == nullptr) {
    co_return ErrorResponse(core::Error(core::Code::kModelNotFound,
                                        "The model `" + model_id + "` does not exist", "model"));
  }
  core::Result<TurnPlan> plan = PlanTurn(parsed->messages, !parsed->session.empty());
  if (!plan) co_return ErrorResponse(plan.error());

  auto turn = std::make_shared<Turn>(Turn{s, *model, std::move(*parsed), std::move(*plan), {}, {}, ctx.request.request_id});
  turn->completion_id = "chatcmpl-" + ctx.request.request_id;
  memory::TurnMemory memory;
  std::vector<net::TimingStage> timings;
  if (!turn->request.user.empty()) {
    auto started = Clock::now();
    auto loaded = co_await memory::LoadTurnMemory(s.valkey, turn->request.user, turn->request.session,
                                                  s.config.chat.history_context);
    static core::Histogram& valkey_stage = StageHistogram("valkey");
    timings.push_back(EndStage("valkey", valkey_stage, started));
    if (loaded) {
      memory = std::move(*loaded);
    } else {
      turn->degraded = true;
      core::log::Warn("answering statelessly: valkey unavailable",
                      {{"request_id", turn->request_id}, {"error", loaded.error().message}});
    }
  }
  turn->chat = AssembleChatRequest(turn->request, turn->plan, std::move(memory), model->id());
  co_await Ground(*turn, timings);

  net::HttpResponse response;
  AddTurnHeaders(response, *turn);
  if (turn->request.stream) {
    response.content_type = "text/event-stream";
    response.timings = std::move(timings);
    response.stream = [turn](net::ResponseStream& out) { return StreamTurn(turn, out); };
    co_return response;
  }
  auto llm_started = Clock::now();
  core::Result<llm::ChatResult> result = co_await model->Complete(turn->chat, nullptr);
  static core::Histogram& llm_stage = StageHistogram("llm");
  timings.push_back(EndStage("llm", llm_stage, llm_started));
  if (!result) {
    net::HttpResponse error = ErrorResponse(result.error());
    error.headers = std::move(response.headers);
    error.timings = std::move(timings);
    co_return error;
  }
  AccountUsage(*turn, *result);
  response.body = CompletionJson(turn->completion_id, turn->created, model->id(), *result, &turn->chat.context.sources);
  co_await turn->Save(*result);
  response.timings = std::move(timings);
  co_return response;
}

namespace {

// One entry of /v1/models, as OpenAI lists it.
void AppendModelJson(std::string& out, const llm::ChatModel& model) {
  out += "{\"id\":\"";
  core::AppendJsonEscaped(out, model.id());
  out += "\",\"object\":\"model\",\"created\":1764028800,\"owned_by\":\"";
  out += model.built_in() ? "contrail" : "provider";
  out += "\"}";
}

}  // namespace

asio::awaitable<net::HttpResponse> ListModels(RouteContext& ctx) {
  std::string body = "{\"object\":\"list\",\"data\":[";
  bool first = true;
  for (const llm::ChatModel* model : ctx.services.models.all()) {
    if (!first) body += ',';
    first = false;
    AppendModelJson(body, *model);
  }
  body += "]}";
  co_return JsonResponse(200, std::move(body));
}

asio::awaitable<net::HttpResponse> GetModel(RouteContext& ctx) {
  const std::string& id = ctx.params[0];
  const llm::ChatModel* model = ctx.services.models.Find(id);
  if (model == nullptr) {
    co_return ErrorResponse(core::Error(core::Code::kModelNotFound, "The model `" + id + "` does not exist", "model"));
  }
  std::string body;
  AppendModelJson(body, *model);
  co_return JsonResponse(200, std::move(body));
}

}  // namespace contrail::server
