#pragma once
// Workflow checkpoints: how an agent's run that a crash cut off resumes on the next request, on any
// instance, without running a side-effecting tool call twice.
//
// From the first step that calls a tool with side effects on, RunAgent (agent.h) writes its run so
// far to a CheckpointStore: before each such call (write-ahead: the call is "pending" until its
// result is written), after each step, and, for a delegate (delegate.h), its answer. A checkpoint
// holds the messages its steps appended (each step's assistant message with its calls, then their
// results) and the tool runs that ended. A run that finds a checkpoint for its scope and request
// starts from it: the steps it holds are not asked of the model again; the calls of a cut-off step
// that have no result run now, with the same mcp::ToolCall::idempotency_key as before, so a call
// that did reach its tool (a charge the processor made) changes nothing twice; then the loop goes
// on. Read-only steps before the first side effect are not written: running them again repeats
// nothing that matters.
//
// Scopes: a lead agent's run is scope ""; a call it makes is at "<scope>/<step>.<position>"
// (mcp::ToolCall::call_path), and a delegate it calls runs at "<call path>:<delegate name>".
// A checkpoint counts only for the request it was written for (Fingerprint): a retry with other
// messages, model or tools starts afresh.
//
// Threads: a store is used on its run's executor only.

#include <boost/asio/awaitable.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/agent.h"
#include "core/result.h"

namespace contrail::agent {

struct Checkpoint {
  std::string fingerprint;             // Fingerprint() of the run's request
  int steps = 0;                       // model calls made
  std::vector<llm::Message> messages;  // appended to the request by those steps
  std::vector<ToolRun> tool_runs;      // the calls that ended, as AgentRun has them
  // The run ended with this answer (written for delegates only: a lead's turn stores its answer
  // in the session right after).
  std::optional<llm::ChatResult> answer;
};

// What makes two runs the same request: the model, the tools offered, and every message but the
// system ones (which hold today's date and recalled memories, which a retry may see differently).
std::string Fingerprint(const llm::ChatRequest& request);

std::string CheckpointJson(const Checkpoint& checkpoint);
core::Result<Checkpoint> ParseCheckpoint(std::string_view json);

// Where a run's checkpoints live; one per request (the chat turn's is in Valkey, beside the
// session). Find answers from what the store read when the request began.
class CheckpointStore {
 public:
  virtual ~CheckpointStore() = default;
  // The checkpoint written at `scope`, as JSON, or nullopt.
  virtual std::optional<std::string> Find(std::string_view scope) const = 0;
  // Writes the checkpoint of `scope`. `restart`: the lead's run begins afresh, so every checkpoint
  // of an earlier request goes (a delegate of the old run must not resume into the new one).
  // Returns once the store has it; a failure is logged by the caller and the run goes on.
  virtual boost::asio::awaitable<core::Status> Save(std::string_view scope, std::string json, bool restart) = 0;
  // Whether this request wrote anything (then the caller removes it once the turn is stored).
  virtual bool saved() const = 0;
};

// A store in memory: for tests, benchmarks and runs without Valkey.
class MemoryCheckpointStore final : public CheckpointStore {
 public:
  using Entries = std::map<std::string, std::string, std::less<>>;  // scope → checkpoint
  explicit MemoryCheckpointStore(Entries entries = {}) : entries_(std::move(entries)) {}

  std::optional<std::string> Find(std::string_view scope) const override;
  boost::asio::awaitable<core::Status> Save(std::string_view scope, std::string json, bool restart) override;
  bool saved() const override { return saves_ > 0; }
  int saves() const { return saves_; }
  const Entries& entries() const { return entries_; }

 private:
  Entries entries_;
  int saves_ = 0;
};

}  // namespace contrail::agent
