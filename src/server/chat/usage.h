#pragma once
// What a turn's model call cost: usage.cost_usd from the price table, the per-model token and cost
// counters of /metrics, and a log line per turn.

#include <string>

#include "core/config.h"
#include "llm/chat_model.h"

namespace contrail::server::chat {

// Fills result.usage.cost_usd from config.prices (0 for a model without a price); adds the tokens
// and cost to contrail_llm_{prompt,completion}_tokens_total and
// contrail_llm_cost_microdollars_total{model}; logs them at info with log.access_log, else at
// debug. Thread-safe.
void AccountUsage(const core::Config& config, const std::string& model, const std::string& request_id,
                  llm::ChatResult& result);

}  // namespace contrail::server::chat
