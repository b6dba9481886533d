#include "flightly/cache_slots.h"

#include <algorithm>
#include <array>
#include <vector>

#include "flightly/slots.h"
#include "flightly/text.h"

namespace contrail::flightly {
namespace {

using cache::QuestionSlots;

std::string PlaceValue(const Place* place, std::string_view label) {
  if (!label.empty()) return std::string(label);
  return place != nullptr ? std::string(place->code) : std::string();
}

void Put(QuestionSlots& out, const char* name, std::string value) {
  if (!value.empty()) out[name] = std::move(value);
}

void Put(QuestionSlots& out, const char* name, int value) {
  if (value != 0) out[name] = std::to_string(value);
}

void TripSlots(const Slots& s, QuestionSlots& out) {
  // A direction needs two places: "from Denver airport to downtown" and "into downtown Denver from
  // the airport" ask the same about one place.
  std::string origin = PlaceValue(s.origin, s.origin_label), destination = PlaceValue(s.destination, s.destination_label);
  if (origin.empty() || destination.empty()) {
    Put(out, "place", origin.empty() ? destination : origin);
  } else {
    out["origin"] = origin;
    out["destination"] = destination;
  }
  Put(out, "month", s.month);
  Put(out, "day", s.day);
  Put(out, "year", s.year);
  Put(out, "when", std::string(s.when));
  Put(out, "nights", s.nights);
  Put(out, "adults", s.adults);
  Put(out, "kids", s.kids);
  Put(out, "travelers", s.travelers);
  std::string ages;
  for (std::size_t i = 0; i < s.kid_ages.size; ++i) ages += (ages.empty() ? "" : ",") + std::to_string(s.kid_ages.values[i]);
  Put(out, "kid_ages", ages);
  if (s.budget_usd > 0) {
    static constexpr const char* kUnits[] = {"total", "person", "night"};
    out["budget"] = std::to_string(s.budget_usd) + "/" + kUnits[static_cast<int>(s.budget_unit)];
  }
  static constexpr const char* kCabins[] = {"", "economy", "premium", "business", "first"};
  Put(out, "cabin", std::string(kCabins[static_cast<int>(s.cabin)]));
}

template <std::size_t N>
bool OneOf(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// "two" → 2: questions write small numbers as words as often as digits. Not "one": it is as often
// a pronoun ("pick one", "one more").
int NumberWord(std::string_view w) {
  static constexpr std::array<std::string_view, 13> kWords = {"zero", "one", "two",   "three", "four",  "five", "six",
                                                             "seven", "eight", "nine", "ten", "eleven", "twelve"};
  for (std::size_t i = 2; i < kWords.size(); ++i) {
    if (w == kWords[i]) return static_cast<int>(i);
  }
  return -1;
}

// The unit a number counts, in one spelling ("kilos" → "kg"); "" for a word that is no unit.
std::string_view Unit(std::string_view w) {
  static constexpr std::pair<std::string_view, std::string_view> kUnits[] = {
      {"kg", "kg"},         {"kgs", "kg"},        {"kilo", "kg"},       {"kilos", "kg"},     {"kilograms", "kg"},
      {"lb", "lb"},         {"lbs", "lb"},        {"pound", "lb"},      {"pounds", "lb"},    {"cm", "cm"},
      {"in", "in"},         {"inch", "in"},       {"inches", "in"},     {"ml", "ml"},        {"oz", "oz"},
      {"wh", "wh"},         {"bag", "bag"},       {"bags", "bag"},      {"suitcase", "bag"}, {"suitcases", "bag"},
      {"hour", "hour"},     {"hours", "hour"},    {"hr", "hour"},       {"hrs", "hour"},     {"day", "day"},
      {"days", "day"},      {"night", "night"},   {"nights", "night"},  {"minute", "min"},   {"minutes", "min"},
      {"mins", "min"},      {"week", "week"},     {"weeks", "week"},    {"clubs", "item"},   {"segments", "flight"},
      {"flights", "flight"}, {"siblings", "child"}, {"percent", "%"},
  };
  for (const auto& [word, unit] : kUnits) {
    if (w == word) return unit;
  }
  return {};
}

// "not sure", "don't know": a hedge about the asker, not a negated question.
bool Hedge(const Tokens& t, std::size_t i) {
  const std::string_view next = t.text(i + 1), after = t.text(i + 2);
  return next == "sure" || next == "know" || next == "certain" || next == "remember" || next == "idea" ||
         (next == "really" && (after == "sure" || after == "know"));
}

// The words of the question that change its answer beyond the trip's facts.
void WordSlots(const Tokens& t, QuestionSlots& out) {
  static constexpr auto kNegations = std::to_array<std::string_view>(
      {"not", "no", "without", "cant", "cannot", "dont", "doesnt", "isnt", "arent", "wont", "never", "non", "nothing",
       "none", "neither", "nor", "didnt", "wasnt", "werent", "havent", "hasnt", "shouldnt", "couldnt", "wouldnt"});
  static constexpr auto kLow = std::to_array<std::string_view>({"cheapest", "cheaper", "lowest", "least", "budget", "cheap"});
  static constexpr auto kHigh = std::to_array<std::string_view>(
      {"priciest", "dearest", "highest", "most", "luxury", "expensive", "pricier", "pricey"});
  static constexpr auto kEarly = std::to_array<std::string_view>({"earliest", "earlier", "soonest", "sooner"});
  static constexpr auto kLate = std::to_array<std::string_view>({"latest", "later", "last"});
  static constexpr auto kShort = std::to_array<std::string_view>({"fastest", "quickest", "shortest", "fewest"});
  static constexpr auto kLong = std::to_array<std::string_view>({"longest", "slowest"});
  static constexpr auto kWeekdays = std::to_array<std::string_view>(
      {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"});
  static constexpr auto kFares = std::to_array<std::string_view>({"basic", "standard", "flex"});
  bool negated = false;
  std::string compare, weekday, fare;
  std::vector<std::string> numbers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i);
    negated = negated || (OneOf(w, kNegations) && !Hedge(t, i));
    if (OneOf(w, kLow) && !(w == "least" && t.text(i + 1) != "expensive")) compare = "low";
    if (OneOf(w, kHigh) && !(w == "most" && t.text(i + 1) != "expensive") && !(w == "expensive" && t.text(i - 1) == "least")) {
      compare = "high";
    }
    if (OneOf(w, kEarly)) compare = "early";
    if (OneOf(w, kLate)) compare = "late";
    if (OneOf(w, kShort)) compare = "short";
    if (OneOf(w, kLong)) compare = "long";
    // Whole names, and the short forms that are no other word ("sat" and "sun" are).
    for (std::size_t d = 0; d < kWeekdays.size(); ++d) {
      if (w == kWeekdays[d] || (d < 5 && w.size() == 3 && kWeekdays[d].starts_with(w))) weekday = kWeekdays[d];
    }
    if (OneOf(w, kFares)) fare = std::string(w);
    // A number counts with its unit ("23 kg", "2 bags", "3-hour"); the trip's numbers (a day, a
    // party, a budget) are its slots already.
    int n = t.number(i);
    if (n < 0) n = NumberWord(w);
    std::string_view unit = Unit(t.text(i + 1));
    if (unit.empty() && (t.text(i + 1) == "extra" || t.text(i + 1) == "checked")) unit = Unit(t.text(i + 2));
    if (n >= 0 && !unit.empty()) numbers.push_back(std::to_string(n) + " " + std::string(unit));
  }
  if (negated) out["negation"] = "not";
  Put(out, "compare", compare);
  Put(out, "weekday", weekday);
  Put(out, "fare", fare);
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  std::string joined;
  for (const std::string& n : numbers) joined += (joined.empty() ? "" : ",") + n;
  Put(out, "numbers", joined);
}

}  // namespace

cache::QuestionSlots FlightlySlotExtractor::Extract(std::string_view question) const {
  const Tokens tokens(question);
  QuestionSlots out;
  TripSlots(ExtractSlots(tokens), out);
  WordSlots(tokens, out);
  return out;
}

}  // namespace contrail::flightly
