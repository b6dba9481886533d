// The memory extractor's rules for who the traveller is and how to reach them (name, home airport,
// email, loyalty tier), their budget and their seat.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/text.h"
#include "flightly/gazetteer.h"
#include "flightly/memory_extractor_rules.h"

namespace contrail::flightly::memory_rules {
namespace {

using Words = std::span<const std::string_view>;

bool IsWordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

// Token i as the message wrote it ("McKenna"); title case when it was all lowercase.
std::string Written(const Clause& c, std::size_t i) {
  const std::string_view word = c.tokens.text(i);
  const std::string lower = core::AsciiLower(c.text);
  std::string out(word);
  for (std::size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || !IsWordByte(lower[at - 1])) && (end == lower.size() || !IsWordByte(lower[end]))) {
      out = c.text.substr(at, word.size());
      break;
    }
  }
  if (std::none_of(out.begin(), out.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }) && !out.empty() &&
      out[0] >= 'a' && out[0] <= 'z') {
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  }
  return out;
}

constexpr std::string_view kNotASurname[] = {"i", "im", "a", "an", "the", "and", "or", "but", "from", "in", "on",
                                             "at", "with", "here", "speaking", "to", "for", "by", "of", "my", "our",
                                             "we", "it", "its", "this", "please", "thanks"};

bool NameWord(const Tokens& t, std::size_t i) {
  const std::string_view w = t.text(i);
  return !w.empty() && t.number(i) < 0 && std::all_of(w.begin(), w.end(), [](char ch) { return !std::isdigit(static_cast<unsigned char>(ch)); }) &&
         !NotAName(w) && MatchPlace(t, i).place == nullptr;
}

// The name that starts at token i: up to three capitalised words, or (any_case, after "my name
// is") one lowercase word, two when they end the clause. "" when token i starts no name.
std::string NameAt(const Clause& c, std::size_t i, bool any_case) {
  const Tokens& t = c.tokens;
  if (i >= t.size() || !NameWord(t, i) || (!any_case && !t[i].capital)) return "";
  std::size_t n = 1;
  if (t[i].capital) {
    // A surname may be a word ("Nate Gold", "Sam Hope"): only words that start no name's part end it.
    while (n < 3 && i + n < t.size() && t[i + n].capital && t[i + n].separator == ' ' && t.number(i + n) < 0 &&
           !In(t.text(i + n), kNotASurname)) {
      ++n;
    }
  } else if (i + 2 == t.size() && NameWord(t, i + 1)) {
    n = 2;
  }
  std::string name;
  for (std::size_t k = 0; k < n; ++k) name += (k ? " " : "") + Written(c, i + k);
  return name;
}

// Where a name starts after a self-introduction at token i ("my name is", "I'm", "Dana here"), or
// npos. any_case says whether a lowercase name counts.
std::size_t IntroducedAt(const Clause& c, std::size_t i, bool& any_case) {
  const Tokens& t = c.tokens;
  any_case = true;
  if (At(t, i, "my name is")) return i + 3;
  if (At(t, i, "my names")) return i + 2;
  if (At(t, i, "call me") && (i == c.begin || In(t.text(i - 1), std::array<std::string_view, 3>{"can", "just", "please"}))) {
    return i + 2;
  }
  const bool starts = c.message_start && i == c.begin;
  if (starts && c.greeting && (t.text(i) == "its" || At(t, i, "it is"))) {
    const std::size_t j = i + (t.text(i) == "its" ? 1 : 2);
    if (j + 1 == t.size() || (j + 1 < t.size() && t[j + 1].separator != ' ')) return j;
  }
  any_case = false;
  if (t.text(i) == "im") return i + 1;
  if (At(t, i, "i am")) return i + 2;
  if (starts && At(t, i, "this is")) return i + 2;
  for (std::size_t k = i + 1; starts && k <= i + 2; ++k) {
    const bool here = t.text(k) == "here" || t.text(k) == "speaking";  // "Dana here", "Dana Ruiz speaking"
    if (here && (k + 1 == t.size() || t[k + 1].separator != ' ')) return i;
  }
  return std::string_view::npos;
}

}  // namespace

