#include "flightly/intents.h"

#include <algorithm>
#include <array>
#include <tuple>

#include "core/english_lexicon.h"
#include "flightly/gazetteer.h"
#include "flightly/intent_rules.h"
#include "flightly/profile_questions.h"
#include "flightly/slot_words.h"

namespace contrail::flightly {
namespace {

using enum Intent;

constexpr std::string_view kNames[] = {
    "unknown",          "recall_first",    "recall_last",       "recall_said",
    "recall_conversation", "profile_recall", "about",           "lost_luggage",
    "excess_baggage",   "carry_on",        "baggage",           "pets",
    "unaccompanied_minors", "infants",     "delays",            "refund",
    "cancellation",     "change_booking",  "check_in",          "seats",
    "upgrades",         "special_assistance", "meals",          "wifi",
    "loyalty",          "insurance",       "travel_documents",  "payment",
    "promotions",       "flight_status",   "car_rental",        "packages",
    "contact_support",  "weather",         "things_to_do",      "destination_ideas",
    "flight_search",    "hotel_search",    "family_trip",       "budget",
    "booking",          "greeting",        "thanks",            "goodbye",
    "out_of_domain",    "gibberish",
};
static_assert(std::size(kNames) == static_cast<std::size_t>(kCount), "one name per intent");

// Price words ask what the topic they are about costs: a service's fee when the message or the
// previous turn names a service, and otherwise a trip's budget. Scored apart from IntentRules().
struct PriceRule {
  std::string_view phrase;
  std::int8_t weight;
};
constexpr PriceRule kPriceRules[] = {
    {"how much", 3}, {"cost", 3}, {"costs", 3}, {"price", 2}, {"prices", 2}, {"expensive", 3},
    {"fee", 2},      {"fees", 2}, {"charge", 2}, {"pay for", 2},
};

// Retrieval words of the service topics, appended to a follow-up's standalone query: the words
// Flightly's policy documents use for them.
struct TopicRule {
  Intent intent;
  std::string_view words;
};
constexpr TopicRule kTopicWords[] = {
    {kLostLuggage, "lost delayed damaged baggage"}, {kExcessBaggage, "excess overweight baggage fees"},
    {kCarryOn, "carry-on cabin bags"},              {kBaggage, "checked baggage allowance"},
    {kPets, "pets dogs cats in cabin"},             {kUnaccompaniedMinors, "unaccompanied minor service"},
    {kInfants, "infants lap infant"},               {kDelays, "delays compensation"},
    {kRefund, "refunds"},                           {kCancellation, "cancellation refunds"},
    {kChangeBooking, "changes change fees"},        {kCheckIn, "check-in boarding"},
    {kSeats, "seat selection"},                     {kUpgrades, "upgrades lounge"},
    {kSpecialAssistance, "special assistance"},     {kMeals, "meals food onboard"},
    {kWifi, "Wi-Fi entertainment onboard"},         {kLoyalty, "Flightly Miles loyalty"},
    {kInsurance, "travel insurance"},               {kTravelDocuments, "travel documents passport visa"},
    {kPayment, "payment"},                          {kPromotions, "promotions offers"},
    {kFlightStatus, "flight status"},               {kCarRental, "car rental transfers"},
    {kPackages, "packages flight and hotel"},       {kContactSupport, "contact support"},
};

// Common English words: a message with none of them and no travel word is gibberish.
constexpr std::string_view kCommonWords[] = {
    "the", "a", "an", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with",
    "from", "by", "about", "as", "is", "are", "was", "were", "be", "been", "am", "do", "does",
    "did", "have", "has", "had", "can", "could", "would", "should", "will", "may", "might", "must",
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "she", "it", "its", "they", "them",
    "this", "that", "these", "those", "what", "which", "who", "where", "when", "why", "how",
    "not", "no", "yes", "please", "there", "here", "any", "some", "all", "more", "most", "much",
    "many", "very", "just", "also", "too", "than", "then", "so", "up", "out", "over", "get", "go",
    "want", "need", "like", "know", "tell", "show", "give", "let", "make", "take", "see", "find",
    "look", "think", "sorry", "well", "now", "good", "new", "one", "two", "whats", "hows", "im",
};

struct Hits {
  std::array<std::pair<Intent, std::int8_t>, 4> hits{};
  std::uint8_t size = 0;
};

PhraseTable<Hits> BuildTable() {
  PhraseTable<Hits> table;
  for (const IntentRule& rule : IntentRules()) {
    Hits& hits = table.Upsert(rule.phrase);
    if (hits.size < hits.hits.size()) hits.hits[hits.size++] = {rule.intent, rule.weight};
  }
  return table;
}

const PhraseTable<Hits>& Table() {
  static const PhraseTable<Hits> table = BuildTable();
  return table;
}

using Scores = std::array<int, static_cast<std::size_t>(kCount)>;

const PhraseTable<std::int8_t>& PriceTable() {
  static const PhraseTable<std::int8_t> table = [] {
    PhraseTable<std::int8_t> t;
    for (const PriceRule& rule : kPriceRules) t.Add(rule.phrase, rule.weight);
    return t;
  }();
  return table;
}

void AddHits(const Hits& hits, Scores& scores) {
  for (std::size_t k = 0; k < hits.size; ++k) {
    scores[static_cast<std::size_t>(hits.hits[k].first)] += hits.hits[k].second;
  }
}

bool IsSmallTalk(Intent intent) { return intent == kGreeting || intent == kThanks || intent == kGoodbye; }

struct Scored {
  Scores scores{};
  int price = 0;                 // weight of the price words
  std::size_t social_words = 0;  // tokens covered by greeting, thanks and goodbye phrases
};

// Token i is a count: digits, or a number word of the slot extractor's ("two").
bool IsCount(const Tokens& tokens, std::size_t i) {
  if (tokens.number(i) >= 0) return true;
  const auto m = slot_words::Words().Longest(tokens, i);
  return m.value && m.words == 1 && m.value->kind == slot_words::Word::kNumber;
}
// A noun that, after a count, counts the travellers rather than naming a topic.
bool CountsTravellers(std::string_view w) { return w == "seats" || w == "seat"; }

Scored Score(const Tokens& tokens) {
  Scored out;
  const PhraseTable<Hits>& table = Table();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    bool unigram = false;
    std::size_t social = 0;
    // "2 seats": a count of the party (slots.h), not what the message asks about seats.
    if (i > 0 && IsCount(tokens, i - 1) && CountsTravellers(tokens.text(i))) {
      continue;
    }
    table.ForEach(tokens, i, [&](const Hits& hits, std::size_t words) {
      unigram = unigram || words == 1;
      if (hits.size > 0 && IsSmallTalk(hits.hits[0].first)) social = std::max(social, words);
      AddHits(hits, out.scores);
    });
    out.social_words += social;
    if (auto price = PriceTable().Longest(tokens, i); price.value) out.price += *price.value;
    // A plural the table lacks counts as its singular: "pets", "hotels", "flights".
    std::string_view word = tokens.text(i);
    if (!unigram && word.size() > 3 && word.back() == 's' && word[word.size() - 2] != 's') {
      if (const Hits* hits = table.Find(word.substr(0, word.size() - 1))) AddHits(*hits, out.scores);
    }
  }
  return out;
}

// "17*23", "2+2": arithmetic, not travel.
bool HasArithmetic(const Tokens& tokens) {
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    char op = tokens[i].separator;
    bool is_op = op == '*' || op == '+' || op == '=' || op == '^';
    if (is_op && tokens.number(i - 1) >= 0 && tokens.number(i) >= 0) return true;
  }
  return false;
}

