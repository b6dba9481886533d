#pragma once
// The ChatModel interface: one chat turn in, one assistant message out, optionally streamed.
// Implementations: flightly::OfflineModel (built-in, weightless), llm::OpenAiCompatModel,
// llm::BedrockModel (Converse), llm::AnthropicModel (Messages).
//
// Tool calling has one internal representation for every provider: the request lists `tools`
// (name, description, JSON Schema); the model may answer with `tool_calls` (finish_reason
// "tool_calls") instead of, or besides, text; the caller runs them and sends the results back as
// Role::kTool messages carrying the call's id. Each provider maps this to its own wire format
// (OpenAI tool_calls, Anthropic tool_use/tool_result blocks, Bedrock toolUse/toolResult).

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace contrail::llm {

enum class Role { kSystem, kUser, kAssistant, kTool };

// "system" | "user" | "assistant" | "tool"
const char* RoleName(Role role);
// Parses an OpenAI role name; nullopt for anything else ("developer" maps to kSystem).
std::optional<Role> ParseRole(std::string_view name);

// One call of a tool the model asked for.
struct ToolCall {
  std::string id;              // the provider's call id; echoed back in the tool's result message
  std::string name;
  std::string arguments_json;  // a JSON object, as text ("{}" when the tool takes no arguments)
};

// A tool offered to the model.
struct ToolSpec {
  std::string name;            // ^[a-zA-Z0-9_-]{1,64}$
  std::string description;
  std::string parameters_json = R"({"type":"object","properties":{}})";  // JSON Schema object
};

struct Message {
  Message() = default;
  Message(Role r, std::string text) : role(r), content(std::move(text)) {}

  Role role = Role::kUser;
  std::string content;
  std::vector<ToolCall> tool_calls;  // kAssistant: the calls it made (content may be empty)
  std::string tool_call_id;          // kTool: which call this is the result of
};

// A passage of the knowledge base retrieved for this turn. Answers cite it as [n].
// A unit of a passage that answers the question (a sentence, list item or table row with its
// heading path), as the retrieval's second stage scored it; scores compare across one turn's
// sources.
struct SourceHighlight {
  std::string path;
  std::string text;
  double score = 0;
};

struct Source {
  int n = 0;                  // 1-based citation number
  std::string document_id;    // the file's path relative to the ingested folder
  std::int64_t chunk_id = 0;
  std::string title;          // the document's title
  std::string heading;        // the section's heading
  std::string text;           // the passage
  double score = 0;           // retrieval score (higher is better)
  std::string metadata_json;  // doc_type, destination, valid_from, valid_to … as a JSON object
  std::vector<SourceHighlight> highlights;  // best first; empty when the turn did not re-score
};

// What the server understood of the conversation, in a domain's own types (for Flightly's turns:
// flightly::Understanding, the session's slots and topic with this message). The server derives
// it once per turn, whichever model answers, and retrieves with it; a model built on that domain
// reads it (dynamic_cast), any other model sees what was retrieved with it and the conversation.
class DomainFacts {
 public:
  virtual ~DomainFacts() = default;
};

// What the server knows for this request besides the messages. Models that compose answers
// themselves (ChatModel::reads_context()) read it directly; the server renders it into system
// messages for every other model.
struct ChatContext {
  std::map<std::string, std::string> profile;  // the user's profile hash (may be empty)
  // The user's last message as a question that stands on its own: "and hotels there?" rewritten
  // with the session's place. Retrieval and caches use it; "" when the turn did not compute one.
  std::string standalone_query;
  std::shared_ptr<const DomainFacts> facts;  // the session as the server understood it, or null
  std::vector<Source> sources;          // knowledge retrieved for this turn, best first
  std::vector<std::string> live_facts;  // current data from the database (fares, seats), one per line
  // What long-term memory added (memory/recall.h), so the answer can say where it got it: the
  // profile fields it filled in (the profile itself said nothing there), each with the day the
  // traveller said it ("2026-12-05"); and earlier sessions' summaries, most relevant first
  // ("2026-12-03: Planned a trip from LAS to HNL in March …").
  std::map<std::string, std::string> remembered;
  std::vector<std::string> episodes;
  // What the user says this turn is kept in long-term memory (the turn is stored as events that a
  // memory worker extracts from), so an answer may say it will remember it.
  bool remembers = false;
};

struct ChatRequest {
  std::string model;
  // In order: system prompt(s), stored history, then this turn's messages. The last element is
  // normally the user's new message.
  std::vector<Message> messages;
  ChatContext context;
  std::optional<int> max_tokens;
  std::optional<double> temperature;
  std::vector<ToolSpec> tools;
  std::string tool_choice = "auto";  // "auto" | "none" | "required" | a tool's name
};

struct Usage {
  int prompt_tokens = 0;
  int completion_tokens = 0;
  double cost_usd = 0;  // filled by the server from the configured price table
  int total_tokens() const { return prompt_tokens + completion_tokens; }
};

struct ChatResult {
  std::string content;                 // the whole assistant message (text part)
  std::vector<ToolCall> tool_calls;    // calls the model wants run (finish_reason "tool_calls")
  std::string finish_reason = "stop";  // "stop" | "length" | "tool_calls"
  Usage usage;
};

// Receives a streamed answer piece by piece. Returning an error aborts the generation (for
// example when the client went away); the model then returns that error.
class ChatSink {
 public:
  virtual ~ChatSink() = default;
  virtual boost::asio::awaitable<core::Status> OnDelta(std::string_view text) = 0;
};

// A chat model. Complete() may be called concurrently from any I/O thread.
class ChatModel {
 public:
  virtual ~ChatModel() = default;

  // The model id clients put in `model` and that GET /v1/models lists.
  virtual const std::string& id() const = 0;

  // True when the model composes answers from ChatRequest::context itself (retrieved sources,
  // live facts, the session's facts); otherwise the server renders that context into system
  // messages for it.
  virtual bool reads_context() const { return false; }
  // True for a model built into contrail (no provider behind it); /v1/models says who owns it.
  virtual bool built_in() const { return false; }

  // Generates the assistant's reply. With a sink, text is delivered through it as it is produced
  // and the result still carries the whole message. Errors: kUnavailable (cannot reach the
  // provider), kTimeout (no answer within the configured time), kUpstream (the provider answered
  // with an error), kInvalidArgument (the provider rejected the request).
  virtual boost::asio::awaitable<core::Result<ChatResult>> Complete(const ChatRequest& request,
                                                                     ChatSink* sink) = 0;
};

// Rough token count for usage accounting when a provider does not report it (≈ 4 chars a token).
int EstimateTokens(std::string_view text);

}  // namespace contrail::llm
