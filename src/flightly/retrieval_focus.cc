#include "flightly/retrieval_focus.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <span>

#include "core/clock.h"
#include "flightly/intent_rules.h"
#include "flightly/trip_dates.h"
#include "knowledge/query_terms.h"

namespace contrail::flightly {
namespace {

std::vector<std::string> DocTypesFor(Intent intent) {
  switch (intent) {
    case Intent::kPromotions:
    case Intent::kPackages:
      return {"promotion"};
    case Intent::kWeather:
    case Intent::kThingsToDo:
    case Intent::kDestinationIdeas:
      return {"guide"};
    case Intent::kCarRental:  // a bundle's rental car is an offer, getting into town a guide's (FocusOf)
      return {};
    default:
      break;
  }
  if (intent >= Intent::kLostLuggage && intent <= Intent::kContactSupport) return {"policy", "faq"};
  return {};
}

// YYYY-MM-DD of a day of the calendar.
std::string Date(int year, int month, int day) {
  namespace chrono = std::chrono;
  return core::DateText(chrono::sys_days(chrono::year_month_day{
      chrono::year(year), chrono::month(static_cast<unsigned>(month)), chrono::day(static_cast<unsigned>(day))}));
}

// "Standard fare", "a child's fare", "fare family": a kind of ticket and its rules (policy), not an
// offer, as "the spring break fare" or "ski fares" are.
bool NamesFareKind(const Tokens& tokens, std::size_t i) {
  static constexpr std::string_view kBefore[] = {"basic",   "standard", "flex",  "business", "economy", "premium",
                                                 "first",   "lap",      "infant", "child",   "childs",  "children",
                                                 "kids",    "adult",    "full",  "refundable", "nonrefundable"};
  static constexpr std::string_view kAfter[] = {"family", "families", "rules",      "rule",
                                                "class",  "difference", "type", "types"};
  const std::string_view before = i > 0 ? tokens[i - 1].text : std::string_view();
  const std::string_view after = i + 1 < tokens.size() ? tokens[i + 1].text : std::string_view();
  return std::find(std::begin(kBefore), std::end(kBefore), before) != std::end(kBefore) ||
         std::find(std::begin(kAfter), std::end(kAfter), after) != std::end(kAfter);
}

// Whether tokens[i] names one of `set` as a loyalty tier or a fare family. "Blue" and "standard"
// are words of their own too: a tier when "member", "status" or "tier" follows, a fare when "fare"
// or "ticket" follows or it ends the question ("the checked luggage allowance on standard").
bool NamesVariant(const Tokens& tokens, std::size_t i, std::span<const std::string_view> set) {
  const std::string_view w = tokens[i].text;
  if (!In(w, set)) return false;
  const std::string_view next = tokens.text(i + 1);
  if (w == "blue") return In(next, {"member", "members", "status", "tier", "level"});
  if (w == "standard") return next.empty() || In(next, {"fare", "fares", "ticket", "tickets", "economy"});
  return true;
}

// The sports equipment a question names, as the baggage policy's items name it: each group is one
// of its paragraphs ("Skis and snowboards", "Bicycles: one bike …"); "ski bag fee" is not answered
// by the bicycles' handling fee.
void AddNamedSportsGear(const Tokens& tokens, RetrievalFocus& f) {
  struct Gear {
    std::span<const std::string_view> asked;  // the words a traveller says (as tokenized)
    std::span<const std::string_view> named;  // the words the policy writes (SpacedWords: no plural s)
  };
  static constexpr std::string_view kSkiAsked[] = {"ski", "skis", "snowboard", "snowboards"};
  static constexpr std::string_view kSkiNamed[] = {"ski", "snowboard"};
  static constexpr std::string_view kBikeAsked[] = {"bike", "bikes", "bicycle", "bicycles"};
  static constexpr std::string_view kBikeNamed[] = {"bike", "bicycle"};
  static constexpr std::string_view kGolf[] = {"golf"};
  static constexpr std::string_view kSurfAsked[] = {"surfboard", "surfboards", "paddleboard", "paddleboards"};
  static constexpr std::string_view kSurfNamed[] = {"surfboard", "paddleboard"};
  static constexpr std::string_view kDivingAsked[] = {"diving", "scuba"};
  static constexpr std::string_view kDivingNamed[] = {"diving"};
  static constexpr Gear kGear[] = {{kSkiAsked, kSkiNamed},   {kBikeAsked, kBikeNamed},     {kGolf, kGolf},
                                   {kSurfAsked, kSurfNamed}, {kDivingAsked, kDivingNamed}};
  std::vector<const Gear*> asked;
  for (const Gear& gear : kGear) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (In(tokens[i].text, gear.asked)) {
        asked.push_back(&gear);
        break;
      }
    }
  }
  if (asked.empty()) return;
  for (const Gear& gear : kGear) {
    const bool named = std::find(asked.begin(), asked.end(), &gear) != asked.end();
    auto& into = named ? f.variants : f.other_variants;
    into.insert(into.end(), gear.named.begin(), gear.named.end());
  }
}