void FindName(const Clause& c, MessageFacts& facts) {
  if (c.question || c.voice == Voice::kOther || !facts.name.empty()) return;
  for (std::size_t i = c.begin; i < c.tokens.size(); ++i) {
    bool any_case = false;
    const std::size_t at = IntroducedAt(c, i, any_case);
    if (at == std::string_view::npos || OtherBefore(c, at) || PartnerBefore(c, at)) continue;
    std::string name = NameAt(c, at, any_case);
    if (name.empty()) continue;
    facts.name = std::move(name);
    facts.Correct("name", c.correction);
    return;
  }
}

namespace {

constexpr std::string_view kHomeCues[] = {"live in", "living in", "live on", "live near", "live outside", "live just outside",
                                          "live close to", "based near", "based in", "based out of", "home airport is",
                                          "home airport", "home is", "home base is", "home base", "moved to", "relocated to", "im from",
                                          "were from", "i am from", "we are from"};
constexpr std::string_view kFlyCues[] = {"fly out of", "flying out of", "fly from", "flying from"};
constexpr std::string_view kHabitual[] = {"usually", "always", "normally", "generally", "typically", "mostly", "often"};
constexpr std::string_view kNotNow[] = {"originally", "grew", "born", "until", "used"};

// The cue of a home airport at token i; its size in tokens, or 0.
std::size_t HomeCue(const Tokens& t, std::size_t i) {
  if (i > 0 && In(t.text(i - 1), std::array<std::string_view, 5>{"to", "would", "could", "might", "wanna"})) return 0;
  for (std::string_view cue : kHomeCues) {
    if (At(t, i, cue)) return 1 + std::count(cue.begin(), cue.end(), ' ');
  }
  bool habitual = FindAny(t, kHabitual, 0) < t.size() || (i > 0 && (t.text(i - 1) == "i" || t.text(i - 1) == "we"));
  for (std::size_t k = 0; k < t.size() && !habitual; ++k) habitual = At(t, k, "from now on");
  for (std::string_view cue : kFlyCues) {
    if (habitual && At(t, i, cue)) return 1 + std::count(cue.begin(), cue.end(), ' ');
  }
  return 0;
}

}  // namespace

void FindHome(const Clause& c, MessageFacts& facts) {
  const Tokens& t = c.tokens;
  if (c.question || c.voice == Voice::kOther || FindAny(t, kNotNow, 0) < t.size()) return;
  for (std::size_t i = c.begin; i < t.size(); ++i) {
    const Place* place = nullptr;
    if (At(t, i, "is my home airport")) {  // "SFO is my home airport"
      for (std::size_t k = c.begin; k < i && !place; ++k) {
        const PlaceMatch m = MatchPlace(t, k);
        if (m.place && k + m.words == i) place = m.place;
      }
    } else if (const std::size_t cue = HomeCue(t, i)) {
      const std::size_t at = i + cue + (t.text(i + cue) == "the");
      place = MatchPlace(t, at).place;
    }
    if (!place || NegatedBefore(c, i) || OtherBefore(c, i)) continue;
    facts.home = place;
    facts.Correct("home_airport", c.correction || t.text(i) == "moved" || t.text(i) == "relocated");
    return;
  }
}

