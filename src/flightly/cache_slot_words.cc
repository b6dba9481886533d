#include "flightly/cache_slot_words.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <span>
#include <unordered_map>

#include "embed/local/lexicon.h"
#include "embed/local/local_embedder.h"
#include "embed/local/model.h"
#include "knowledge/query_terms.h"

namespace contrail::flightly {
namespace {

void Put(cache::QuestionSlots& out, const char* name, std::vector<std::string> values) {
  std::string joined = JoinedValues(std::move(values));
  if (!joined.empty()) out[name] = std::move(joined);
}

// The local embedder's WordNet (its first sense of each part of speech), or nullptr without one.
const embed::WordNet* Synonyms() {
  static const std::shared_ptr<const embed::local::LocalModel> model =
      embed::local::LocalModel::Shared(embed::LocalEmbedder::kDefaultWordNetDir);
  return model->wordnet();
}

std::string Hex(std::uint64_t stem) {
  char hex[12];
  std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(stem ^ (stem >> 32)));
  return hex;
}

// The local embedder's travel concepts (embed/local/lexicon.h) by the stems of a phrase's content
// words (one to three): "carry on" and "cabin bag" are carry_on, "fee" and "charge" price.
using ConceptsByPhrase = std::unordered_map<std::uint64_t, std::vector<std::string_view>>;
std::uint64_t PhraseKey(std::span<const std::uint64_t> stems) {
  std::uint64_t key = 0x9e3779b97f4a7c15ULL;
  for (std::uint64_t s : stems) key = (key ^ s) * 0x100000001b3ULL;
  return key;
}
const ConceptsByPhrase& Concepts() {
  static const ConceptsByPhrase concepts = [] {
    ConceptsByPhrase map;
    for (const embed::lexicon::ConceptRow& row : embed::lexicon::Concepts()) {
      for (std::size_t start = 0; start < row.phrases.size();) {
        const std::size_t bar = std::min(row.phrases.find('|', start), row.phrases.size());
        std::vector<std::uint64_t> stems;
        for (const knowledge::Term& term : knowledge::ContentTerms(row.phrases.substr(start, bar - start))) {
          stems.push_back(term.stem);
        }
        start = bar + 1;
        if (stems.empty() || stems.size() > 3) continue;
        std::vector<std::string_view>& names = map[PhraseKey(stems)];
        if (std::find(names.begin(), names.end(), row.name) == names.end()) names.push_back(row.name);
      }
    }
    return map;
  }();
  return concepts;
}

// A word of the contrast slot: how it is written there, its stem (0 for a function word) and its
// WordNet synsets ("|s…": "luggage" is "baggage").
struct ContrastWord {
  std::string code;
  std::uint64_t stem = 0;
  std::string synonyms;
};

// The words read so far on this thread (every turn's question is read so, and its words repeat):
// stemming and WordNet are the most of what the slot costs. Bounded: a client may send any words.
std::unordered_map<std::string, ContrastWord>& ContrastMemo() {
  thread_local std::unordered_map<std::string, ContrastWord> memo;
  return memo;
}
constexpr std::size_t kMaxMemoWords = 50'000;

// `word`'s ContrastWord, from ContrastMemo; the reference lives until the memo is next cleared.
const ContrastWord& ContrastWordOf(std::string_view word, bool number) {
  static constexpr std::string_view kNumberWords[] = {"one", "two", "three", "four", "five", "six",
                                                      "seven", "eight", "nine", "ten", "a", "an"};
  static constexpr std::string_view kPartyWords[] = {"adult", "adults", "passenger", "passengers", "person",
                                                     "people", "traveller", "travellers", "traveler",
                                                     "travelers", "pax", "guest", "guests"};
  static const ContrastWord kNumber{"_#", 0, {}};
  static const ContrastWord kParty{"_party", 0, {}};
  // Numbers and the party's nouns are the trip slots' to compare ("one passenger" is "1 adult").
  if (number || In(word, kNumberWords)) return kNumber;
  if (In(word, kPartyWords)) return kParty;
  std::unordered_map<std::string, ContrastWord>& memo = ContrastMemo();
  if (auto it = memo.find(std::string(word)); it != memo.end()) return it->second;
  ContrastWord w;
  const std::vector<knowledge::Term> terms = knowledge::ContentTerms(word);
  if (terms.empty()) w.code = "_" + std::string(word);
  for (std::size_t k = 0; k < terms.size(); ++k) w.code += (k > 0 ? "+" : "") + Hex(terms[k].stem);
  if (terms.size() == 1) {
    w.stem = terms[0].stem;
    if (const embed::WordNet* wordnet = Synonyms(); wordnet != nullptr) {
      for (embed::WordNet::SynsetId id : wordnet->Senses(word)) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "|s%x", static_cast<unsigned>(id));
        w.synonyms += hex;
      }
    }
  }
  return memo.emplace(std::string(word), std::move(w)).first->second;
}