void AddNamedVariants(const Tokens& tokens, RetrievalFocus& f) {
  static constexpr std::string_view kTiers[] = {"blue", "silver", "gold", "platinum"};
  static constexpr std::string_view kFares[] = {"basic", "standard", "flex"};
  using Set = std::span<const std::string_view>;
  for (Set set : {Set(kTiers), Set(kFares)}) {
    std::vector<std::string> named;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (NamesVariant(tokens, i, set)) named.emplace_back(tokens[i].text);
    }
    if (named.empty()) continue;
    for (std::string_view w : set) {
      if (std::find(named.begin(), named.end(), w) == named.end()) f.other_variants.emplace_back(w);
    }
    f.variants.insert(f.variants.end(), named.begin(), named.end());
  }
  AddNamedSportsGear(tokens, f);
}

}  // namespace

bool AsksForOffers(const Tokens& tokens, bool fares_count) {
  static constexpr std::string_view kWords[] = {"deal",  "deals",  "sale",      "promo", "promotion", "promotions",
                                                "offer", "offers", "discount",  "code",  "bundle",    "package",
                                                "discounts", "coupon"};
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool fare = tokens[i].text == "fare" || tokens[i].text == "fares";
    if (fares_count && fare && !NamesFareKind(tokens, i)) return true;
    for (std::string_view w : kWords) {
      if (tokens[i].text == w) return true;
    }
  }
  return false;
}

RetrievalFocus FocusOf(const Understanding& u, std::string_view today) {
  RetrievalFocus f;
  f.doc_types = DocTypesFor(u.intent);
  if (f.doc_types.empty() && AsksForOffers(u.tokens)) f.doc_types = {"promotion"};
  // A policy question that mentions a trip ("we're flying to Maui with a wheelchair") is not about
  // the place: its guide must not outrank the policy.
  const bool policy = !f.doc_types.empty() && f.doc_types.front() == "policy";
  // The headings that answer a policy question name its topic; one that names an offer asks about
  // the offer's terms ("minimum age to check in with the Vegas bundle hotel").
  if (policy && !AsksForOffers(u.tokens)) f.topics = TopicPhrases(u.intent);
  // Named where the message asks, not in its story ("I booked a Basic fare to save money. How big
  // can my carry-on bag be?" asks about every fare).
  if (policy) {
    const std::string asking = knowledge::AskingPart(u.standalone_query);
    if (asking.empty()) {
      AddNamedVariants(u.tokens, f);
    } else {
      AddNamedVariants(Tokens(asking), f);
    }
  }
  // Getting into town is in the guides' "Getting around", whose text rarely says "airport" or
  // "city" ("From Haneda, the Keikyu Line … reach central Tokyo").
  const bool transfer = u.intent == Intent::kCarRental && !AsksForOffers(u.tokens);
  if (transfer) {
    f.doc_types = {"guide"};
    f.topics = TopicPhrases(u.intent);
  }
  const Place* place = u.said.destination != nullptr ? u.said.destination : u.next.slots.destination;
  // "The cheapest way from Lisbon airport into town": the town is the airport's.
  if (transfer && u.said.destination == nullptr && u.said.origin != nullptr) place = u.said.origin;
  if (place != nullptr && !policy) f.places.emplace_back(place->code);
  // The days a policy question asks about are its own ("can I cancel on March 3?"): the trip's month
  // ("Tokyo in April") makes "what time does check-in close?" no question about April.
  if (policy && u.said.month == 0) return f;
  const Slots& s = u.said.month != 0 ? u.said : u.next.slots;
  const std::optional<std::chrono::sys_days> now = core::ParseDateText(today);
  if (s.month < 1 || s.month > 12 || !now) return f;
  const std::chrono::year_month_day ymd(*now);
  const int this_year = static_cast<int>(ymd.year());
  const int this_month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  const int year = s.year != 0 ? s.year : (s.month < this_month ? this_year + 1 : this_year);
  if (s.day >= 1 && s.day <= DaysInMonth(s.month, year)) {
    f.valid_from = f.valid_to = Date(year, s.month, s.day);
  } else {
    f.valid_from = Date(year, s.month, 1);
    f.valid_to = Date(year, s.month, DaysInMonth(s.month, year));
  }
  return f;
}

}  // namespace contrail::flightly
