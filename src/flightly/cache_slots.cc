#include "flightly/cache_slots.h"

#include <algorithm>
#include <array>
#include <vector>

#include "flightly/cache_slot_words.h"
#include "flightly/gazetteer.h"
#include "flightly/language.h"
#include "flightly/slots.h"
#include "flightly/text.h"
#include "flightly/understanding.h"

namespace contrail::flightly {
namespace {

using cache::QuestionSlots;

// Whether `label` ("Iceland", "Hawaii") is the region of `place` and of no other place the
// gazetteer knows: then "Iceland" and "Reykjavik" are one destination to a traveller, while
// "Hawaii" (four islands' airports) is not "Honolulu".
bool OnlyPlaceOfRegion(const Place& place, std::string_view label) {
  if (place.region != label) return false;
  int in_region = 0;
  for (const Place& p : AllPlaces()) in_region += p.region == label;
  return in_region == 1;
}

std::string PlaceValue(const Place* place, std::string_view label) {
  if (!label.empty() && !(place != nullptr && OnlyPlaceOfRegion(*place, label))) return std::string(label);
  return place != nullptr ? std::string(place->code) : std::string();
}

void Put(QuestionSlots& out, const char* name, std::string value) {
  if (!value.empty()) out[name] = std::move(value);
}

void Put(QuestionSlots& out, const char* name, int value) {
  if (value != 0) out[name] = std::to_string(value);
}

// Whether the question is about flights ("flights from Denver", "is the flight to Tokyo on
// time?"), where one place has a side.
bool AboutFlights(const Tokens& t) {
  static constexpr auto kFlightWords = std::to_array<std::string_view>(
      {"flight", "flights", "fly", "flying", "fares", "fare", "nonstop", "departing", "arriving", "depart", "arrive"});
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (In(t.text(i), kFlightWords)) return true;
  }
  return false;
}

void TripSlots(const Slots& s, bool flights, QuestionSlots& out) {
  // A direction needs two places: "from Denver airport to downtown" and "into downtown Denver from
  // the airport" ask the same about one place.
  std::string origin = PlaceValue(s.origin, s.origin_label), destination = PlaceValue(s.destination, s.destination_label);
  // "From Charles de Gaulle into Paris" asks about one place too.
  if (origin == destination) destination.clear();
  if (origin.empty() || destination.empty()) {
    Put(out, "place", origin.empty() ? destination : origin);
    // "cheap flights from Denver" is not "cheap flights to Denver" (a flight's one place keeps its
    // side; a way into town from an airport is one place).
    if (flights && !(origin.empty() && destination.empty())) out["~leg"] = origin.empty() ? "to" : "from";
  } else {
    out["origin"] = origin;
    out["destination"] = destination;
  }
  Put(out, "month", s.month);
  Put(out, "day", s.day);
  Put(out, "year", s.year);
  Put(out, "when", std::string(s.when));
  Put(out, "nights", s.nights);
  // "returning March 7" with no departure: another return day is another question.
  if (s.back_day != 0) out["back"] = std::to_string(s.back_month) + "/" + std::to_string(s.back_day);
  // "One person", "one passenger" and "1 adult" are one party: one traveller is an adult (a child
  // alone is said so). Two or more are not adults by default: "a family of 4".
  const bool only_adults = s.travelers == 1 && s.adults == 0 && s.kids == 0 && s.kid_ages.size == 0;
  Put(out, "adults", only_adults ? s.travelers : s.adults);
  Put(out, "kids", s.kids);
  Put(out, "travelers", only_adults ? 0 : s.travelers);
  std::string ages;
  for (std::size_t i = 0; i < s.kid_ages.size; ++i) ages += (ages.empty() ? "" : ",") + std::to_string(s.kid_ages.values[i]);
  Put(out, "kid_ages", ages);
  if (s.HasBudget()) {
    static constexpr const char* kUnits[] = {"total", "person", "night"};
    // "300/person" for a cap (as before floors were read), "200-/night" for a floor, "150-250/night" for a range.
    const std::string floor = s.budget_min_usd > 0 ? std::to_string(s.budget_min_usd) + "-" : "";
    const std::string cap = s.budget_usd > 0 ? std::to_string(s.budget_usd) : "";
    out["budget"] = floor + cap + "/" + kUnits[static_cast<int>(s.budget_unit)];
  }
  static constexpr const char* kCabins[] = {"", "economy", "premium", "business", "first"};
  Put(out, "cabin", std::string(kCabins[static_cast<int>(s.cabin)]));
  Put(out, "nonstop", s.nonstop ? 1 : 0);
  Put(out, "hotel_stars", s.hotel_stars);
  std::string amenities;
  for (int bit = 0; bit < kAmenityCount; ++bit) {
    if (s.amenities & (1u << bit)) amenities += (amenities.empty() ? "" : ",") + std::string(AmenityName(1u << bit));
  }
  Put(out, "amenities", amenities);
  Put(out, "top_rated", s.top_rated ? 1 : 0);
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
  static constexpr WordSpelling kUnits[] = {
      {"kg", "kg"},         {"kgs", "kg"},        {"kilo", "kg"},       {"kilos", "kg"},     {"kilograms", "kg"},
      {"lb", "lb"},         {"lbs", "lb"},        {"pound", "lb"},      {"pounds", "lb"},    {"cm", "cm"},
      {"in", "in"},         {"inch", "in"},       {"inches", "in"},     {"ml", "ml"},        {"oz", "oz"},
      {"wh", "wh"},         {"bag", "bag"},       {"bags", "bag"},      {"suitcase", "bag"}, {"suitcases", "bag"},
      {"hour", "hour"},     {"hours", "hour"},    {"hr", "hour"},       {"hrs", "hour"},     {"day", "day"},
      {"days", "day"},      {"night", "night"},   {"nights", "night"},  {"minute", "min"},   {"minutes", "min"},
      {"mins", "min"},      {"week", "week"},     {"weeks", "week"},    {"clubs", "item"},   {"segments", "flight"},
      {"flights", "flight"}, {"siblings", "child"}, {"percent", "%"},  {"carry", "carryon"}, {"carryons", "carryon"},
  };
  return SpellingOf(w, kUnits);
}

// "not sure", "don't know": a hedge about the asker, not a negated question.
bool Hedge(const Tokens& t, std::size_t i) {
  const std::string_view next = t.text(i + 1), after = t.text(i + 2);
  return next == "sure" || next == "know" || next == "certain" || next == "remember" || next == "idea" ||
         (next == "really" && (after == "sure" || after == "know"));
}

// What a question asks of its subject — its cost, an age, a size, a weight — in one spelling;
// "" for a word that asks none of them.
std::string_view Focus(std::string_view w) {
  static constexpr WordSpelling kFoci[] = {
      {"fee", "cost"},        {"fees", "cost"},         {"charge", "cost"},     {"charges", "cost"},
      {"cost", "cost"},       {"costs", "cost"},        {"price", "cost"},      {"surcharge", "cost"},
      {"penalty", "cost"},    {"premium", "cost"},      {"premiums", "cost"},   {"age", "age"},
      {"old", "age"},         {"older", "age"},         {"young", "age"},       {"younger", "age"},
      {"size", "size"},       {"bigger", "size"},       {"dimensions", "size"}, {"weight", "weight"},
      {"weigh", "weight"},    {"heavy", "weight"},      {"heavier", "weight"},  {"overweight", "weight"},
      {"blackout", "dates"},  {"dates", "dates"},
  };
  return SpellingOf(w, kFoci);
}

// What is served on board, or a diet, in one spelling ("snacks" → "food", "peanuts" → "allergy");
// "" for a word that names none.
std::string_view Consumable(std::string_view w) {
  static constexpr WordSpelling kKinds[] = {
      {"food", "food"},       {"meal", "food"},         {"meals", "food"},      {"snack", "food"},
      {"snacks", "food"},     {"sandwich", "food"},     {"eat", "food"},        {"drink", "drink"},
      {"drinks", "drink"},    {"alcohol", "drink"},     {"alcoholic", "drink"}, {"beer", "drink"},
      {"wine", "drink"},      {"vegan", "vegan"},       {"vegetarian", "vegan"}, {"plant-based", "vegan"},
      {"peanut", "allergy"},  {"peanuts", "allergy"},   {"nut", "allergy"},     {"nuts", "allergy"},
      {"allergy", "allergy"}, {"allergic", "allergy"},  {"gluten", "gluten"},   {"halal", "halal"},
      {"kosher", "kosher"},
  };
  return SpellingOf(w, kKinds);
}

// Who travels along, by relation ("my wife and my parents"): a party the trip slots may count
// short. "" for a word that names no relation.
bool Relation(std::string_view w) {
  static constexpr auto kRelations = std::to_array<std::string_view>(
      {"wife", "husband", "partner", "spouse", "parents", "mom", "mum", "dad", "mother", "father", "son", "daughter",
       "sons", "daughters", "friend", "friends", "grandparents", "grandma", "grandpa", "sister", "brother",
       "colleague", "colleagues", "girlfriend", "boyfriend", "in-laws"});
  return In(w, kRelations);
}

// A number written into its word: "€80" → {80, "eur"}, "24hrs" → {24, "hour"}; n < 0 when the
// word does not start with one.
std::pair<int, std::string_view> NumberInWord(std::string_view w) {
  std::string_view unit;
  if (w.starts_with("€")) unit = "eur", w.remove_prefix(std::string_view("€").size());
  if (w.starts_with("£")) unit = "gbp", w.remove_prefix(std::string_view("£").size());
  std::size_t digits = 0;
  while (digits < w.size() && w[digits] >= '0' && w[digits] <= '9') ++digits;
  if (digits == 0 || digits > 6) return {-1, {}};
  if (unit.empty()) unit = Unit(w.substr(digits));
  if (unit.empty()) return {-1, {}};
  return {std::stoi(std::string(w.substr(0, digits))), unit};
}

// What the question asks of its subject, sorted and joined: its cost, age limit, size, weight,
// dates or how long it takes ("" for none said).
std::string AskedOf(const Tokens& t) {
  static constexpr auto kTimeCues = std::to_array<std::string_view>({"long", "soon", "quickly", "fast"});
  static constexpr auto kTimeUnits = std::to_array<std::string_view>({"days", "hours", "minutes", "weeks"});
  static constexpr auto kPriceAsked = std::to_array<std::string_view>(
      {"is", "are", "for", "to", "does", "do", "will", "would", "extra", "money"});
  std::vector<std::string> foci;
  bool asks_amount = false;  // "how much is": the price when nothing else is asked
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i);
    if (std::string_view focus = Focus(w); !focus.empty()) foci.emplace_back(focus);
    // "how long", "how soon", "how many days": a question about how much time something takes.
    if (w == "how" && (In(t.text(i + 1), kTimeCues) ||
                       (t.text(i + 1) == "many" && In(t.text(i + 2), kTimeUnits)))) {
      foci.emplace_back("time");
    }
    // "How big", not "a big dog" or "big delays": the size is asked only after "how".
    if ((w == "big" || w == "large") && t.text(i - 1) == "how") foci.emplace_back("size");
    // "how much is it", "how much for", "what will that set me back": the price ("how much can it
    // weigh", "how much luggage", "how much can I claim" ask for other amounts). "Free" and "pay"
    // are not: "a free afternoon", "does it come with a free bag" (an allowance), "they'll pay".
    if ((w == "how" && t.text(i + 1) == "much" && In(t.text(i + 2), kPriceAsked)) ||
        (w == "set" && t.text(i + 1) == "me" && t.text(i + 2) == "back")) {
      asks_amount = true;
    }
  }
  if (asks_amount && foci.empty()) foci.emplace_back("cost");
  return JoinedValues(std::move(foci));
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
  static constexpr auto kWorst = std::to_array<std::string_view>({"worst", "busiest"});
  static constexpr auto kYoung = std::to_array<std::string_view>({"youngest", "minimum", "min"});
  static constexpr auto kOld = std::to_array<std::string_view>({"oldest", "maximum", "max"});
  static constexpr auto kWeekdays = std::to_array<std::string_view>(
      {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"});
  static constexpr auto kFares = std::to_array<std::string_view>({"basic", "standard", "flex"});
  static constexpr auto kBagWords = std::to_array<std::string_view>(
      {"bag", "bags", "luggage", "baggage", "suitcase", "suitcases", "bagage"});
  bool negated = false;
  std::string compare, weekday, tier, age_bound;
  std::vector<std::string> numbers, fares, company, where, consumables;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i);
    if (Relation(w)) company.emplace_back(w);
    if (w == "cabin" || w == "onboard") where.emplace_back("cabin");
    if (w == "hold" || w == "cargo") where.emplace_back("hold");
    // "in my checked bag" against "in my carry-on": where a thing travels.
    if (w == "checked" && In(t.text(i + 1), kBagWords)) where.emplace_back("hold");
    if ((w == "carry" && t.text(i + 1) == "on") || w == "carryon") where.emplace_back("cabin");
    if (std::string_view kind = Consumable(w); !kind.empty()) consumables.emplace_back(kind);
    if (w == "comprehensive") compare = "comprehensive";
    if (w == "silver" || w == "gold" || w == "platinum") tier = std::string(w);
    if (auto [amount, unit] = NumberInWord(w); amount >= 0) numbers.push_back(std::to_string(amount) + " " + std::string(unit));
    negated = negated || (In(w, kNegations) && !Hedge(t, i));
    if (In(w, kLow) && !(w == "least" && t.text(i + 1) != "expensive")) compare = "low";
    if (In(w, kHigh) && !(w == "most" && t.text(i + 1) != "expensive") && !(w == "expensive" && t.text(i - 1) == "least")) {
      compare = "high";
    }
    if (In(w, kEarly)) compare = "early";
    if (In(w, kLate)) compare = "late";
    if (In(w, kShort)) compare = "short";
    if (In(w, kLong)) compare = "long";
    if (In(w, kWorst)) compare = "worst";
    // The lower or upper age limit: soft, as "how old must a child be" asks for the lower one
    // without the word. Two questions that both name one still differ.
    if (In(w, kYoung) && t.text(i + 1) == "age") age_bound = "young";
    if ((In(w, kOld) && t.text(i + 1) == "age") || w == "oldest") age_bound = "old";
    // Whole names, and the short forms that are no other word ("sat" and "sun" are).
    for (std::size_t d = 0; d < kWeekdays.size(); ++d) {
      if (w == kWeekdays[d] || (d < 5 && w.size() == 3 && kWeekdays[d].starts_with(w))) weekday = kWeekdays[d];
    }
    if (In(w, kFares)) fares.emplace_back(w);  // "compare Flex and Standard": both
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
  Put(out, "fare", JoinedValues(std::move(fares)));
  Put(out, "numbers", JoinedValues(std::move(numbers)));
  Put(out, "item", ItemsOf(t));
  Put(out, "asks", AskedOf(t));
  Put(out, "~company", JoinedValues(std::move(company)));
  Put(out, "~where", JoinedValues(std::move(where)));  // in the cabin or in the hold
  Put(out, "~onboard", JoinedValues(std::move(consumables)));  // food or drink; a vegan meal or an allergy
  Put(out, "~age", age_bound);
  Put(out, "tier", tier);
}

}  // namespace