namespace {

constexpr std::string_view kMoneyWords[] = {"dollars", "dollar", "usd", "bucks"};
// What a budget is called: "my budget", "our budget's tight", "my spending limit", "my max".
constexpr std::string_view kBudgetNouns[] = {"budget", "budgets", "limit", "max", "maximum"};
constexpr std::string_view kNotMoney[] = {"year", "years", "yo", "kids", "children", "adults", "people",
                                          "nights", "days", "weeks", "hours", "hour", "kg", "pounds", "lbs"};
constexpr std::string_view kSpendCues[] = {"can spend", "could spend", "able to spend", "can afford",
                                           "could afford", "willing to spend", "want to spend",
                                           "plan to spend", "spend up to", "to spend"};
constexpr std::string_view kHaveCues[] = {"we have", "i have", "weve got", "ive got", "we got", "weve", "ive"};
constexpr std::string_view kNotABudget[] = {"hotel", "hotels", "room", "rooms", "accommodation", "lodging",
                                            "airbnb", "food", "daily", "nightly"};
constexpr std::string_view kComparatives[] = {"under", "below", "less", "cheaper", "over", "above", "more",
                                              "within"};

struct Money {
  std::size_t at = 0;
  int usd = 0;
  bool per_person = false;
  bool per_night = false;
};

// Whether token i is written as money: "$300", "300 dollars", "3k".
bool WrittenAsMoney(const Tokens& t, std::size_t i) {
  return t.number(i) > 0 && (t[i].dollar || In(t.text(i + 1), kMoneyWords) || t.text(i).back() == 'k');
}

// The first amount of money in tokens [from, from + span): written as money, or (bare) a number
// of 20 and more that counts nothing else. Stops at "not" ("$500, not $300").
Money MoneyAfter(const Tokens& t, std::size_t from, std::size_t span, bool bare) {
  Money m;
  for (std::size_t i = from; i < t.size() && i < from + span; ++i) {
    if (t.text(i) == "not" || t.text(i) == "rather") break;
    const bool plain = bare && t.number(i) >= 20 && !In(t.text(i + 1), kNotMoney);
    if (!WrittenAsMoney(t, i) && !plain) continue;
    m.usd = t.number(i);
    m.at = i;
    for (std::size_t k = i + 1; k <= i + 4 && k < t.size(); ++k) {
      if (At(t, k, "a person") || At(t, k, "per person") || At(t, k, "per head") || At(t, k, "a head") ||
          At(t, k, "a ticket") || At(t, k, "per ticket") ||
          In(t.text(k), std::array<std::string_view, 3>{"pp", "each", "per"})) {
        m.per_person = !At(t, k, "per night");
      }
      if (At(t, k, "a night") || At(t, k, "per night") || t.text(k) == "nightly" || t.text(k) == "night") {
        m.per_night = true;
      }
    }
    return m;
  }
  return m;
}

// The amount a standing cue at token i gives ("my budget is $300", "we can spend up to 500
// dollars", "we have $2000"); usd 0 when there is no cue at i.
Money BudgetAt(const Clause& c, std::size_t i) {
  const Tokens& t = c.tokens;
  const bool mine = In(t.text(i - 1), std::array<std::string_view, 2>{"my", "our"}) ||
                    In(t.text(i - 2), std::array<std::string_view, 2>{"my", "our"});
  if (In(t.text(i), kBudgetNouns)) {
    const bool budget = t.text(i) == "budget";
    const bool label = i + 1 < t.size() && t[i + 1].separator == ':';  // "Budget: $1200 total."
    const bool owned = mine || label || (budget && (t.text(i + 1) == "is" || At(t, i - 3, "on a") || At(t, i - 2, "on a") ||
                                           At(t, i - 2, "have a") || At(t, i - 3, "have a")));
    const bool other = i > 0 && (In(t.text(i - 1), kNotABudget) || In(t.text(i - 2), kNotABudget));
    const bool past = t.text(i + 1) == "was" || t.text(i + 1) == "used";  // "my budget was $2000 but …"
    return owned && !other && !past ? MoneyAfter(t, i + 1, 6, true) : Money{};
  }
  if (c.voice != Voice::kSelf) return {};
  for (std::string_view cue : kSpendCues) {
    if (At(t, i, cue)) return MoneyAfter(t, i + 1 + std::count(cue.begin(), cue.end(), ' '), 4, true);
  }
  for (std::string_view cue : kHaveCues) {
    if (At(t, i, cue)) return MoneyAfter(t, i + 1 + std::count(cue.begin(), cue.end(), ' '), 3, false);
  }
  return {};
}

}  // namespace

