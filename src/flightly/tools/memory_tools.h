#pragma once
// The caller's long-term memory as MCP tools (the same reads as the memory API,
// server/routes_memory.cc, through memory/long_term.h):
//
//   memory_extract {session?}                  stores now what the caller's events still waiting in
//                                              the stream say, with the memories extracted from them
//   memory_events {session, cursor?, limit?}   a session's stored events in order, a page at a time
//   memory_conversation {session}              the session's user and assistant messages in order
//   memory_records {query?, kinds?, k?, history?}
//                                              the caller's memories: facts, preferences, episodes
//
// Every tool acts for ToolCall::user (the API key's user, already authorised) and fails as a tool
// error without one: nothing here reads another user's memory. None caches (their results are
// the caller's own).

#include <memory>

#include "embed/embedder.h"
#include "mcp/tool.h"
#include "memory/extractor.h"
#include "pg/pool.h"
#include "valkey/pool.h"

namespace contrail::flightly {

struct MemoryToolDeps {
  pg::Pool& pg;
  valkey::Pool& valkey;
  embed::Embedder& embedder;   // the worker's: records are searched in its space
  const memory::Extractor& extractor;
  int event_partitions = 4;    // memory.event_partitions
};

std::unique_ptr<mcp::Tool> MakeMemoryExtractTool(const MemoryToolDeps& deps);
std::unique_ptr<mcp::Tool> MakeMemoryEventsTool(pg::Pool& pg);
std::unique_ptr<mcp::Tool> MakeMemoryConversationTool(pg::Pool& pg);
std::unique_ptr<mcp::Tool> MakeMemoryRecordsTool(pg::Pool& pg, embed::Embedder& embedder);

}  // namespace contrail::flightly
