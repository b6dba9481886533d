// The memory extractor's airlines: which airline a name means, which airlines a text names, and
// the airlines a traveller wants to avoid ("never Spirit again", "skip that carrier").
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <span>
#include <string>

#include "core/text.h"
#include "flightly/airline_cues.h"
#include "flightly/memory_extractor_rules.h"
#include "flightly/seed/airlines.h"

namespace contrail::flightly::memory_rules {
namespace {

struct KnownAirline {
  std::string_view code;
  std::string_view name;
};

// US low-cost carriers the seed does not fly but travellers name ("I don't want to fly Frontier").
constexpr KnownAirline kNotInSeed[] = {{"F9", "Frontier Airlines"},
                                       {"G4", "Allegiant Air"},
                                       {"SY", "Sun Country Airlines"},
                                       {"MX", "Breeze Airways"},
                                       {"XP", "Avelo Airlines"}};

// Other ways to write a name: without its accents, or split differently.
constexpr KnownAirline kAliases[] = {{"ana", "All Nippon Airways"},
                                     {"aeromexico", "Aeroméxico"},
                                     {"aerolineas argentinas", "Aerolíneas Argentinas"},
                                     {"jet blue", "JetBlue Airways"},
                                     {"easy jet", "easyJet"},
                                     {"swiss air", "Swiss International Air Lines"}};

// A way to name an airline, in lowercase.
struct Naming {
  std::string lower;      // "american airlines", "american", "ana"
  std::string_view name;  // "American Airlines": static
  std::size_t words;      // of the name it is the start of; 0 for a whole name or an alias
};

// Every airline's whole name and aliases, then the leading words of each multi-word name (longest
// first): the seed's airlines, then the ones it does not fly.
std::vector<Naming> BuildNamings() {
  std::vector<KnownAirline> all;
  for (const seed::Airline& a : seed::Airlines()) all.push_back({a.code, a.name});
  all.insert(all.end(), std::begin(kNotInSeed), std::end(kNotInSeed));
  std::vector<Naming> out;
  for (const KnownAirline& a : all) out.push_back({core::AsciiLower(a.name), a.name, 0});
  for (const KnownAirline& a : kAliases) out.push_back({std::string(a.code), a.name, 0});
  for (const KnownAirline& a : all) {
    std::string_view lead = a.name;
    for (std::size_t space = lead.rfind(' '), n = std::count(lead.begin(), lead.end(), ' '); space != std::string_view::npos;
         space = lead.rfind(' '), --n) {
      lead = lead.substr(0, space);
      out.push_back({core::AsciiLower(lead), a.name, n});
    }
  }
  return out;
}
// The namings by their first two bytes (a one-byte naming by its byte alone): a message is
// scanned at every word start, and most words start no airline's name.
const std::vector<const Naming*>& NamingsStartingWith(std::string_view lower, std::size_t at) {
  using Index = std::vector<std::vector<const Naming*>>;
  auto key = [](unsigned char first, unsigned char second) { return (std::size_t{first} << 8) | second; };
  static const Index by_start = [&key] {
    static const std::vector<Naming> namings = BuildNamings();
    Index out(1 << 16);
    for (const Naming& n : namings) {
      if (n.lower.empty()) continue;
      const auto first = static_cast<unsigned char>(n.lower[0]);
      out[key(first, n.lower.size() > 1 ? static_cast<unsigned char>(n.lower[1]) : 0)].push_back(&n);
    }
    return out;
  }();
  static const std::vector<const Naming*> kNone;
  const auto first = static_cast<unsigned char>(lower[at]);
  const auto second = at + 1 < lower.size() ? static_cast<unsigned char>(lower[at + 1]) : 0;
  if (second == 0) return kNone;
  // A one-byte naming would sit under (first, 0): none of the airlines' names is one byte.
  return by_start[key(first, second)];
}

std::span<const KnownAirline> Codes() {
  static const std::vector<KnownAirline> codes = [] {
    std::vector<KnownAirline> all;
    for (const seed::Airline& a : seed::Airlines()) all.push_back({a.code, a.name});
    all.insert(all.end(), std::begin(kNotInSeed), std::end(kNotInSeed));
    return all;
  }();
  return codes;
}

bool IsWordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

// Whether `lower` has `words` at `at`, ending at a word boundary.
bool WordsAt(std::string_view lower, std::size_t at, std::string_view words) {
  const std::size_t end = at + words.size();
  return lower.compare(at, words.size(), words) == 0 && (end == lower.size() || !IsWordByte(lower[end]));
}

enum class How : std::uint8_t { kNone, kWhole, kLeading, kCode };

struct Found {
  std::string_view name;  // the airline's full name; "" when nothing, or several, matched
  std::size_t length = 0;
  How how = How::kNone;
};

// The airline whose name starts at text[at] (lower: text in lowercase): its full name or an
// alias, else the leading words of exactly one airline's name ("American", "Hawaiian"), else its
// code written in capitals. A leading word must be capitalised unless `cued`, and a short one
// ("LOT", "TAP") always.
Found AirlineAt(std::string_view text, std::string_view lower, std::size_t at, bool cued) {
  if (at >= text.size() || (at > 0 && IsWordByte(text[at - 1]))) return {};
  const bool capital = std::isupper(static_cast<unsigned char>(text[at]));
  Found whole, best;
  std::size_t best_words = 0;
  bool several = false;
  for (const Naming* naming : NamingsStartingWith(lower, at)) {
    const Naming& n = *naming;
    if (!WordsAt(lower, at, n.lower)) continue;
    if (n.words == 0) {
      if (n.lower.size() > whole.length) whole = {n.name, n.lower.size(), How::kWhole};
      continue;
    }
    if ((!cued && !capital) || (n.lower.size() <= 3 && !capital) || n.words < best_words) continue;
    several = n.words == best_words && best.name != n.name;
    if (n.words > best_words) best = {n.name, n.lower.size(), How::kLeading}, best_words = n.words;
  }
  if (!whole.name.empty()) return whole;
  if (several) return {};
  if (!best.name.empty()) return best;
  // Codes are written in capitals or start with a digit ("6E").
  if (!capital && !std::isdigit(static_cast<unsigned char>(text[at]))) return {};
  for (const KnownAirline& a : Codes()) {
    if (text.compare(at, 2, a.code) == 0 && (at + 2 == text.size() || !IsWordByte(text[at + 2]))) {
      return {a.name, 2, How::kCode};
    }
  }
  return {};
}

// Words after which a capitalised leading word is an airline ("on Delta", "fly United").
constexpr std::string_view kFlyingWords[] = {"on", "with", "fly", "flying", "flew", "flown", "booked", "book",
                                             "avoid", "by", "than", "via", "prefer", "love", "hate"};

// The lowercase word that ends right before text[at] (spaces skipped).
std::string_view WordBefore(std::string_view lower, std::size_t at) {
  while (at > 0 && lower[at - 1] == ' ') --at;
  std::size_t from = at;
  while (from > 0 && IsWordByte(lower[from - 1])) --from;
  return lower.substr(from, at - from);
}

}  // namespace

std::vector<std::string_view> AirlinesNamedIn(std::string_view text, bool capitalised_leading) {
  constexpr std::size_t kMaxBytes = 16 * 1024;  // a long tool result: its first flights say enough
  if (text.size() > kMaxBytes) text = text.substr(0, kMaxBytes);
  std::vector<std::string_view> named;
  const std::string lower = core::AsciiLower(text);
  for (std::size_t at = 0; at < text.size(); ++at) {
    const Found f = AirlineAt(text, lower, at, false);
    if (f.name.empty()) continue;
    const std::string_view after = std::string_view(text).substr(at + f.length);
    auto next_is = [&](auto test) { return after.size() > 1 && after[0] == ' ' && test(static_cast<unsigned char>(after[1])); };
    const bool flown = std::find(std::begin(kFlyingWords), std::end(kFlyingWords), WordBefore(lower, at)) != std::end(kFlyingWords);
    const bool counts = f.how == How::kWhole || (f.how == How::kCode && next_is(::isdigit)) ||
                        (f.how == How::kLeading && (flown || capitalised_leading) && !next_is(::isupper));
    if (!counts) continue;
    if (std::find(named.begin(), named.end(), f.name) == named.end()) named.push_back(f.name);
    at += f.length - 1;
  }
  return named;
}

namespace {

// The cues of the flight search (airline_cues.h) and the ways travellers say "never again".
struct AvoidCueTable {
  std::vector<std::string> owned;
  std::vector<std::string_view> cues;
};
AvoidCueTable BuildAvoidCues() {
  AvoidCueTable t;
  for (std::string_view no : {"don't ", "dont ", "do not ", "won't ", "wont ", "will not ", "never ", "not ",
                              "rather not ", "refuse to "}) {
    for (std::string_view verb : {"fly ", "fly with ", "fly on ", "want to fly ", "want to fly with ", "book ",
                                  "book us on ", "book me on ", "put us on ", "put me on ", "use "}) {
      t.owned.push_back(std::string(no) + std::string(verb));
    }
  }
  for (std::string_view cue : {"never ", "never again ", "no more ", "stay away from ", "steer clear of ", "skip ",
                               "hate ", "hate flying ", "done with ", "done flying ", "anything but ", "not ", "no ",
                               "not a fan of ", "not a big fan of ", "no fan of ", "can't stand ", "cant stand ",
                               "dislike ", "avoid flying ", "sick of ", "fed up with "}) {
    t.owned.emplace_back(cue);
  }
  t.cues.assign(std::begin(kAvoidCues), std::end(kAvoidCues));
  t.cues.insert(t.cues.end(), t.owned.begin(), t.owned.end());
  return t;
}
std::span<const std::string_view> AvoidCues() {
  static const AvoidCueTable table = BuildAvoidCues();
  return table.cues;
}

constexpr std::string_view kReferences[] = {"that airline", "this airline", "that carrier", "this carrier",
                                            "the same airline", "that company"};
constexpr std::string_view kRejecting[] = {"avoid", "avoiding", "not", "skip", "never", "no", "dont", "hate",
                                           "except", "excluding", "away", "clear", "without", "nothing", "off"};

}  // namespace

bool RefersToAnAirline(std::string_view message) {
  const std::string lower = core::AsciiLower(message);
  return std::any_of(std::begin(kReferences), std::end(kReferences),
                     [&](std::string_view ref) { return lower.find(ref) != std::string::npos; });
}

namespace {

// The airline "that airline" means in the clause, or "": the last one the message names before
// it, else the context's.
std::string_view Referent(const Clause& c, std::string_view message, const MessageContext& context) {
  const std::string lower = core::AsciiLower(c.text);
  for (std::string_view ref : kReferences) {
    const std::size_t at = lower.find(ref);
    if (at == std::string::npos) continue;
    Tokens before(std::string_view(c.text).substr(0, at));
    bool rejected = false;
    for (std::size_t k = before.size() > 4 ? before.size() - 4 : 0; k < before.size(); ++k) {
      rejected = rejected || std::find(std::begin(kRejecting), std::end(kRejecting), before.text(k)) != std::end(kRejecting);
    }
    if (!rejected) continue;
    const std::vector<std::string_view> named = AirlinesNamedIn(message.substr(0, c.offset + at), true);
    return named.empty() ? context.last_airline : named.back();
  }
  return {};
}

void Avoid(std::string_view name, const Clause& c, MessageFacts& facts) {
  if (name.empty() || std::find(facts.avoid.begin(), facts.avoid.end(), name) != facts.avoid.end()) return;
  facts.avoid.push_back(name);
  facts.Correct("avoid_airlines", c.correction);
}

}  // namespace

void FindAvoided(const Clause& c, std::string_view message, const MessageContext& context, MessageFacts& facts) {
  if (c.question || c.voice == Voice::kOther) return;
  const std::string lower = core::AsciiLower(c.text);
  for (const CuedName& cued : NamesAfterCues(c.text, AvoidCues())) {
    const Found f = AirlineAt(c.text, lower, cued.offset, true);
    const std::size_t end = cued.offset + f.length;
    if (end < c.text.size() && (c.text[end] == '\'' || c.text.compare(end, 3, "\u2019") == 0)) continue;  // "Delta's"
    Avoid(f.name, c, facts);
  }
  Avoid(Referent(c, message, context), c, facts);
}

}  // namespace contrail::flightly::memory_rules
