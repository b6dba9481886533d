#include "flightly/airline_cues.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "core/text.h"

namespace contrail::flightly {
namespace {

constexpr std::size_t kMaxNames = 8;

// Words after a cue that are not airlines ("avoid layovers").
bool NotAnAirline(std::string_view word) {
  static constexpr std::string_view kWords[] = {"the",     "a",        "an",     "layovers", "layover", "stops",
                                                "stopovers", "connections", "red", "red-eyes", "redeyes", "overnight",
                                                "early",   "late",     "night",  "long",     "basic",   "budget",
                                                "crowds",  "airlines", "flying", "flights",  "it",      "them"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

}  // namespace

std::vector<CuedName> NamesAfterCues(std::string_view message, std::span<const std::string_view> cues) {
  std::vector<CuedName> out;
  auto add = [&](std::size_t start, std::size_t end) {
    const std::string_view word = message.substr(start, end - start);
    const bool seen = std::any_of(out.begin(), out.end(), [&](const CuedName& n) { return n.word == word; });
    if (!word.empty() && !seen && out.size() < kMaxNames) out.push_back({word, start});
  };
  const std::string text = core::AsciiLower(message);
  auto word_end = [&](std::size_t i) {
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '-')) ++i;
    return i;
  };
  for (std::string_view cue : cues) {
    for (std::size_t at = text.find(cue); at != std::string::npos; at = text.find(cue, at + 1)) {
      if (at > 0 && std::isalpha(static_cast<unsigned char>(text[at - 1]))) continue;
      std::size_t start = at + cue.size();
      // The first name in any case; more ("American and United", "Spirit, Frontier") only
      // capitalised, so "avoid Delta and fly in March" stops at Delta.
      for (bool first = true;; first = false) {
        const std::size_t end = word_end(start);
        const std::string_view word = std::string_view(text).substr(start, end - start);
        if (word.empty() || NotAnAirline(word) || (!first && !std::isupper(static_cast<unsigned char>(message[start])))) break;
        add(start, end);
        std::size_t next = end;
        for (std::string_view joint : {", ", " and ", " or ", ","}) {
          if (text.compare(end, joint.size(), joint) == 0) {
            next = end + joint.size();
            break;
          }
        }
        if (next == end) break;
        start = next;
      }
    }
  }
  return out;
}

}  // namespace contrail::flightly
