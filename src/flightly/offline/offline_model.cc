#include "flightly/offline/offline_model.h"

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>

#include "core/text.h"
#include "flightly/offline/agent_steps.h"
#include "flightly/offline/booking_steps.h"
#include "flightly/offline/respond.h"

namespace contrail::flightly::offline {
namespace {

// A streamed answer arrives a few words at a time, which reads naturally in a chat UI without
// costing one write per word.
constexpr std::size_t kWordsPerDelta = 4;

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t'; }

// The end of the piece that starts at start: kWordsPerDelta words with the whitespace after
// them, so the pieces concatenate back to s.
std::size_t PieceEnd(std::string_view s, std::size_t start) {
  std::size_t i = start;
  for (std::size_t words = 0; words < kWordsPerDelta && i < s.size(); ++words) {
    while (i < s.size() && !IsSpace(s[i])) ++i;
    while (i < s.size() && IsSpace(s[i])) ++i;
  }
  return i;
}

// Cuts content so that llm::EstimateTokens(content) <= max_tokens, at a word break when one is
// close and never inside a UTF-8 sequence. Returns whether it cut anything.
bool Truncate(std::string& content, int max_tokens) {
  if (llm::EstimateTokens(content) <= max_tokens) return false;
  std::size_t cut = core::Utf8Prefix(content, max_tokens > 0 ? static_cast<std::size_t>(max_tokens) * 4 : 0).size();
  constexpr std::size_t kWordBreakWindow = 24;
  std::size_t space = cut > 0 ? content.rfind(' ', cut) : std::string::npos;
  if (space != std::string::npos && space > 0 && space + kWordBreakWindow >= cut) cut = space;
  content.resize(cut);
  while (!content.empty() && IsSpace(content.back())) content.pop_back();
  return true;
}

class OfflineModel final : public llm::ChatModel {
 public:
  const std::string& id() const override { return id_; }
  bool reads_context() const override { return true; }
  bool built_in() const override { return true; }

  boost::asio::awaitable<core::Result<llm::ChatResult>> Complete(const llm::ChatRequest& request,
                                                                 llm::ChatSink* sink) override {
    llm::ChatResult result;
    for (const llm::Message& m : request.messages) {
      result.usage.prompt_tokens += llm::EstimateTokens(m.content);
    }
    // As an agent's model: first the calls the question needs, then the answer from their results
    // (a booking turn's steps: booking_steps.h; any other's: agent_steps.h).
    std::optional<BookingStep> booking = PlanBookingStep(request);
    std::vector<llm::ToolCall> calls = booking ? std::move(booking->calls) : PlanToolCalls(request);
    if (!calls.empty()) {
      result.tool_calls = std::move(calls);
      result.finish_reason = "tool_calls";
      for (const llm::ToolCall& c : result.tool_calls) result.usage.completion_tokens += llm::EstimateTokens(c.arguments_json);
      co_return result;
    }
    Reply reply = booking && booking->answer ? std::move(*booking->answer)
                  : HasToolResults(request)  ? AnswerFromToolResults(request)
                                             : Respond(request);
    result.content = std::move(reply.content);
    if (request.max_tokens && Truncate(result.content, *request.max_tokens)) {
      result.finish_reason = "length";
    }
    result.usage.completion_tokens = llm::EstimateTokens(result.content);
    if (sink != nullptr) {
      std::string_view all = result.content;
      for (std::size_t start = 0; start < all.size();) {
        std::size_t end = PieceEnd(all, start);
        core::Status status = co_await sink->OnDelta(all.substr(start, end - start));
        if (!status.ok()) co_return core::Result<llm::ChatResult>(std::move(status).error());
        start = end;
      }
    }
    co_return result;
  }

 private:
  const std::string id_ = kOfflineModelId;
};

}  // namespace

std::unique_ptr<llm::ChatModel> MakeOfflineModel() { return std::make_unique<OfflineModel>(); }

}  // namespace contrail::flightly::offline