// For each word of a question (by its stem, 0 for a function word), the travel concepts of the
// longest concept phrase it is part of ("|c:carry_on" for both words of "cabin bag"); "" for none.
std::vector<std::string> ConceptsOf(const std::vector<std::uint64_t>& stems) {
  std::vector<std::size_t> content;  // the positions of content words
  for (std::size_t i = 0; i < stems.size(); ++i) {
    if (stems[i] != 0) content.push_back(i);
  }
  std::vector<std::string> out(stems.size());
  for (std::size_t p = 0; p < content.size();) {
    const std::vector<std::string_view>* names = nullptr;
    std::size_t covered = 1;
    for (std::size_t n = std::min<std::size_t>(3, content.size() - p); n > 0; --n) {
      std::uint64_t run[3];
      for (std::size_t k = 0; k < n; ++k) run[k] = stems[content[p + k]];
      if (auto it = Concepts().find(PhraseKey(std::span(run, n))); it != Concepts().end()) {
        names = &it->second;
        covered = n;
        break;
      }
    }
    for (std::size_t k = 0; names != nullptr && k < covered; ++k) {
      for (std::string_view name : *names) out[content[p + k]].append("|c:").append(name);
    }
    p += covered;
  }
  return out;
}

// The spellings (SpellingOf) of every word of `t` that `table` holds.
std::vector<std::string> SpellingsIn(const Tokens& t, std::span<const WordSpelling> table) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (std::string_view s = SpellingOf(t.text(i), table); !s.empty()) out.emplace_back(s);
  }
  return out;
}

// The thing a one-word name is of, in one spelling ("bicycle" → "bike"); "" for none.
std::string_view Item(std::string_view w) {
  static constexpr WordSpelling kItems[] = {
      {"bike", "bike"},         {"bikes", "bike"},        {"bicycle", "bike"},      {"bicycles", "bike"},
      {"ski", "ski"},           {"skis", "ski"},          {"snowboard", "ski"},     {"golf", "golf"},
      {"surfboard", "surf"},    {"surfboards", "surf"},   {"stroller", "stroller"}, {"pram", "stroller"},
      {"pushchair", "stroller"}, {"guitar", "instrument"}, {"violin", "instrument"}, {"cello", "instrument"},
      {"instrument", "instrument"}, {"battery", "battery"}, {"batteries", "battery"}, {"powerbank", "battery"},
      {"powerbanks", "battery"}, {"charger", "battery"},  {"laptop", "electronics"}, {"laptops", "electronics"},
      {"tablet", "electronics"}, {"ipad", "electronics"}, {"vape", "vape"},         {"ecigarette", "vape"},
      {"lighter", "lighter"},   {"wheelchair", "wheelchair"}, {"dog", "pet"},      {"dogs", "pet"},
      {"cat", "pet"},           {"cats", "pet"},          {"pet", "pet"},           {"pets", "pet"},
      {"puppy", "pet"},         {"kitten", "pet"},        {"labrador", "pet"},      {"animal", "pet"},
      {"esa", "service_animal"}, {"esas", "service_animal"},
  };
  return SpellingOf(w, kItems);
}

// A two-word name at t[i] ("power bank", "service dog", "emotional support"): its thing, and
// how many words it takes (0: none).
std::pair<std::string_view, std::size_t> ItemPhrase(const Tokens& t, std::size_t i) {
  const std::string_view w = t.text(i), next = t.text(i + 1);
  if (w == "power" && In(next, {"bank", "banks"})) return {"battery", 2};
  if (w == "car" && In(next, {"seat", "seats"})) return {"car_seat", 2};
  if (In(w, {"service", "guide", "assistance", "support", "therapy"}) &&
      In(next, {"dog", "dogs", "animal", "animals"})) {
    return {"service_animal", 2};
  }
  if (w == "emotional" && next == "support") return {"service_animal", t.text(i + 2) == "animal" ? 3u : 2u};
  return {{}, 0};
}