bool StartsFollowUp(const Tokens& tokens) {
  std::string_view first = tokens.text(0);
  std::string_view second = tokens.text(1);
  return first == "and" || first == "also" || first == "then" ||
         ((first == "what" || first == "how") && second == "about");
}

// "what if he …", "does that …": the message points back at the previous turn's topic.
// `it_points`: false where "it" points at nothing ("is it warm in Maui?").
bool RefersBack(const Tokens& tokens, bool it_points = true) {
  if (StartsFollowUp(tokens) || (tokens.text(0) == "what" && tokens.text(1) == "if")) return true;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens.text(i) == "it" && !it_points) continue;
    for (std::string_view w : {"it", "that", "this", "he", "she", "him", "her", "they", "them",
                               "those", "these", "its", "his", "their"}) {
      if (tokens.text(i) == w) return true;
    }
  }
  return false;
}

// "that service", "this fee": the message names the previous turn's topic by a word any service
// has, so a place it adds ("… on a flight to Mexico?") says where, not what.
bool NamesTopicBack(const Tokens& tokens) {
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    const std::string_view w = tokens.text(i);
    if (w != "that" && w != "this" && w != "the") continue;
    for (std::string_view noun : {"service", "fee", "charge", "policy", "rule", "option", "program", "programme"}) {
      if (tokens.text(i + 1) == noun) return true;
    }
  }
  return false;
}