void FindBudget(const Clause& c, const MessageContext& context, MessageFacts& facts) {
  const Tokens& t = c.tokens;
  for (std::size_t i = 0; i < t.size(); ++i) {
    facts.money = facts.money || WrittenAsMoney(t, i);
    facts.budget_said = facts.budget_said || (t.text(i) == "budget" && c.voice == Voice::kSelf && !c.question);
  }
  if (c.question || c.voice == Voice::kOther) return;
  Money money;
  for (std::size_t i = c.begin; i < t.size() && money.usd == 0; ++i) {
    if (!NegatedBefore(c, i)) money = BudgetAt(c, i);
  }
  // "make that $1,500", "but it's $1500 now" right after a budget: a new budget, unless it is a
  // fare's limit ("actually, under $400").
  if (money.usd == 0 && context.last_money_was_budget && c.correction) {
    money = MoneyAfter(t, c.begin, t.size(), false);
    if (money.usd > 0 && (In(t.text(money.at - 1), kComparatives) || In(t.text(money.at - 2), kComparatives))) money = {};
  }
  if (money.usd <= 0) return;
  if (money.per_night) {  // "our budget is $300 a night for hotels": a room's, not a fare's
    facts.hotel_budget_usd = money.usd;
    facts.Correct("hotel_budget_usd", c.correction);
    return;
  }
  facts.budget_usd = money.usd;
  facts.budget_per_person = money.per_person;
  facts.Correct("budget_usd", c.correction);
}

namespace {

constexpr std::string_view kSeatCues[] = {"prefer", "preferably", "always", "like", "love", "want", "need",
                                          "please", "usually", "only", "ideally", "give", "book", "request",
                                          "person", "switched", "switch", "moved", "go", "pick", "choose"};
constexpr std::string_view kNotSeats[] = {"room", "rooms", "view", "views", "hotel", "suite", "car", "train",
                                          "shopping", "cabin", "table"};

}  // namespace

void FindSeat(const Clause& c, MessageFacts& facts) {
  const Tokens& t = c.tokens;
  if (c.question || c.voice != Voice::kSelf || FindAny(t, kNotSeats, 0) < t.size()) return;
  const std::size_t aisle = FindAny(t, std::array<std::string_view, 1>{"aisle"}, c.begin);
  const std::size_t window = FindAny(t, std::array<std::string_view, 1>{"window"}, c.begin);
  if ((aisle < t.size()) == (window < t.size())) return;  // neither, or both ("a window and an aisle")
  const std::size_t at = std::min(aisle, window);
  bool cued = FindAny(t, kSeatCues, 0) < t.size();
  for (std::size_t k = at; k < t.size() && !cued; ++k) cued = At(t, k, "for me");
  if (!cued || NegatedBefore(c, at) || OtherBefore(c, at) || PartnerBefore(c, at)) return;
  facts.seat = aisle < t.size() ? "aisle" : "window";
  facts.Correct("seat", c.correction);
}

namespace {

// "my email", "my work address": the traveller's; "my assistant", "my boss": someone else's.
constexpr std::string_view kMyAddress[] = {"email", "emails", "e", "mail", "address", "work", "personal", "new",
                                           "gmail", "account", "contact", "inbox", "business", "private", "main",
                                           "primary", "other", "old", "usual", "name"};
constexpr std::string_view kEmailCues[] = {"email", "emails", "mail", "address", "reach", "contact", "send", "me",
                                           "its", "use", "write"};

}  // namespace

