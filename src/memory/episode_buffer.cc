#include "memory/episode_buffer.h"

#include <algorithm>
#include <set>

namespace contrail::memory {

const std::string* EpisodeBuffer::HeldText(const SessionKey& session) const {
  auto it = held_.find(session);
  return it == held_.end() ? nullptr : &it->second.episode.text;
}

bool EpisodeBuffer::Due(const SessionKey& session, Clock::time_point now) const {
  auto it = written_.find(session);
  return it == written_.end() || now - it->second >= interval_;
}

void EpisodeBuffer::Join(EpisodeWrite& into, const EpisodeWrite& change) {
  if (change.valid_from_ms >= into.valid_from_ms) {
    into.text = change.text;
    into.valid_from_ms = change.valid_from_ms;
  }
  into.source_ids.insert(into.source_ids.end(), change.source_ids.begin(), change.source_ids.end());
}

EpisodeBuffer::Plan EpisodeBuffer::Split(std::vector<EpisodeWrite> changes, Clock::time_point now,
                                         bool everything) const {
  Plan plan;
  std::set<SessionKey> changed;
  for (EpisodeWrite& change : changes) {
    changed.insert(change.session);
    EpisodeWrite episode;
    if (auto it = held_.find(change.session); it != held_.end()) {
      episode = it->second.episode;
      Join(episode, change);
    } else {
      episode = std::move(change);
    }
    (everything || Due(episode.session, now) ? plan.write : plan.hold).push_back(std::move(episode));
  }
  // Held sessions without a change: the due ones, and past max_held_ the oldest.
  std::vector<const Held*> waiting;
  for (const auto& [session, held] : held_) {
    if (changed.count(session) == 0) waiting.push_back(&held);
  }
  std::sort(waiting.begin(), waiting.end(), [](const Held* a, const Held* b) { return a->since < b->since; });
  std::size_t over = plan.hold.size() + waiting.size() > max_held_ ? plan.hold.size() + waiting.size() - max_held_ : 0;
  std::size_t due = 0;
  for (const Held* held : waiting) {
    if (over > 0) {
      --over;
    } else if (!everything) {
      if (due >= max_due_ || !Due(held->episode.session, now)) continue;
      ++due;
    }
    plan.write.push_back(held->episode);
  }
  return plan;
}

bool EpisodeBuffer::AnyDue(Clock::time_point now) const {
  if (held_.size() > max_held_) return true;
  return std::any_of(held_.begin(), held_.end(), [&](const auto& h) { return Due(h.first, now); });
}

void EpisodeBuffer::Committed(const Plan& plan, Clock::time_point now) {
  for (const EpisodeWrite& w : plan.write) {
    held_.erase(w.session);
    if (interval_.count() > 0) written_[w.session] = now;
  }
  for (const EpisodeWrite& h : plan.hold) {
    auto [it, added] = held_.try_emplace(h.session, Held{h, now});
    if (!added) it->second.episode = h;  // Split joined what was held into it
  }
  // Sessions written longer than an interval ago are due anyway: forgotten, so the map holds only
  // the sessions of the last interval.
  if (now >= next_prune_) {
    next_prune_ = now + std::max(interval_, std::chrono::milliseconds(1'000));
    std::erase_if(written_, [&](const auto& w) { return now - w.second >= interval_; });
  }
}

}  // namespace contrail::memory