// Who acts on the trip — the traveller ("if I cancel", "can we change") or the airline ("if you
// cancel", "my flight was delayed", "Flightly moved my flight") — read from the few words before a
// verb of cancelling, changing or delaying. Passive voice is the airline's doing.
std::vector<std::string> ActorsOf(const Tokens& t) {
  static constexpr std::string_view kActs[] = {
      "cancel", "cancels", "cancelled",   "canceled", "change", "changes", "changed", "reschedule",
      "reschedules", "rescheduled", "move", "moves", "moved", "delay", "delays", "delayed",
      "bump", "bumps", "bumped", "overbook", "overbooked"};
  std::vector<std::string> actors;
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (!In(t.text(i), kActs)) continue;
    for (std::size_t k = 1; k <= 3 && k <= i; ++k) {
      const std::string_view w = t.text(i - k);
      if (In(w, {"is", "was", "gets", "got", "been", "be", "being", "get"}) ||
          In(w, {"you", "youre", "youve", "flightly", "airline", "they", "theyve", "theyre"})) {
        actors.emplace_back("airline");
        break;
      }
      if (In(w, {"i", "we", "im", "ive", "id", "wed", "weve"})) {
        actors.emplace_back("self");
        break;
      }
    }
  }
  return actors;
}

// "first checked bag", "the 2nd child", "third bag": which one of several.
std::vector<std::string> OrdinalsOf(const Tokens& t) {
  static constexpr std::string_view kCounted[] = {"bag",   "bags",     "suitcase", "suitcases", "piece", "pieces",
                                     "child", "children", "kid",      "kids",      "infant", "baby",
                                     "pet",   "passenger", "item",    "dog",       "cat"};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i);
    int n = w == "first" ? 1 : w == "second" ? 2 : w == "third" ? 3 : w == "fourth" ? 4 : 0;
    if (n == 0 && t.number(i) > 0 && t.number(i) < 10 && w.size() >= 3 &&
        In(w.substr(w.size() - 2), {"st", "nd", "rd", "th"})) {
      n = t.number(i);
    }
    if (n > 0 && (In(t.text(i + 1), kCounted) || In(t.text(i + 2), kCounted))) out.push_back(std::to_string(n));
  }
  return out;
}

// "in the morning", "an evening flight", "a red-eye": when in the day.
std::vector<std::string> DaypartsOf(const Tokens& t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i);
    // "how early can I check in" against "how late": soft, as "how early airport" and "what time
    // should I arrive" ask the same.
    if (w == "how" && In(t.text(i + 1), {"early", "late"})) out.emplace_back(t.text(i + 1));
    if (In(w, {"morning", "mornings"})) out.emplace_back("morning");
    if (In(w, {"afternoon", "afternoons"})) out.emplace_back("afternoon");
    if (In(w, {"evening", "evenings"})) out.emplace_back("evening");
    if (In(w, {"redeye", "overnight"}) || (w == "red" && t.text(i + 1) == "eye") ||
        (w == "night" && In(t.text(i + 1), {"flight", "flights"}))) {
      out.emplace_back("night");
    }
  }
  return out;
}

// "under $200", "less than 300 dollars", "$150 or more": which side of an amount of money.
std::vector<std::string> BoundsOf(const Tokens& t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool money = t.number(i) >= 0 && (t[i].dollar || In(t.text(i + 1), {"dollars", "dollar", "usd", "bucks"}));
    if (!money) continue;
    const std::string_view p1 = i > 0 ? t.text(i - 1) : std::string_view();
    const std::string_view p2 = i > 1 ? t.text(i - 2) : std::string_view();
    const std::size_t after = i + 1 + In(t.text(i + 1), {"dollars", "dollar", "usd", "bucks"});
    const std::string_view a1 = t.text(after), a2 = t.text(after + 1);
    if (In(p1, {"under", "below", "max", "maximum", "within", "beneath"}) ||
        (p1 == "than" && In(p2, {"less", "cheaper", "lower"})) || (p1 == "to" && p2 == "up") ||
        (p1 == "most" && p2 == "at") || (a1 == "or" && In(a2, {"less", "under", "below", "cheaper"}))) {
      out.emplace_back("max");
    } else if (In(p1, {"over", "above", "min", "minimum", "exceeding"}) ||
               (p1 == "than" && In(p2, {"more", "higher", "pricier"})) || (p1 == "least" && p2 == "at") ||
               (a1 == "or" && In(a2, {"more", "above", "over"})) || a1 == "plus") {
      out.emplace_back("min");
    }
  }
  return out;
}