// The highest score among [first, last] and its intent; the first listed wins a tie.
std::pair<Intent, int> Best(const Scores& scores, Intent first = kUnknown, Intent last = kGibberish) {
  std::size_t best = static_cast<std::size_t>(first);
  for (std::size_t k = best + 1; k <= static_cast<std::size_t>(last); ++k) {
    if (scores[k] > scores[best]) best = k;
  }
  return {static_cast<Intent>(best), scores[best]};
}

}  // namespace

std::string_view IntentName(Intent intent) {
  auto index = static_cast<std::size_t>(intent);
  return index < std::size(kNames) ? kNames[index] : kNames[0];
}

Intent ParseIntentName(std::string_view name) {
  for (std::size_t k = 0; k < std::size(kNames); ++k) {
    if (kNames[k] == name) return static_cast<Intent>(k);
  }
  return kUnknown;
}

bool IsTripIntent(Intent intent) { return intent >= kWeather && intent <= kBooking; }

bool IsServiceIntent(Intent intent) { return intent >= kLostLuggage && intent <= kContactSupport; }

bool IsSocial(Intent intent) { return intent >= kGreeting || intent == kUnknown; }

namespace {

// A greeting's other words only say who is back: "its", "me", "again", "here", a capitalised name.
bool OnlyWhoIsBack(const Tokens& tokens) {
  static constexpr std::string_view kBack[] = {"hi",   "hello", "hey",  "hiya", "howdy", "aloha", "good",
                                               "morning", "afternoon", "evening", "its", "it", "s", "me",
                                               "this", "is", "im", "i", "am", "again", "back", "here"};
  if (tokens.size() > 6) return false;
  bool back = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view w = tokens.text(i);
    const bool known = std::find(std::begin(kBack), std::end(kBack), w) != std::end(kBack);
    if (!known && !tokens[i].capital) return false;
    back = back || w == "again" || w == "back" || w == "here" || w == "its" || w == "im";
  }
  return back;
}

