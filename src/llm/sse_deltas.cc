#include "llm/sse_deltas.h"

#include <memory>
#include <vector>

namespace contrail::llm {

net::BodyCallback ReadSseDeltas(std::string provider, SseEventReader read, std::string& content, ChatSink& sink) {
  // The callback is copied into the HTTP call: the parser's partial line is shared state.
  auto parser = std::make_shared<net::SseParser>();
  return [parser, provider = std::move(provider), read = std::move(read), &content,
          &sink](std::string_view bytes) -> boost::asio::awaitable<core::Status> {
    std::vector<net::SseEvent> events;
    if (!parser->Feed(bytes, events)) co_return core::Upstream(provider + " stream: line too long");
    for (const net::SseEvent& e : events) {
      CONTRAIL_CO_TRY(std::string delta, read(e));
      if (delta.empty()) continue;
      content += delta;
      if (core::Status s = co_await sink.OnDelta(delta); !s) co_return s;
    }
    co_return core::Ok();
  };
}

}  // namespace contrail::llm
