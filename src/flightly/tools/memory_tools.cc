#include "flightly/tools/memory_tools.h"

#include <boost/json.hpp>

#include "core/ids.h"
#include "flightly/tools/tool_args.h"
#include "memory/long_term.h"

namespace contrail::flightly {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kNeedsUser = " reads and writes the caller's own memory: call it with a user's API key";

// The spec every memory tool shares: read-only unless it says otherwise, never cached (the result
// is the caller's own, and the tool-result cache keys by the arguments alone).
mcp::ToolSpec MemorySpec(std::string name, std::string title, std::string description, std::string_view schema) {
  mcp::ToolSpec spec;
  spec.name = std::move(name);
  spec.title = std::move(title);
  spec.description = std::move(description);
  spec.input_schema = json::parse(schema).as_object();
  return spec;
}

// The checks every memory tool makes before it reads: a user to act for, a well-formed session.
std::optional<mcp::ToolOutput> Refusal(const mcp::ToolSpec& spec, const mcp::ToolCall& call,
                                       const std::optional<std::string>& session) {
  if (call.user.empty()) return mcp::ToolOutput::Failure(spec.name + std::string(kNeedsUser));
  if (session) {
    if (core::Status s = core::CheckId(*session, "session", "session"); !s) {
      return mcp::ToolOutput::Failure(s.error().message);
    }
  }
  return std::nullopt;
}

json::object EventJson(const memory::MemoryEvent& e, bool full) {
  json::object o{{"role", llm::RoleName(e.role)}, {"content", e.content}, {"created_at", e.ts / 1000}};
  if (!full) return o;
  o["id"] = e.db_id;
  o["event_id"] = e.event_id;
  o["seq"] = e.seq;
  boost::system::error_code ec;
  json::value metadata = json::parse(e.metadata, ec);
  o["metadata"] = ec ? json::value(json::object()) : std::move(metadata);
  return o;
}

class MemoryExtract : public mcp::Tool {
 public:
  explicit MemoryExtract(const MemoryToolDeps& deps)
      : deps_(deps),
        spec_(MemorySpec("memory_extract", "Remember now",
                         "Stores now what the caller said that is still waiting to be stored (optionally of one "
                         "session), with the facts and preferences it states; returns how many events were stored "
                         "and memories written. Memories are otherwise stored within about a second.",
                         R"({"type":"object","properties":{"session":{"type":"string","minLength":1,"maxLength":128}},
                             "additionalProperties":false})")) {
    spec_.side_effects = true;
    spec_.timeout = std::chrono::seconds(10);
  }
  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& args, const mcp::ToolCall& call) override {
    const std::optional<std::string> session = ArgOptionalText(args, "session");
    if (auto no = Refusal(spec_, call, session)) co_return *no;
    CONTRAIL_CO_TRY(memory::StoreReport report,
                    co_await memory::ExtractNow(deps_.valkey, deps_.pg, deps_.extractor, deps_.embedder, call.user,
                                                session.value_or(""), deps_.event_partitions));
    co_return mcp::ToolOutput::Json(json::object{{"user", call.user},
                                                 {"events_stored", static_cast<std::int64_t>(report.stored)},
                                                 {"records_written", static_cast<std::int64_t>(report.records)}});
  }

 private:
  MemoryToolDeps deps_;
  mcp::ToolSpec spec_;
};

class MemoryEvents : public mcp::Tool {
 public:
  explicit MemoryEvents(pg::Pool& pg)
      : pg_(pg),
        spec_(MemorySpec("memory_events", "A session's events",
                         "The caller's stored events of one session in order (role, content, metadata such as tool "
                         "calls, time), `limit` at a time; pass the returned next_cursor to read on.",
                         R"({"type":"object","properties":{
                             "session":{"type":"string","minLength":1,"maxLength":128},
                             "cursor":{"type":"string","maxLength":64},
                             "limit":{"type":"integer","minimum":1,"maximum":1000,"default":100}},
                             "required":["session"],"additionalProperties":false})")) {}
  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& args, const mcp::ToolCall& call) override {
    const std::string session = ArgText(args, "session");
    if (auto no = Refusal(spec_, call, session)) co_return *no;
    auto page = co_await memory::ListSessionEvents(pg_, call.user, session, ArgText(args, "cursor"),
                                                   static_cast<int>(ArgInt(args, "limit", 100)));
    if (!page && page.error().code == core::Code::kInvalidArgument) {
      co_return mcp::ToolOutput::Failure(page.error().message);
    }
    if (!page) co_return page.error();
    json::array events;
    for (const memory::MemoryEvent& e : page->events) events.push_back(EventJson(e, true));
    json::object out{{"session", session}, {"events", std::move(events)}, {"has_more", !page->next_cursor.empty()}};
    if (!page->next_cursor.empty()) out["next_cursor"] = page->next_cursor;
    co_return mcp::ToolOutput::Json(std::move(out));
  }

 private:
  pg::Pool& pg_;
  mcp::ToolSpec spec_;
};

