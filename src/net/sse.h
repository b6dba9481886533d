#pragma once
// Server-Sent Events (https://html.spec.whatwg.org/multipage/server-sent-events.html):
// formatting events on the server side and an incremental parser for the client side.

#include <string>
#include <string_view>
#include <vector>

namespace contrail::net {

// "data: <payload>\n\n"; a payload with newlines becomes several data lines.
std::string SseData(std::string_view payload);

struct SseEvent {
  std::string event;  // "message" unless an `event:` field named it
  std::string data;   // data lines joined with '\n'
  std::string id;
};

// Parses an SSE byte stream as it arrives. Feed() takes any split of the input (a chunk may end
// mid-line or mid-CRLF) and returns the events completed by it; comments (":") and unknown fields
// are ignored. Not thread-safe.
class SseParser {
 public:
  // Appends complete events to `out`. Returns false when the buffered partial line exceeds
  // `max_line` bytes (a misbehaving peer); the parser is then unusable.
  bool Feed(std::string_view bytes, std::vector<SseEvent>& out);

  static constexpr std::size_t kMaxLine = 4 << 20;

 private:
  void ProcessLine(std::string_view line, std::vector<SseEvent>& out);

  std::string pending_;  // an incomplete line
  bool skip_lf_ = false;  // the last chunk ended in '\r'
  SseEvent current_;
  bool has_data_ = false;
};

}  // namespace contrail::net
