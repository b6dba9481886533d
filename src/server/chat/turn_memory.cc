// The chat turn's long-term memory (turn.h): Recall beside LoadContext, episodes on the first turn
// of a session (memory/recall.h says where each comes from).

#include <atomic>

#include "core/clock.h"
#include "core/log.h"
#include "flightly/prompt.h"
#include "memory/extractor.h"
#include "memory/recall.h"
#include "server/chat/turn.h"
#include "server/services.h"

namespace contrail::server::chat {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// After a failed read of PostgreSQL, turns skip recall from it for a second (they answer without
// long-term memory) instead of each paying for the failure: one warning, not one per turn.
std::atomic<std::int64_t> recall_paused_until_ms{0};
constexpr std::int64_t kRecallPauseMs = 1'000;

std::string DayOf(std::int64_t unix_ms) {
  return core::DateText(std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::milliseconds>(
      std::chrono::milliseconds(unix_ms))));
}

}  // namespace

asio::awaitable<void> Turn::Recall(memory::SessionContext& context) {
  const core::MemoryConfig& mc = services_.config.memory;
  if (!mc.recall || mc.recall_k == 0 || request_.user.empty() || degraded_) co_return;
  std::vector<memory::RecalledMemory> memories;
  if (context.memories) {
    memories = std::move(*context.memories);
  } else {
    if (core::UnixMillis() < recall_paused_until_ms.load(std::memory_order_relaxed)) co_return;
    const auto started = Clock::now();
    auto loaded = co_await memory::LoadCurrentMemories(services_.pg, request_.user, mc.recall_k);
    EndStage(Stage::kRecall, started);
    if (!loaded) {  // answered without them
      recall_paused_until_ms.store(core::UnixMillis() + kRecallPauseMs, std::memory_order_relaxed);
      core::log::Warn("recall failed; recalling from the speed layer only for a second",
                      {{"request_id", request_id_}, {"error", loaded.error().message}});
      co_return;
    }
    memories = std::move(*loaded);
    // The speed layer's copy, for this user's next turns (unless the worker wrote one meanwhile).
    valkey::CommandBatch fill;
    memory::AppendMemoryCacheWrite(fill, request_.user, memories, /*only_if_absent=*/true);
    services_.valkey.Submit(std::move(fill), [](core::Result<valkey::Replies>) {}, valkey::Connection::Send::kSoon);
  }
  int used = 0;
  for (memory::RecalledMemory& m : memories) {
    if (m.kind == memory::kEpisode || used >= mc.recall_k) continue;
    // The saved profile is what the traveller set on purpose: it wins over what they said.
    if (context.profile.try_emplace(m.slot, m.value).second) {
      chat_.context.remembered[m.slot] = DayOf(m.at_ms);
      ++used;
    }
  }
}

asio::awaitable<void> Turn::RecallEpisodes() {
  const core::MemoryConfig& mc = services_.config.memory;
  if (!first_turn_ || !mc.recall || mc.recall_k == 0 || degraded_ || understanding_->standalone_query.empty() ||
      core::UnixMillis() < recall_paused_until_ms.load(std::memory_order_relaxed)) {
    co_return;
  }
  const auto started = Clock::now();
  const std::string query[] = {understanding_->standalone_query};
  auto vectors = co_await services_.embeddings.Embed(query);
  core::Result<std::vector<memory::RecalledMemory>> episodes = core::Internal("not embedded");
  if (vectors && !vectors->empty()) {
    episodes = co_await memory::RecallEpisodes(services_.pg, request_.user, (*vectors)[0], 3, session_);
  }
  EndStage(Stage::kRecall, started);
  if (!episodes) {
    recall_paused_until_ms.store(core::UnixMillis() + kRecallPauseMs, std::memory_order_relaxed);
    core::log::Warn("episode recall failed", {{"request_id", request_id_}, {"error", episodes.error().message}});
    co_return;
  }
  for (const memory::RecalledMemory& e : *episodes) chat_.context.episodes.push_back(DayOf(e.at_ms) + ": " + e.text);
  if (!chat_.context.episodes.empty() && !model_.reads_context() && !chat_.messages.empty()) {
    chat_.messages.front().content += flightly::EpisodesPrompt(chat_.context.episodes);
  }
}

}  // namespace contrail::server::chat