cache::QuestionSlots FlightlySlotExtractor::Extract(std::string_view question) const {
  const Tokens tokens(question);
  QuestionSlots out;
  TripSlots(ExtractSlots(tokens), AboutFlights(tokens), out);
  WordSlots(tokens, out);
  SituationSlots(tokens, out);
  if (std::string words = ContrastWords(tokens); !words.empty()) out["=words"] = std::move(words);
  return out;
}

AnswerSharing SharingOf(const Understanding& understanding) {
  switch (understanding.intent) {
    case Intent::kProfileRecall:
      return AnswerSharing::kPersonal;
    case Intent::kUnknown:
      return AnswerSharing::kIfGrounded;
    case Intent::kRecallFirst:
    case Intent::kRecallLast:
    case Intent::kRecallSaid:
    case Intent::kRecallConversation:
    case Intent::kGreeting:
    case Intent::kThanks:
    case Intent::kGoodbye:
    case Intent::kOutOfDomain:
    case Intent::kGibberish:
      return AnswerSharing::kNever;
    default:
      return AnswerSharing::kShared;
  }
}

const std::map<std::string, std::string>& ProbeProfile() {
  static const std::map<std::string, std::string> probe = {
      {"name", "Probe"},        {"home_airport", "SEA"}, {"adults", "2"},          {"kids_ages", "5,9"},
      {"budget_usd", "1234"},   {"interests", "hiking, museums"}, {"seat", "aisle"}, {"diet", "vegetarian"},
      {"loyalty_tier", "gold"}, {"cabin", "business"}, {"stops", "nonstop"}, {"hotel_budget_usd", "321"}};
  return probe;
}

