// The slot extractor's vocabulary (slot_words.h) and the month, season and cabin names slots.h
// exports.
#include "flightly/slot_words.h"

#include <array>

#include "flightly/slots.h"

namespace contrail::flightly {
namespace slot_words {
namespace {

constexpr std::string_view kMonthNames[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

struct WhenPhrase {
  std::string_view phrase;
  int month;
};
constexpr WhenPhrase kWhenPhrases[] = {
    {"today", 0},           {"tonight", 0},       {"tomorrow", 0},        {"this weekend", 0},
    {"next weekend", 0},    {"next week", 0},     {"this week", 0},       {"next month", 0},
    {"this month", 0},      {"next year", 0},     {"spring break", 3},    {"spring", 4},
    {"summer", 7},          {"summer break", 7},  {"summer vacation", 7}, {"fall", 10},
    {"autumn", 10},         {"winter", 1},        {"winter break", 12},   {"christmas", 12},
    {"xmas", 12},           {"thanksgiving", 11}, {"new year", 12},       {"new years", 12},
    {"new years eve", 12},  {"easter", 4},        {"memorial day", 5},    {"labor day", 9},
    {"fourth of july", 7},  {"the holidays", 12}, {"holiday season", 12}, {"half term", 10},
    {"school holidays", 7},
    // A weekday: the next one, unless "this" says the current week's.
    {"monday", 0},          {"tuesday", 0},       {"wednesday", 0},       {"thursday", 0},
    {"friday", 0},          {"saturday", 0},      {"sunday", 0},          {"next monday", 0},
    {"next tuesday", 0},    {"next wednesday", 0}, {"next thursday", 0},  {"next friday", 0},
    {"next saturday", 0},   {"next sunday", 0},   {"this monday", 0},     {"this tuesday", 0},
    {"this wednesday", 0},  {"this thursday", 0}, {"this friday", 0},     {"this saturday", 0},
    {"this sunday", 0},
};

void AddTimeWords(PhraseTable<WordInfo>& t) {
  const char* months[][2] = {{"january", "jan"}, {"february", "feb"}, {"march", "mar"},
                             {"april", "apr"},   {"may", "may"},      {"june", "jun"},
                             {"july", "jul"},    {"august", "aug"},   {"september", "sep"},
                             {"october", "oct"}, {"november", "nov"}, {"december", "dec"}};
  for (int m = 0; m < 12; ++m) {
    t.Add(months[m][0], {Word::kMonth, m + 1});
    t.Add(months[m][1], {Word::kMonth, m + 1});
  }
  t.Add("sept", {Word::kMonth, 9});
  for (std::size_t k = 0; k < std::size(kWhenPhrases); ++k) {
    t.Add(kWhenPhrases[k].phrase, {Word::kWhen, static_cast<int>(k)});
  }
  for (const char* w : {"nights", "days"}) t.Add(w, {Word::kNights, 0});
  for (const char* w : {"week", "weeks"}) t.Add(w, {Word::kWeeks, 0});
}

void AddPartyWords(PhraseTable<WordInfo>& t) {
  const char* numbers[] = {"one",   "two",   "three", "four", "five",   "six",
                           "seven", "eight", "nine",  "ten",  "eleven", "twelve"};
  for (int n = 0; n < 12; ++n) t.Add(numbers[n], {Word::kNumber, n + 1});
  for (const char* w : {"a", "an", "my", "our"}) t.Add(w, {Word::kArticle, 1});
  for (const char* w : {"adult", "grown up", "grownup"}) t.Add(w, {Word::kAdultNoun, 1});
  for (const char* w : {"adults", "grown ups", "grownups"}) t.Add(w, {Word::kAdultNoun, 2});
  for (const char* w : {"kid", "child", "son", "daughter", "boy", "girl", "teen", "teenager",
                        "toddler", "infant", "baby", "grandchild"}) {
    t.Add(w, {Word::kKidNoun, 1});
  }
  for (const char* w :
       {"kids", "children", "sons", "daughters", "boys", "girls", "teens", "teenagers", "toddlers",
        "infants", "babies", "grandchildren", "grandkids", "little ones"}) {
    t.Add(w, {Word::kKidNoun, 2});
  }
  // The singulars count after a number ("one person", "1 passenger"); "a person" and "per
  // person" are a price's unit (kPerPerson, below), matched as the longer phrase.
  for (const char* w : {"people", "persons", "passengers", "travelers", "travellers", "guests",
                        "pax", "of us", "tickets", "seats", "person", "passenger", "traveler",
                        "traveller", "guest"}) {
    t.Add(w, {Word::kPeopleNoun, 0});
  }
  for (const char* w : {"ages", "aged", "age", "ages of", "who are", "are aged"}) {
    t.Add(w, {Word::kAgeMarker, 0});
  }
  for (const char* w :
       {"year old", "years old", "year olds", "yo", "yr old", "yrs old", "years", "year", "yrs"}) {
    t.Add(w, {Word::kAgeUnit, 0});
  }
  for (const char* w : {"month old", "months old"}) t.Add(w, {Word::kAgeUnit, 1});
  for (const char* w : {"my wife", "my husband", "my partner", "my girlfriend", "my boyfriend",
                        "my spouse", "my fiance", "my fiancee", "couple", "honeymoon", "wife and i",
                        "husband and i", "partner and i", "the two of us"}) {
    t.Add(w, {Word::kPartner, 2});
  }
  for (const char* w : {"just me", "solo", "by myself", "myself"}) t.Add(w, {Word::kPartner, 1});
  for (const char* w : {"family of", "party of", "group of"}) t.Add(w, {Word::kFamilyOf, 0});
}

void AddMoneyAndPlaceWords(PhraseTable<WordInfo>& t) {
  for (const char* w : {"under", "below", "max", "maximum", "budget", "budget of", "budget is",
                        "less than", "up to", "no more than", "at most", "cheaper than", "within",
                        "spend", "afford", "around", "about", "cheap as"}) {
    t.Add(w, {Word::kBudgetMarker, 0});
  }
  for (const char* w : {"over", "above", "more than", "at least", "upwards of", "starting at",
                        "pricier than", "more expensive than", "no less than", "not under", "not below"}) {
    t.Add(w, {Word::kBudgetMarker, 1});
  }
  for (const char* w : {"dollars", "dollar", "usd", "bucks"}) t.Add(w, {Word::kMoney, 0});
  for (const char* w : {"nonstop", "non stop", "direct flight", "direct flights", "fly direct", "flying direct",
                        "no layovers", "no layover", "no stops", "without stops", "without a layover",
                        "no connections"}) {
    t.Add(w, {Word::kNonstop, 0});
  }
  // Hotel amenities as people ask for them; "beach" alone is a place to go, not a hotel's.
  namespace a = amenity;
  const std::pair<const char*, std::uint16_t> amenities[] = {
      {"pool", a::kPool}, {"swimming pool", a::kPool}, {"pools", a::kPool}, {"spa", a::kSpa}, {"gym", a::kGym},
      {"fitness center", a::kGym}, {"fitness centre", a::kGym}, {"breakfast included", a::kBreakfast},
      {"free breakfast", a::kBreakfast}, {"with breakfast", a::kBreakfast}, {"parking", a::kParking},
      {"kids club", a::kKidsClub}, {"kid's club", a::kKidsClub}, {"kids' club", a::kKidsClub},
      {"pet friendly", a::kPetFriendly}, {"dog friendly", a::kPetFriendly}, {"pets allowed", a::kPetFriendly},
      {"beachfront", a::kBeach}, {"on the beach", a::kBeach}, {"beach access", a::kBeach}};
  for (const auto& [w, bit] : amenities) t.Add(w, {Word::kAmenity, bit});
  for (const char* w : {"best rated", "highest rated", "top rated", "best reviewed", "highly rated", "best reviews",
                        "best ratings", "highest rating"}) {
    t.Add(w, {Word::kTopRated, 0});
  }
  for (const char* w : {"per person", "a person", "each", "pp", "per head", "a head", "a ticket",
                        "per ticket", "per adult", "a seat", "per seat"}) {
    t.Add(w, {Word::kPerPerson, 0});
  }
  for (const char* w : {"a night", "per night", "nightly", "night"}) t.Add(w, {Word::kPerNight, 0});
  auto cabin = [&](const char* w, Cabin c) { t.Add(w, {Word::kCabin, static_cast<int>(c)}); };
  for (const char* w : {"economy", "coach", "basic economy", "main cabin", "economy class"}) {
    cabin(w, Cabin::kEconomy);
  }
  for (const char* w : {"premium economy", "premium"}) cabin(w, Cabin::kPremium);
  for (const char* w : {"business", "business class"}) cabin(w, Cabin::kBusiness);
  cabin("first class", Cabin::kFirst);
  for (const char* w :
       {"from", "leaving", "departing", "depart", "leave", "out of", "flying out of", "fly out of",
        "live in", "living in", "based in", "home is", "starting in", "starting from"}) {
    t.Add(w, {Word::kOriginMarker, 0});
  }
  for (const char* w : {"to", "into", "in", "at", "visit", "visiting", "near", "towards", "over to",
                        "for", "reach", "explore", "going to", "heading to", "arriving in", "arriving"}) {
    t.Add(w, {Word::kDestMarker, 0});
  }
  t.Add("between", {Word::kBetween, 0});
  for (const char* w : {"back", "coming back", "come back", "returning", "return", "return on", "inbound",
                        "fly back", "flying back", "fly home", "flying home", "return date", "coming home",
                        "come home", "back home", "heading home", "going home", "home on"}) {
    t.Add(w, {Word::kReturnMarker, 0});
  }
  for (const char* w : {"looking at", "look at", "looked at"}) t.Add(w, {Word::kNoRole, 0});
  for (const char* w : {"outbound", "going out", "out on", "departure date", "departure", "going", "heading out"}) {
    t.Add(w, {Word::kOutMarker, 0});
  }
}

// Words about how a message states its slots: corrections, rejections and other people's trips.
void AddDiscourseWords(PhraseTable<WordInfo>& t) {
  for (const char* w : {"forget", "forget about", "not", "instead of", "rather than", "no longer",
                        "scratch", "skip", "never mind", "nevermind"}) {
    t.Add(w, {Word::kReject, 0});
  }
  for (const char* w : {"instead", "actually", "make it", "make that", "change it to", "change that to",
                        "change to", "switch to", "switch it to", "lets do", "let us do", "rather",
                        "scratch that", "on second thought", "correction"}) {
    t.Add(w, {Word::kCorrection, 0});
  }
  for (const char* w : {"her", "his", "their"}) t.Add(w, {Word::kOthers, 0});
  for (const char* w : {"friend", "friends", "sister", "brother", "colleague", "coworker", "neighbour",
                        "neighbor", "boss", "cousin", "aunt", "uncle", "he", "she", "they", "someone",
                        "somebody", "mom", "dad", "mother", "father", "parents"}) {
    t.Add(w, {Word::kThirdPerson, 0});
  }
  for (const char* w : {"went", "took", "flew", "travelled", "traveled", "visited", "brought", "had",
                        "was", "stayed", "did", "said", "told"}) {
    t.Add(w, {Word::kReported, 0});
  }
  for (const char* w : {"we", "i", "us", "me", "im"}) {
    t.Add(w, {Word::kFirstPerson, 0});
  }
}

PhraseTable<WordInfo> BuildWords() {
  PhraseTable<WordInfo> t;
  AddTimeWords(t);
  AddPartyWords(t);
  AddMoneyAndPlaceWords(t);
  AddDiscourseWords(t);
  return t;
}

}  // namespace

const PhraseTable<WordInfo>& Words() {
  static const PhraseTable<WordInfo> words = BuildWords();
  return words;
}

std::string_view WhenText(int index) { return kWhenPhrases[index].phrase; }

}  // namespace slot_words

using slot_words::kMonthNames;
using slot_words::kWhenPhrases;
using slot_words::WhenPhrase;

std::string_view MonthName(int month) {
  return month >= 1 && month <= 12 ? kMonthNames[month - 1] : std::string_view();
}

int ParseMonthName(std::string_view name) {
  for (int m = 0; m < 12; ++m) {
    std::string_view full = kMonthNames[m];
    if (name.size() != full.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < name.size() && same; ++k) {
      char c = full[k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = name[k] == c;
    }
    if (same) return m + 1;
  }
  return 0;
}

int MonthHint(std::string_view when) {
  for (const WhenPhrase& w : kWhenPhrases) {
    if (w.phrase == when) return w.month;
  }
  return 0;
}

std::string_view CanonicalWhen(std::string_view when) {
  for (const WhenPhrase& w : kWhenPhrases) {
    if (w.phrase == when) return w.phrase;
  }
  return {};
}

std::string_view AmenityName(std::uint16_t bit) {
  switch (bit) {
    case amenity::kPool: return "pool";
    case amenity::kSpa: return "spa";
    case amenity::kGym: return "gym";
    case amenity::kBreakfast: return "breakfast";
    case amenity::kParking: return "parking";
    case amenity::kKidsClub: return "kids_club";
    case amenity::kPetFriendly: return "pet_friendly";
    case amenity::kBeach: return "beach";
    default: return {};
  }
}

std::string_view CabinName(Cabin cabin) {
  switch (cabin) {
    case Cabin::kEconomy: return "economy";
    case Cabin::kPremium: return "premium economy";
    case Cabin::kBusiness: return "business";
    case Cabin::kFirst: return "first";
    case Cabin::kNone: break;
  }
  return {};
}

Cabin ParseCabinName(std::string_view name) {
  for (Cabin c : {Cabin::kEconomy, Cabin::kPremium, Cabin::kBusiness, Cabin::kFirst}) {
    if (CabinName(c) == name) return c;
  }
  return Cabin::kNone;
}

}  // namespace contrail::flightly