// "a window seat", "the aisle", "exit row", "bulkhead": which seat.
std::vector<std::string> SeatsOf(const Tokens& t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i), next = t.text(i + 1);
    if (w == "window" && In(next, {"seat", "seats", "or"})) out.emplace_back("window");
    if (w == "aisle") out.emplace_back("aisle");
    if (w == "middle" && In(next, {"seat", "seats"})) out.emplace_back("middle");
    if (w == "exit" && next == "row") out.emplace_back("exit");
    if (w == "bulkhead") out.emplace_back("bulkhead");
    if (w == "extra" && next == "legroom") out.emplace_back("legroom");
  }
  return out;
}

// "with miles", "using points", "in cash", "by card", "with PayPal", "in credit": how it is paid.
std::vector<std::string> PaymentsOf(const Tokens& t) {
  static constexpr WordSpelling kMeans[] = {
      {"miles", "miles"}, {"points", "miles"},   {"avios", "miles"},     {"cash", "cash"},     {"money", "cash"},
      {"dollars", "cash"}, {"card", "card"},     {"debit", "card"},      {"visa", "card"},     {"mastercard", "card"},
      {"amex", "card"},   {"paypal", "paypal"},  {"venmo", "venmo"},     {"klarna", "klarna"}, {"voucher", "voucher"},
      {"vouchers", "voucher"}, {"gift", "voucher"}, {"apple", "apple_pay"}, {"google", "google_pay"},
  };
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if (!In(t.text(i), {"with", "using", "in", "by", "for", "via", "through"})) continue;
    const std::size_t at = In(t.text(i + 1), {"my", "a", "an", "the"}) ? i + 2 : i + 1;
    const std::string_view w = t.text(at);
    // "by credit card" is a card; "in credit" is Flightly credit.
    if (w == "credit") out.emplace_back(t.text(at + 1) == "card" ? "card" : "credit");
    if (std::string_view means = SpellingOf(w, kMeans); !means.empty()) out.emplace_back(means);
  }
  return out;
}

// The youngest kind of traveller the question names ("do infants need a passport", "an infant on
// an adult's lap"); none when it names none.
std::vector<std::string> YoungestNamed(const Tokens& t) {
  static constexpr std::string_view kInfant[] = {"infant", "infants", "baby", "babies", "newborn", "newborns"};
  static constexpr std::string_view kChild[] = {"child", "children", "kid", "kids", "toddler", "toddlers", "minor",
                                                "minors", "family", "families"};
  static constexpr std::string_view kTeen[] = {"teen", "teens", "teenager", "teenagers"};
  static constexpr std::string_view kAdult[] = {"adult", "adults", "grownup", "grownups", "couple", "couples",
                                                "honeymoon", "honeymooners"};
  static constexpr std::string_view kSenior[] = {"senior", "seniors", "elderly"};
  static constexpr std::pair<std::span<const std::string_view>, std::string_view> kKinds[] = {
      {kInfant, "infant"}, {kChild, "child"}, {kTeen, "teen"}, {kAdult, "adult"}, {kSenior, "senior"}};
  for (const auto& [words, kind] : kKinds) {
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (In(t.text(i), words)) return {std::string(kind)};
    }
  }
  return {};
}

// "change my flight", "a change fee", "cancel", "cancellation": what is done to a booking. A word
// of change counts with what is changed ("Plans changed and I can't go" changes no booking).
std::vector<std::string> ActionsOf(const Tokens& t) {
  static constexpr std::string_view kChanged[] = {"flight", "flights", "booking", "ticket", "tickets", "date", "dates",
                                     "reservation", "trip", "name", "seat", "fee", "fees", "return"};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i);
    if (In(w, {"cancel", "cancels", "cancelled", "canceled", "cancelling", "canceling", "cancellation",
               "cancellations"})) {
      out.emplace_back("cancel");
    }
    if (In(w, {"change", "changes", "changing", "changed", "reschedule", "rebook", "rebooking", "switch", "modify"})) {
      const std::string_view a = t.text(i + 1), b = t.text(i + 2);
      if (In(a, kChanged) || (In(a, {"my", "our", "the", "a", "your"}) && In(b, kChanged))) out.emplace_back("change");
    }
  }
  return out;
}