class MemoryConversation : public mcp::Tool {
 public:
  explicit MemoryConversation(pg::Pool& pg)
      : pg_(pg),
        spec_(MemorySpec("memory_conversation", "A past conversation",
                         "One of the caller's sessions as a conversation: its user and assistant messages in "
                         "order, rebuilt from the stored events (at most 1,000; `truncated` when there were more).",
                         R"({"type":"object","properties":{"session":{"type":"string","minLength":1,"maxLength":128}},
                             "required":["session"],"additionalProperties":false})")) {}
  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& args, const mcp::ToolCall& call) override {
    const std::string session = ArgText(args, "session");
    if (auto no = Refusal(spec_, call, session)) co_return *no;
    CONTRAIL_CO_TRY(memory::Conversation conversation, co_await memory::LoadConversation(pg_, call.user, session, 1000));
    json::array messages;
    for (const memory::MemoryEvent& e : conversation.messages) messages.push_back(EventJson(e, false));
    co_return mcp::ToolOutput::Json(
        json::object{{"session", session}, {"messages", std::move(messages)}, {"truncated", conversation.truncated}});
  }

 private:
  pg::Pool& pg_;
  mcp::ToolSpec spec_;
};

class MemoryRecords : public mcp::Tool {
 public:
  MemoryRecords(pg::Pool& pg, embed::Embedder& embedder)
      : pg_(pg),
        embedder_(embedder),
        spec_(MemorySpec("memory_records", "What contrail remembers",
                         "The caller's long-term memories: facts (family, home airport, email), preferences (seat, "
                         "diet, budget, airlines to avoid) and episodes (what a past session was about), with where "
                         "each was said. `query` ranks them by meaning (else newest first); `kinds` keeps some; "
                         "`history` also returns values a later one superseded.",
                         R"({"type":"object","properties":{
                             "query":{"type":"string","maxLength":4096},
                             "kinds":{"type":"array","items":{"enum":["fact","preference","episode","summary"]},
                                      "maxItems":4},
                             "k":{"type":"integer","minimum":1,"maximum":100,"default":10},
                             "history":{"type":"boolean","default":false}},
                             "additionalProperties":false})")) {}
  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& args, const mcp::ToolCall& call) override {
    if (auto no = Refusal(spec_, call, std::nullopt)) co_return *no;
    memory::RecordQuery query;
    query.text = ArgText(args, "query");
    query.k = static_cast<int>(ArgInt(args, "k", 10));
    if (const json::value* h = args.if_contains("history")) query.history = h->as_bool();
    if (const json::value* kinds = args.if_contains("kinds")) {
      for (const json::value& kind : kinds->as_array()) query.kinds.emplace_back(kind.as_string());
    }
    CONTRAIL_CO_TRY(std::vector<memory::MemoryRecord> records,
                    co_await memory::SearchRecords(pg_, embedder_, call.user, std::move(query)));
    json::array out;
    for (const memory::MemoryRecord& r : records) {
      json::array sources;
      for (std::int64_t id : r.source_event_ids) sources.push_back(id);
      out.push_back(json::object{{"id", r.id}, {"kind", r.kind}, {"slot", r.slot}, {"value", r.value},
                                 {"text", r.text}, {"session", r.session}, {"source_event_ids", std::move(sources)},
                                 {"valid_from", r.valid_from_ms / 1000},
                                 {"superseded_by", r.superseded_by ? json::value(*r.superseded_by) : json::value()},
                                 {"score", r.score}});
    }
    co_return mcp::ToolOutput::Json(json::object{{"user", call.user}, {"records", std::move(out)}});
  }

 private:
  pg::Pool& pg_;
  embed::Embedder& embedder_;
  mcp::ToolSpec spec_;
};

}  // namespace

std::unique_ptr<mcp::Tool> MakeMemoryExtractTool(const MemoryToolDeps& deps) {
  return std::make_unique<MemoryExtract>(deps);
}
std::unique_ptr<mcp::Tool> MakeMemoryEventsTool(pg::Pool& pg) { return std::make_unique<MemoryEvents>(pg); }
std::unique_ptr<mcp::Tool> MakeMemoryConversationTool(pg::Pool& pg) {
  return std::make_unique<MemoryConversation>(pg);
}
std::unique_ptr<mcp::Tool> MakeMemoryRecordsTool(pg::Pool& pg, embed::Embedder& embedder) {
  return std::make_unique<MemoryRecords>(pg, embedder);
}

}  // namespace contrail::flightly