void FindEmail(const Clause& c, MessageFacts& facts) {
  const std::size_t at = c.text.find('@');
  if (at == std::string::npos || c.question || c.voice == Voice::kOther) return;
  std::string email = EmailAround(c.text, at);
  if (email.empty()) return;
  // The tokens before the address: someone else's ("her email is …") or no cue at all.
  Tokens before(std::string_view(c.text).substr(0, at));
  // The clause's tokens start with these (the address splits into more).
  if (FindAny(before, kEmailCues, 0) >= before.size() || OtherBefore(c, before.size()) ||
      PartnerBefore(c, before.size())) {
    return;
  }
  for (std::size_t k = 0; k + 1 < before.size(); ++k) {  // "send it to my assistant, lisa@…"
    if ((before.text(k) == "my" || before.text(k) == "our") && !In(before.text(k + 1), kMyAddress)) return;
  }
  facts.email = std::move(email);
  facts.Correct("email", c.correction);
}

namespace {

constexpr std::string_view kTierQualifiers[] = {"a", "an", "executive", "premier", "elite", "top", "tier"};
constexpr std::string_view kAboutTierWords[] = {"requirement", "requirements", "criteria", "qualify", "qualifying",
                                                "qualification", "benefits", "benefit", "perks", "perk", "earn",
                                                "reach", "worth", "rules", "needed", "need", "get", "vs", "versus"};
constexpr std::string_view kTierNouns[] = {"member", "status", "tier", "elite", "level", "medallion", "card",
                                           "cardholder", "membership", "flyer"};

}  // namespace

void FindLoyalty(const Clause& c, MessageFacts& facts) {
  const Tokens& t = c.tokens;
  if (c.question || c.voice != Voice::kSelf) return;
  const std::size_t i = FindAny(t, kLoyaltyTiers, c.begin);
  if (i >= t.size() || NegatedBefore(c, i) || OtherBefore(c, i) || PartnerBefore(c, i)) return;
  bool cued = t.text(i - 1) == "status" || t.text(i - 2) == "status";
  for (std::size_t k = i + 1; k <= i + 3; ++k) cued = cued || In(t.text(k), kTierNouns);
  // A tier named with its noun and a word that asks about tiers is a question without its "?":
  // "silver tier requirement", "gold status perks" (not "Platinum status with Delta").
  for (std::size_t k = c.begin; k < t.size(); ++k) cued = cued && !In(t.text(k), kAboutTierWords);
  // "I'm gold", "I'm a Delta Platinum", "I'm an executive platinum": the tier after "I'm", with an
  // article, qualifiers and an airline's capitalised name between.
  std::size_t subject = i;
  while (subject > c.begin && (In(t.text(subject - 1), kTierQualifiers) || t[subject - 1].capital) &&
         t.text(subject - 1) != "im" && t.text(subject - 1) != "i") {
    --subject;
  }
  cued = cued || t.text(subject - 1) == "im" || At(t, subject - 2, "i am");
  cued = cued || At(t, c.begin, "i have") || At(t, c.begin, "ive got") || At(t, c.begin, "i hold") ||
         t.text(c.begin) == "ive";
  // "I dropped down to Silver", "I got upgraded to Gold", "we made Platinum": a new tier of one's own.
  for (std::string_view p : {"down to", "up to", "upgraded to", "downgraded to", "dropped to", "moved to", "made",
                             "reached", "earned", "got"}) {
    cued = cued || (subject >= 2 && At(t, subject - (p.find(' ') == std::string_view::npos ? 1 : 2), p) &&
                    (At(t, c.begin, "i") || At(t, c.begin, "we") || At(t, c.begin, "im")));
  }
  if (!cued) return;
  facts.loyalty_tier = *std::find(std::begin(kLoyaltyTiers), std::end(kLoyaltyTiers), t.text(i));
  facts.Correct("loyalty_tier", c.correction);
}

}  // namespace contrail::flightly::memory_rules