void AddTurnSlots(const Understanding& understanding, cache::QuestionSlots& slots) {
  if (understanding.language != Language::kEnglish) slots["language"] = std::string(LanguageName(understanding.language));
  // A service topic is a kind (cache/question_slots.h): questions about one, whose other slots
  // agree, ask the same thing in other words far more often than their vectors show (the dev set's
  // paraphrases at 0.55-0.7 of one topic are one question; its near misses differ in a slot). The
  // trip intents are told apart by their slots already, and a message not understood has no kind.
  if (IsServiceIntent(understanding.intent)) slots["^kind"] = std::string(IntentName(understanding.intent));
  // The trip as the session knows it with this message: the party, dates and budget an earlier
  // turn gave shape the answer as much as the message's own.
  QuestionSlots trip;
  TripSlots(understanding.next.slots, /*flights=*/false, trip);
  std::string joined;
  for (const auto& [name, value] : trip) {
    // What the question says itself is compared as its own slot already. Said again here, it
    // would split a question from its misspelt twin: the slots read the spelling-corrected text
    // ("mauii" is Maui there), the understanding the message as typed.
    if (auto own = slots.find(name); own != slots.end() && own->second == value) continue;
    joined.append(name).append("=").append(value).append(";");
  }
  if (!joined.empty()) slots["trip"] = std::move(joined);
}

}  // namespace contrail::flightly
