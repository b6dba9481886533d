#include "server/responses/record_codec.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

namespace contrail::server::responses {

namespace {

constexpr char kIdByte = 0x01;
constexpr char kSessionByte = 0x02;
constexpr unsigned char kFirstRunByte = 0x03;

// The runs, as response_json.cc, request.cc (input items), chat/wire.cc (sources) and
// flightly/session_state.cc (state) write them; entry i is byte kFirstRunByte + i (29 at most:
// 0x1F is the last control byte). A run that no longer matches what those write costs only
// size; changing or removing one changes what stored records mean (record_codec.h: a new mark).
constexpr std::array<std::string_view, 29> kRuns = {
    // The response object, in response_json.cc's order.
    R"(","object":"response","created_at":)",
    R"(,"status":"completed","background":false,"error":null,"incomplete_details":null,"instructions":)",
    R"(,"max_output_tokens":null,"model":")",
    R"(","output":[)",
    R"({"id":"msg_)",
    R"(","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":")",
    R"(","annotations":[]}]})",
    R"(],"parallel_tool_calls":true,"previous_response_id":)",
    R"(,"reasoning":{"effort":null,"summary":null},"store":true,"temperature":1,"text":{"format":{"type":"text"}},)"
    R"("tool_choice":"auto","tools":[],"top_p":1,"truncation":"disabled","usage":{"input_tokens":)",
    R"(,"input_tokens_details":{"cached_tokens":0},"output_tokens":)",
    R"(,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":)",
    R"(,"cost_usd":)",
    R"(},"user":)",
    R"(,"metadata":{})",
    // Grounding sources (chat/wire.cc).
    R"(,"contrail":{"sources":[{"n":)",
    R"(,"document_id":")",
    R"(","chunk_id":)",
    R"(,"title":")",
    R"(","heading":")",
    R"(","score":)",
    R"(,"metadata":{"tags":[")",
    // Input items (request.cc).
    R"([{"type":"message","id":"msg_)",
    R"(","role":"user","status":"completed","content":[{"type":"input_text","text":")",
    // The session state (flightly/session_state.cc).
    R"({"v":1,"intent":")",
    R"(","turns":)",
    R"(,"first":")",
    R"(","topic":")",
    R"(","topics":[")",
    R"("],"slots":{")",
};

// The runs that end by opening a message's text: what follows, up to the string's closing quote,
// is skipped instead of scanned (most of a record's bytes are an answer's text). Nothing in it can
// match: every run and the quoted id hold a quote after their first byte, and inside a JSON
// string every quote follows a backslash, which no run holds. (A session id typed into a message
// is left as it is: the codec only substitutes, so a match not taken costs size, not meaning.)
constexpr std::size_t kOutputTextRun = 5;
constexpr std::size_t kInputTextRun = 22;
static_assert(kRuns[kOutputTextRun].ends_with(R"("output_text","text":")") &&
              kRuns[kInputTextRun].ends_with(R"("input_text","text":")"));

// A text to replace and its code, with its first four bytes as one word: most candidates fail
// on that compare alone (a record has a quote or a comma every few bytes). `keep` leading bytes
// of the text stay as they are, before the code.
struct Candidate {
  std::uint32_t head = 0;
  std::string_view text;
  char code = 0;
  std::size_t keep = 0;
  bool opens_text = false;
};

std::uint32_t Head(std::string_view text) {
  std::uint32_t head = 0;
  std::memcpy(&head, text.data(), std::min(text.size(), sizeof head));
  return head;
}

// The runs by first byte, longest first (the first match is taken); every run is longer than 4
// bytes. `stops`: the bytes the scan stops at — a run's first byte, a quote and an underscore (the
// bytes before an id and a session, in a record) and the control bytes (not JSON text).
struct RunIndex {
  std::array<std::vector<Candidate>, 256> by_first;
  std::array<bool, 256> stops{};
  RunIndex() {
    for (std::size_t i = 0; i < kRuns.size(); ++i) {
      by_first[static_cast<unsigned char>(kRuns[i][0])].push_back(
          {Head(kRuns[i]), kRuns[i], static_cast<char>(kFirstRunByte + i), 0, i == kOutputTextRun || i == kInputTextRun});
    }
    for (std::size_t c = 0; c < 256; ++c) {
      std::stable_sort(by_first[c].begin(), by_first[c].end(),
                       [](const Candidate& a, const Candidate& b) { return a.text.size() > b.text.size(); });
      stops[c] = c < 0x20 || c == '"' || c == '_' || !by_first[c].empty();
    }
  }
};

const RunIndex& Index() {
  static const RunIndex index;
  return index;
}

// Whether `text` holds a byte below 0x20, eight bytes a step (a byte's high bit set is not one).
bool HasControlByte(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, sizeof word);
    if (((word - kOnes * 0x20) & ~word & kOnes * 0x80) != 0) return true;
  }
  for (; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) < 0x20) return true;
  }
  return false;
}

