#pragma once
// A ChatSink that keeps every streamed piece, for tests of streaming models.

#include <string>
#include <vector>

#include "llm/chat_model.h"

namespace contrail::test {

class CollectSink final : public llm::ChatSink {
 public:
  boost::asio::awaitable<core::Status> OnDelta(std::string_view text) override {
    pieces.emplace_back(text);
    co_return core::Ok();
  }
  std::vector<std::string> pieces;
};

}  // namespace contrail::test