// "nonstop", "a direct flight" (0) against "a layover", "connecting flights", "one stop" (1+).
std::vector<std::string> StopsOf(const Tokens& t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i), next = t.text(i + 1);
    if (w == "nonstop" || (w == "non" && next == "stop") || (w == "direct" && In(next, {"flight", "flights"}))) {
      out.emplace_back("0");
    }
    if (In(w, {"layover", "layovers", "stopover", "stopovers", "connecting"}) ||
        (In(w, {"connection", "connections"}) && !(i > 0 && In(t.text(i - 1), {"internet", "wifi", "data"}))) ||
        ((w == "one" || t.number(i) == 1) && In(next, {"stop", "stops"}))) {
      out.emplace_back("1+");
    }
  }
  return out;
}

// "round trip", "return flight" against "one way": what kind of ticket.
std::vector<std::string> WaysOf(const Tokens& t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i), next = t.text(i + 1);
    if ((w == "round" && next == "trip") || w == "roundtrip" ||
        (w == "return" && In(next, {"flight", "ticket", "fare"}))) {
      out.emplace_back("round");
    }
    if ((w == "one" && next == "way") || w == "oneway") out.emplace_back("oneway");
  }
  return out;
}

// "domestic" against "international", "transatlantic", "abroad": which flights a rule is for.
std::vector<std::string> ScopesOf(const Tokens& t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i);
    if (w == "domestic") out.emplace_back("domestic");
    if (In(w, {"international", "transatlantic", "transpacific", "abroad", "overseas", "intercontinental"})) {
      out.emplace_back("international");
    }
  }
  return out;
}

// "before departure" against "after departure": which side of an event.
std::vector<std::string> TimingsOf(const Tokens& t) {
  static constexpr std::string_view kEvents[] = {"departure", "takeoff", "flight", "flying", "boarding", "booking",
                                                 "landing", "arrival", "purchase", "buying", "check", "checkin"};
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    const std::string_view w = t.text(i);
    if (!In(w, {"before", "after", "prior"})) continue;
    const std::size_t at = In(t.text(i + 1), {"the", "my", "to", "i"}) ? i + 2 : i + 1;
    if (In(t.text(at), kEvents)) out.emplace_back(w == "after" ? "after" : "before");
  }
  return out;
}

// What a hotel has: "with a pool", "free breakfast", "parking".
std::vector<std::string> AmenitiesOf(const Tokens& t) {
  static constexpr WordSpelling kAmenities[] = {
      {"pool", "pool"},           {"pools", "pool"},       {"spa", "spa"},         {"gym", "gym"},
      {"fitness", "gym"},         {"breakfast", "breakfast"}, {"parking", "parking"}, {"kitchen", "kitchen"},
      {"kitchenette", "kitchen"}, {"shuttle", "shuttle"},  {"balcony", "balcony"}, {"jacuzzi", "spa"},
  };
  return SpellingsIn(t, kAmenities);
}

// Where in a place: "beach hotels", "downtown", "near the airport".
std::vector<std::string> AreasOf(const Tokens& t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i), next = t.text(i + 1);
    if (In(w, {"beach", "beachfront", "oceanfront", "seaside"})) out.emplace_back("beach");
    if (In(w, {"downtown", "central"}) || (w == "city" && In(next, {"center", "centre"}))) out.emplace_back("center");
    if (w == "airport" && (In(next, {"hotel", "hotels"}) || (i > 1 && t.text(i - 2) == "near"))) {
      out.emplace_back("airport");
    }
  }
  return out;
}

// "rainy season" against "dry season", "hottest month" against "coldest": which weather.
std::vector<std::string> WeathersOf(const Tokens& t) {
  static constexpr WordSpelling kWeathers[] = {
      {"rainy", "wet"},   {"rain", "wet"},      {"wet", "wet"},       {"monsoon", "wet"},    {"rainiest", "wet"},
      {"wettest", "wet"}, {"hotter", "hot"},    {"colder", "cold"},   {"warmer", "hot"},     {"cooler", "cold"},
      {"dry", "dry"},     {"driest", "dry"},    {"sunny", "dry"},     {"sunniest", "dry"},   {"hot", "hot"},
      {"hottest", "hot"}, {"warm", "hot"},      {"warmest", "hot"},   {"cold", "cold"},      {"coldest", "cold"},
      {"cool", "cold"},   {"coolest", "cold"},  {"chilly", "cold"},   {"freezing", "cold"},  {"snow", "snow"},
      {"snowy", "snow"},  {"windy", "wind"},    {"humid", "humid"},
  };
  return SpellingsIn(t, kWeathers);
}