// The position of the quote that closes the JSON string whose content starts at `i`, or n.
std::size_t ClosingQuote(std::string_view record, std::size_t i) {
  while (true) {
    const void* quote = std::memchr(record.data() + i, '"', record.size() - i);
    if (quote == nullptr) return record.size();
    const std::size_t q = static_cast<std::size_t>(static_cast<const char*>(quote) - record.data());
    std::size_t backslashes = 0;
    while (q - backslashes > i && record[q - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return q;
    i = q + 1;
  }
}

bool Matches(std::string_view record, std::size_t i, std::uint32_t head, const Candidate& c) {
  return c.head == head && record.size() - i >= c.text.size() &&
         std::memcmp(record.data() + i, c.text.data(), c.text.size()) == 0;
}

}  // namespace

std::string CompactRecord(std::string_view record, std::string_view id, std::string_view session) {
  const RunIndex& index = Index();
  // In a record the id follows a quote (the body's "id") and the session an underscore (inside
  // the previous response's id, in the body and in the prev field).
  const std::string quoted_id = id.empty() ? std::string() : '"' + std::string(id);
  const std::string marked_session = session.empty() ? std::string() : '_' + std::string(session);
  const Candidate names[] = {{Head(quoted_id), quoted_id, kIdByte, 1},
                             {Head(marked_session), marked_session, kSessionByte, 1}};
  std::string out;
  out.reserve(record.size() / 2 + 16);
  out += kCompactMark;
  std::size_t plain = 0;  // the start of the bytes not yet copied
  const std::size_t n = record.size();
  std::size_t i = 0;
  while (true) {
    while (i < n && !index.stops[static_cast<unsigned char>(record[i])]) ++i;
    if (i + 4 > n) break;
    const auto c = static_cast<unsigned char>(record[i]);
    if (c < 0x20) return std::string(record);  // not JSON text: kept as it is
    const std::uint32_t head = Head(std::string_view(record.data() + i, 4));  // i + 4 <= n
    const Candidate* hit = nullptr;
    if (c == '"' || c == '_') {
      for (const Candidate& name : names) {
        if (!name.text.empty() && Matches(record, i, head, name)) {
          hit = &name;
          break;
        }
      }
    }
    const std::vector<Candidate>& runs = index.by_first[c];
    for (std::size_t k = 0; hit == nullptr && k < runs.size(); ++k) {
      if (Matches(record, i, head, runs[k])) hit = &runs[k];
    }
    if (hit == nullptr) {
      ++i;
      continue;
    }
    out.append(record.data() + plain, i + hit->keep - plain);
    out += hit->code;
    i += hit->text.size();
    plain = i;
    if (hit->opens_text) {
      const std::size_t end = ClosingQuote(record, i);
      if (HasControlByte(record.substr(i, end - i))) return std::string(record);  // not JSON text
      i = end;
    }
  }
  if (HasControlByte(record.substr(i))) return std::string(record);
  out.append(record.data() + plain, n - plain);
  return out;
}

std::optional<std::string> ExpandRecord(std::string_view stored, std::string_view id, std::string_view session) {
  if (stored.empty() || stored[0] != kCompactMark) return std::string(stored);
  stored.remove_prefix(1);
  std::string out;
  out.reserve(stored.size() * 2 + 256);
  std::size_t plain = 0;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const auto c = static_cast<unsigned char>(stored[i]);
    if (c >= 0x20) continue;
    out.append(stored.data() + plain, i - plain);
    plain = i + 1;
    if (c == kIdByte) {
      out += id;
    } else if (c == kSessionByte) {
      out += session;
    } else if (c >= kFirstRunByte && static_cast<std::size_t>(c - kFirstRunByte) < kRuns.size()) {
      out += kRuns[c - kFirstRunByte];
    } else {
      return std::nullopt;
    }
  }
  out.append(stored.data() + plain, stored.size() - plain);
  return out;
}

}  // namespace contrail::server::responses