IntentDecision Decide(Scored scored, const Tokens& tokens, const Slots& said, Intent previous) {
  // "what's my home airport again?", "how old are my kids?": the traveller's own value, asked back.
  if (!said.HasPlace() && !said.HasDates() && !AskedProfileSlot(tokens).empty()) return {kProfileRecall, false};
  Scores& scores = scored.scores;
  auto at = [&scores](Intent intent) -> int& { return scores[static_cast<std::size_t>(intent)]; };
  // A route is a flight question unless the words say otherwise ("hotels in X from Y" does); one
  // within a city ("from CDG into Paris") is the way into town.
  if (said.origin && said.destination) {
    const bool one_city = !said.origin->metro.empty() && said.origin->metro == said.destination->metro;
    at(one_city ? kCarRental : kFlightSearch) += 3;
  }
  if (said.HasBudget()) at(kBudget) += 1;
  // What a hotel should have ("pet friendly hotels in Denver", "ones with a kids club?" after a hotel
  // question) asks for hotels, not the pet policy or a kids' offer.
  if ((said.amenities != 0 || said.hotel_stars > 0) && (at(kHotelSearch) > 0 || previous == kHotelSearch)) {
    at(kHotelSearch) += 3;
  }
  if (HasArithmetic(tokens)) at(kOutOfDomain) += 6;
  // "cool, what's the meaning of life?" is a question, not thanks: small talk wins only when it
  // makes up most of the message.
  // "hey, it's Dana again", "hi, me again", "hello, Sam here": a greeting and who is back.
  if (at(kGreeting) > 0 && OnlyWhoIsBack(tokens)) return {kGreeting, false};
  if (tokens.size() > 3 && scored.social_words * 2 < tokens.size()) {
    at(kGreeting) = at(kThanks) = at(kGoodbye) = 0;
  }
  const int service = Best(scores, kLostLuggage, kContactSupport).second;
  auto [best, top] = Best(scores);
  // "what did I ask at the very start?": a question about the conversation that says "first" or
  // "start" is about its first question.
  if (best == kRecallLast && at(kRecallFirst) > 0) std::tie(best, top) = std::pair{kRecallFirst, at(kRecallLast)};
  // "I have a peanut allergy. What can you do for me on board?", "summarise the Summer Europe
  // Sale": a request put to the assistant that names a topic of its own asks about that topic,
  // not about the assistant or the conversation.
  if ((best == kAbout || best == kRecallConversation) && top <= 6) {
    const auto [topic, weight] = Best(scores, kLostLuggage, kBooking);
    if (weight >= 3) std::tie(best, top) = std::pair{topic, weight};
  }
  const bool own_topic = top >= 2 && !IsSmallTalk(best);
  // "how much does that service cost?" after a service question asks for that service's fee, and
  // so does "… that service … on a flight to Mexico?": the flight words say where (a place or a
  // flight alone may ask for a flight there), unless another service is the message's own topic.
  const bool names_back = NamesTopicBack(tokens) && !(own_topic && IsServiceIntent(best) && best != previous);
  if (IsServiceIntent(previous) && (names_back || (!own_topic && !said.HasPlace())) && scored.price > 0) {
    return {previous, true};
  }
  if (service < 3 && scored.price > 0) {
    at(kBudget) += scored.price;
    std::tie(best, top) = Best(scores);
  }
  // "what's the cheapest?", "anything cheaper?" after a flight or hotel search ask for that search's
  // cheapest: a price and nothing else, no place, no budget of its own.
  if ((previous == kFlightSearch || previous == kHotelSearch) && best == kBudget && !said.HasPlace() &&
      !said.HasBudget() && SubjectWords(tokens).empty()) {
    return {previous, true};
  }
  // Follow-ups that only change a slot ("what about in April?", "under $200?", "change it to 3
  // adults") continue the previous trip question.
  const bool weak = top <= 1 || (top <= 2 && StartsFollowUp(tokens));
  const bool states_slots = !said.empty() || said.dropped != nullptr;
  if (IsTripIntent(previous) && states_slots && (weak || (said.correction && top < 5))) {
    return {previous, true};
  }
  const bool small_talk = at(kGreeting) + at(kThanks) + at(kGoodbye) > 0;
  if (IsServiceIntent(previous) && top <= 1 && !small_talk && said.empty() && RefersBack(tokens)) {
    return {previous, true};
  }
  // "and between the Hawaiian islands?" after the pet fee asks for the pet fee there, and so do
  // "sorry, it's to Paris, not Denver", "and if we go to London instead?" ("go to" is no
  // flight search of its own) and "does it work for Maui?" after an offer.
  const bool only_places = !said.HasDates() && !said.HasParty() && !said.HasBudget() && said.cabin == Cabin::kNone;
  if (IsServiceIntent(previous) && top <= 1 && only_places &&
      (StartsFollowUp(tokens) || said.correction || RefersBack(tokens))) {
    return {previous, true};
  }
  if (top > 0) return {best, false};
  if (said.HasPlace()) return {kFlightSearch, false};
  if (said.month || !said.when.empty()) return {kDestinationIdeas, false};
  return {};
}

// DecideIntent on the message's scores (Score(tokens)).
IntentDecision DecideScored(const Scored& scored, const Tokens& tokens, const Slots& said, Intent previous) {
  IntentDecision decision = Decide(scored, tokens, said, previous);
  decision.strength = scored.scores[static_cast<std::size_t>(decision.intent)];
  // "how much is it?", "what about on international flights?": nothing of its own but a price or
  // a weak word, and it points back.
  // After a service question a flight word qualifies it ("what about on international flights?");
  // after a trip question it asks for flights.
  const int weak = IsServiceIntent(previous) ? 3 : 2;
  // "is it warm in Maui?": a weather question's "it" points at nothing.
  const bool refers_back = RefersBack(tokens, /*it_points=*/decision.intent != kWeather);
  decision.leans_back = decision.follow_up || ((refers_back || StartsFollowUp(tokens)) && decision.strength <= weak);
  return decision;
}

}  // namespace

IntentDecision DecideIntent(const Tokens& tokens, const Slots& said, Intent previous) {
  return DecideScored(Score(tokens), tokens, said, previous);
}

