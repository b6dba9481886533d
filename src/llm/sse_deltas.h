#pragma once
// Reading a provider's streamed answer over SSE (OpenAI-compatible, Anthropic): the events arrive
// in pieces of the HTTP body; each complete event is read by the provider's own reader, and the
// text it adds goes to the whole message and to the caller's sink as it arrives.

#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "llm/chat_model.h"
#include "net/http_client.h"
#include "net/sse.h"

namespace contrail::llm {

// Reads one event; returns the text it adds to the message ("" for none), or an error that ends
// the stream.
using SseEventReader = std::function<core::Result<std::string>(const net::SseEvent&)>;

// A body callback for net::CallProvider. Each text goes to `content` and then to `sink`; an error
// from `read` or from the sink (the client went away) ends the stream with that error. `provider`
// names the provider in the error for a line over net::SseParser::kMaxLine. `content` and `sink`
// must outlive the call the callback is passed to.
net::BodyCallback ReadSseDeltas(std::string provider, SseEventReader read, std::string& content, ChatSink& sink);

}  // namespace contrail::llm
