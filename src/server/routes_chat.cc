// POST /v1/chat/completions and GET /v1/models: the OpenAI-compatible surface.

#include <chrono>

#include "core/log.h"
#include "core/metrics.h"
#include "net/sse.h"
#include "server/chat_turn.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace asio = boost::asio;
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

  // Stores the turn behind the reply (a session, and Valkey answered the read).
  void Save(const llm::ChatResult& result) {
    if (request.session.empty() || degraded) return;
    memory::TurnRecord record;
    record.user = request.user;
    record.session = request.session;
    record.messages = TurnMessages(plan, result.content, UnixMillis());
    record.session_state = result.session_state;
    record.request_id = request_id;
    services.write_behind.Save(std::move(record));
  }
};

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
  turn->Save(*result);  // queued before [DONE], so the client's next turn sees it
  ChunkFields last;
  last.finish_reason = &result->finish_reason;
  last.usage = &result->usage;
  std::string tail = net::SseData(ChunkJson(turn->completion_id, turn->created, turn->chat.model, last));
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
  turn->Save(*result);
  response.body = CompletionJson(turn->completion_id, turn->created, model->id(), *result);
  response.timings = std::move(timings);
  co_return response;
}

namespace {

// One entry of /v1/models, as OpenAI lists it.
void AppendModelJson(std::string& out, const std::string& id) {
  out += "{\"id\":\"";
  core::log::AppendJsonEscaped(out, id);
  out += "\",\"object\":\"model\",\"created\":1764028800,\"owned_by\":\"";
  out += id == "flightly-local" ? "contrail" : "provider";
  out += "\"}";
}

}  // namespace

asio::awaitable<net::HttpResponse> ListModels(RouteContext& ctx) {
  std::string body = "{\"object\":\"list\",\"data\":[";
  bool first = true;
  for (const std::string& id : ctx.services.models.ids()) {
    if (!first) body += ',';
    first = false;
    AppendModelJson(body, id);
  }
  body += "]}";
  co_return JsonResponse(200, std::move(body));
}

asio::awaitable<net::HttpResponse> GetModel(RouteContext& ctx) {
  const std::string& id = ctx.params[0];
  if (ctx.services.models.Find(id) == nullptr) {
    co_return ErrorResponse(core::Error(core::Code::kModelNotFound, "The model `" + id + "` does not exist", "model"));
  }
  std::string body;
  AppendModelJson(body, id);
  co_return JsonResponse(200, std::move(body));
}

}  // namespace contrail::server
