#pragma once
// Flightly's tools over the knowledge base and the caller's own data:
//
//   search_knowledge {query, k, filters}   the knowledge base's best passages (hybrid search:
//                                          knowledge/search.h), with their document, title,
//                                          heading and score; filters: doc_type, destination,
//                                          valid_on
//   get_profile {}                         the calling user's own profile (never another's: the
//                                          user is the API key's, ToolCall::user)

#include <memory>

#include "core/config.h"
#include "embed/embedder.h"
#include "mcp/tool.h"
#include "memory/profile_store.h"
#include "pg/pool.h"

namespace contrail::flightly {

std::unique_ptr<mcp::Tool> MakeSearchKnowledgeTool(pg::Pool& pool, embed::Embedder& embedder,
                                                   const core::KnowledgeConfig& config, std::chrono::seconds cache_ttl);
std::unique_ptr<mcp::Tool> MakeGetProfileTool(memory::ProfileStore& profiles);

}  // namespace contrail::flightly