// "my bag is damaged" against "my bag is lost": what happened to it.
std::vector<std::string> MishapsOf(const Tokens& t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t.text(i);
    if (In(w, {"damaged", "broken", "broke", "cracked", "ripped", "torn"})) out.emplace_back("damaged");
    if (In(w, {"lost", "missing", "stolen"})) out.emplace_back("lost");
  }
  return out;
}

// What is done with miles: earned, spent, transferred or bought.
std::vector<std::string> MilesUsesOf(const Tokens& t) {
  static constexpr WordSpelling kUses[] = {
      {"earn", "earn"},       {"earning", "earn"},      {"earned", "earn"},     {"collect", "earn"},
      {"accrue", "earn"},     {"spend", "spend"},       {"spending", "spend"},  {"redeem", "spend"},
      {"redeeming", "spend"}, {"transfer", "transfer"}, {"share", "transfer"},  {"pool", "transfer"},
      {"gift", "transfer"},   {"buy", "buy"},           {"purchase", "buy"},    {"buying", "buy"},
      {"expire", "expire"},   {"expiry", "expire"},     {"expiring", "expire"},
  };
  bool miles = false;
  for (std::size_t i = 0; i < t.size(); ++i) miles = miles || In(t.text(i), {"miles", "points", "avios"});
  return miles ? SpellingsIn(t, kUses) : std::vector<std::string>{};
}

// "kids under 2" against "kids under 12": a bare number on one side of a limit.
std::vector<std::string> LimitsOf(const Tokens& t) {
  std::vector<std::string> out;
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (t.number(i) < 0 || t[i].dollar) continue;
    const std::string_view p = t.text(i - 1);
    const std::string n = std::to_string(t.number(i));
    if (In(p, {"under", "below", "younger", "less", "max", "maximum"})) out.push_back("<" + n);
    if (In(p, {"over", "above", "older", "more", "min", "minimum"})) out.push_back(">" + n);
  }
  return out;
}

}  // namespace

std::string_view SpellingOf(std::string_view w, std::span<const WordSpelling> table) {
  for (const auto& [word, spelling] : table) {
    if (w == word) return spelling;
  }
  return {};
}

std::string JoinedValues(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::string joined;
  for (const std::string& v : values) joined += (joined.empty() ? "" : ",") + v;
  return joined;
}

std::string ContrastWords(const Tokens& t) {
  if (t.size() > kMaxContrastWords) return {};
  // Cleared before a question's words are looked up, never while their references are held.
  if (ContrastMemo().size() >= kMaxMemoWords) ContrastMemo().clear();
  std::vector<const ContrastWord*> words(t.size());
  std::vector<std::uint64_t> stems(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    words[i] = &ContrastWordOf(t.text(i), t.number(i) >= 0);
    stems[i] = words[i]->stem;
  }
  const std::vector<std::string> concepts = ConceptsOf(stems);
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    out.append(i > 0 ? " " : "").append(words[i]->code).append(concepts[i]).append(words[i]->synonyms);
  }
  return out;
}

std::string ItemsOf(const Tokens& t) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (auto [item, words] = ItemPhrase(t, i); words > 0) {
      items.emplace_back(item);
      i += words - 1;
    } else if (std::string_view one = Item(t.text(i)); !one.empty()) {
      items.emplace_back(one);
    }
  }
  return JoinedValues(std::move(items));
}

void SituationSlots(const Tokens& t, cache::QuestionSlots& out) {
  Put(out, "~actor", ActorsOf(t));
  Put(out, "~nth", OrdinalsOf(t));
  Put(out, "~daypart", DaypartsOf(t));
  Put(out, "~bound", BoundsOf(t));
  Put(out, "~seat", SeatsOf(t));
  Put(out, "~pay", PaymentsOf(t));
  Put(out, "~who", YoungestNamed(t));
  Put(out, "~action", ActionsOf(t));
  Put(out, "~stops", StopsOf(t));
  Put(out, "~way", WaysOf(t));
  Put(out, "~scope", ScopesOf(t));
  Put(out, "~timing", TimingsOf(t));
  Put(out, "~amenity", AmenitiesOf(t));
  Put(out, "~area", AreasOf(t));
  Put(out, "~weather", WeathersOf(t));
  Put(out, "~mishap", MishapsOf(t));
  Put(out, "~miles", MilesUsesOf(t));
  Put(out, "~limit", LimitsOf(t));
}

}  // namespace contrail::flightly