IntentDecision AskedIntent(const IntentDecision& whole, const Tokens& asking, const Slots& asked, Intent previous) {
  const Scored scored = Score(asking);
  const IntentDecision ask = DecideScored(scored, asking, asked, previous);
  if (ask.intent == whole.intent || IsSocial(ask.intent) || ask.follow_up) return whole;
  // "I have a severe peanut allergy. What can you do for me on board?" asks about the allergy.
  if ((ask.intent == kAbout || ask.intent == kRecallConversation) && whole.intent >= kLostLuggage &&
      whole.intent <= kBooking) {
    return whole;
  }
  // A topic of its own: a trip question names its place ("is it warm in Maui?"), a service
  // question in words that settle it ("how big can my carry-on be?", not "will you pay for …?").
  const bool own_topic = IsTripIntent(ask.intent) ? asked.HasPlace() && ask.strength >= 2 : ask.strength >= 5;
  // The story's topic is not the question's when the question's words weigh less for it …
  const bool story_only = scored.scores[static_cast<std::size_t>(whole.intent)] < ask.strength;
  // … and the question does not point back at it ("My dog is 9 kg. Can he fly in the cabin?");
  // "it" in "is it warm in Maui?" points at nothing. A question about a service that points back
  // at a trip asks about the service on that trip ("Our flight home from Reykjavik to Denver got in
  // four hours late. How much compensation would that be?" is no flight search).
  const bool points_back = RefersBack(asking, /*it_points=*/ask.intent != kWeather);
  const bool service_of_trip = IsServiceIntent(ask.intent) && IsTripIntent(whole.intent);
  return own_topic && story_only && (!points_back || service_of_trip) ? ask : whole;
}

Intent ClassifyIntent(const Tokens& tokens, const Slots& said, Intent previous) {
  return DecideIntent(tokens, said, previous).intent;
}

bool LooksLikeGibberish(std::string_view message, const Tokens& tokens) {
  if (message.find_first_not_of(" \t\r\n") == std::string_view::npos) return false;
  const PhraseTable<Hits>& table = Table();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string_view word = tokens.text(i);
    if (table.Starts(word) || PriceTable().Starts(word) || MatchPlace(tokens, i).place) return false;
    for (std::string_view common : kCommonWords) {
      if (word == common) return false;
    }
    // "fleet average age", "Ueno Zoo admission": words, just none the rules know.
    if (word.size() >= 3 && core::EnglishLexicon::Shared().Knows(word)) return false;
  }
  return true;
}

std::vector<std::string> SubjectWords(const Tokens& tokens) {
  // Words that carry no subject of their own beyond the common ones.
  static constexpr std::string_view kVague[] = {"anything", "something", "everything", "really", "still",
                                                "even",     "ever",      "only",       "other",  "another",
                                                "else",     "same",      "thing",      "things", "kind",
                                                "sort",     "bit",       "lot",        "guys",   "folks",
                                                "near",     "nearby",    "around",     "bring",  "use",
                                                // asking for a search says nothing of what is searched
                                                "search",   "searching", "looking",    "options", "available",
                                                "plan",     "planning",
                                                // the words of a range of days ("April 3 until April 10")
                                                "until",    "till",      "thru",       "through",
                                                // a time said loosely ("hotels in Las Vegas for the weekend")
                                                "weekend",  "weekends",  "midweek"};
  std::vector<bool> covered(tokens.size());
  auto cover = [&covered](std::size_t i, std::size_t n) {
    for (std::size_t k = i; k < i + n && k < covered.size(); ++k) covered[k] = true;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    Table().ForEach(tokens, i, [&](const Hits&, std::size_t words) { cover(i, words); });
    if (auto price = PriceTable().Longest(tokens, i); price.value) cover(i, price.words);
    if (auto slot = slot_words::Words().Longest(tokens, i); slot.value) cover(i, slot.words);
    if (PlaceMatch place = MatchPlace(tokens, i); place.place) cover(i, place.words);
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view word = tokens.text(i);
    if (covered[i] || word.size() < 3 || tokens.number(i) >= 0) continue;
    const bool plural_known = word.back() == 's' && Table().Find(word.substr(0, word.size() - 1)) != nullptr;
    const auto is = [word](std::string_view w) { return w == word; };
    if (plural_known || std::any_of(std::begin(kCommonWords), std::end(kCommonWords), is) ||
        std::any_of(std::begin(kVague), std::end(kVague), is)) {
      continue;
    }
    out.emplace_back(word);
  }
  return out;
}

std::string_view TopicWords(Intent intent) {
  for (const TopicRule& rule : kTopicWords) {
    if (rule.intent == intent) return rule.words;
  }
  return {};
}

}  // namespace contrail::flightly
