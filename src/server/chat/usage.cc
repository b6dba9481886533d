#include "server/chat/usage.h"

#include <map>

#include "core/log.h"
#include "core/metrics.h"

namespace contrail::server::chat {

namespace {

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

}  // namespace

void AccountUsage(const core::Config& config, const std::string& model, const std::string& request_id,
                  llm::ChatResult& result) {
  llm::Usage& u = result.usage;
  if (auto it = config.prices.find(model); it != config.prices.end()) {
    u.cost_usd = it->second.CostUsd(u.prompt_tokens, u.completion_tokens);
  }
  const ModelCounters& c = CountersFor(model);
  c.prompt_tokens->Inc(u.prompt_tokens);
  c.completion_tokens->Inc(u.completion_tokens);
  c.cost_microdollars->Inc(static_cast<std::uint64_t>(u.cost_usd * 1e6 + 0.5));
  if (config.log.access_log || core::log::DebugEnabled()) {
    auto* log = config.log.access_log ? &core::log::Info : &core::log::Debug;
    log("chat turn", {{"request_id", request_id}, {"model", model}, {"prompt_tokens", u.prompt_tokens},
                      {"completion_tokens", u.completion_tokens}, {"cost_usd", std::to_string(u.cost_usd)},
                      {"finish_reason", result.finish_reason}});
  }
}

}  // namespace contrail::server::chat
