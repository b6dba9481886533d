#include "llm/resilient_model.h"

namespace contrail::llm {

namespace asio = boost::asio;

namespace {

// Passes deltas through and remembers whether any reached the client.
class TrackingSink final : public ChatSink {
 public:
  explicit TrackingSink(ChatSink* inner) : inner_(inner) {}
  asio::awaitable<core::Status> OnDelta(std::string_view text) override {
    delivered_ = true;
    co_return co_await inner_->OnDelta(text);
  }
  bool delivered() const { return delivered_; }

 private:
  ChatSink* inner_;
  bool delivered_ = false;
};

class ResilientModel final : public ChatModel {
 public:
  ResilientModel(std::unique_ptr<ChatModel> inner, net::GuardOptions options)
      : inner_(std::move(inner)), guard_(std::move(options)) {}

  const std::string& id() const override { return inner_->id(); }
  bool reads_context() const override { return inner_->reads_context(); }
  bool built_in() const override { return inner_->built_in(); }

  asio::awaitable<core::Result<ChatResult>> Complete(const ChatRequest& request, ChatSink* sink) override {
    TrackingSink tracking(sink);
    ChatSink* through = sink != nullptr ? &tracking : nullptr;
    core::Result<ChatResult> out;
    core::Status status = co_await guard_.Run(
        [&]() -> asio::awaitable<core::Status> {
          out = co_await inner_->Complete(request, through);
          co_return out ? core::Ok() : core::Status(out.error());
        },
        [&] { return !tracking.delivered(); });
    if (!status) co_return status.error();
    co_return out;
  }

 private:
  std::unique_ptr<ChatModel> inner_;
  net::ProviderGuard guard_;
};

}  // namespace

std::unique_ptr<ChatModel> MakeResilientModel(std::unique_ptr<ChatModel> inner, net::GuardOptions options) {
  return std::make_unique<ResilientModel>(std::move(inner), std::move(options));
}

}  // namespace contrail::llm
