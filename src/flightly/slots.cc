#include "flightly/slots.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "flightly/slot_words.h"
#include "flightly/trip_dates.h"

namespace contrail::flightly {
namespace {

using slot_words::Word;
using slot_words::WordInfo;
using slot_words::Words;

// Words after which an ambiguous month name ("may", "jan") is a month.
bool IsDateContext(std::string_view w) {
  for (std::string_view c :
       {"in", "the", "of", "early", "late", "mid", "during", "until", "by", "since", "through",
        "next", "this", "last", "before", "after", "for"}) {
    if (w == c) return true;
  }
  return false;
}

// The past-tense verbs of someone's travels, in a clause about someone else's trip.
bool IsTravelVerb(std::string_view w) {
  return w == "went" || w == "flew" || w == "travelled" || w == "traveled" || w == "visited" || w == "stayed" ||
         w == "took";
}

// kAlso: listed right after a place that has a role ("to Denver and Calgary"), so neither role
// is its own to take; the list's first place answers for it. kReported: in a clause about someone
// else's trip ("my friend went to Bali last year"), not the traveller's.
enum class Role : std::uint8_t { kNone, kOrigin, kDestination, kAlso, kReported };

struct Mention {
  PlaceMatch match;
  Role role = Role::kNone;
};

// One pass over the tokens. Each Try* handles a construct that starts at token i and returns how
// many tokens it consumed, or 0 when the construct is not there.
class Extractor {
 public:
  explicit Extractor(const Tokens& tokens) : t_(tokens), words_(Words()) {}

  Slots Run() {
    std::size_t i = 0;
    while (i < t_.size()) {
      const bool others = UpdateVoice(i);
      const Party before = SaveParty();
      const Dates dates_before = SaveDates();
      const std::size_t mentions_before = mentions_count_;
      set_day_ = false;
      std::size_t used = TryPlace(i);
      if (!used) used = TryDate(i);
      if (!used) used = TryNumber(i);
      if (!used) used = TryWord(i);
      if (set_day_) NoteDate(i);
      if (others) RestoreParty(before);  // someone else's party is not the traveller's
      if (reported_trip_) ForgetReported(dates_before, mentions_before);
      i += used ? used : 1;
      if (countdown_budget_ > 0) --countdown_budget_;
      if (countdown_others_ > 0) --countdown_others_;
    }
    ResolvePlaces();
    if (s_.back_day != 0 && s_.day != 0) {  // "back on March 15, leaving March 10"
      if (const int nights = NightsToReturn(s_, s_); nights != 0) s_.nights = nights;
      s_.back_month = s_.back_day = s_.back_year = 0;
    }
    s_.kids = std::max({s_.kids, kid_nouns_, static_cast<int>(s_.kid_ages.size)});
    if (s_.kids > 0 || saw_kids_) s_.adults_only = false;
    // "a family of 4 with 2 kids": the others are adults (a party of 2 kids alone is no family).
    if (s_.adults == 0 && s_.kids > 0 && s_.travelers > s_.kids) s_.adults = s_.travelers - s_.kids;
    // An amenity is a hotel's where the message is about a place to stay, or says the hotel has it
    // ("with a pool?"): not in "the Bali yoga and spa package".
    s_.amenities = AboutLodging() ? amenities_ : amenities_with_;
    return s_;
  }

 private:
  // The party fields a construct may set, saved so that someone else's party can be undone.
  struct Party {
    int adults, kids, travelers, kid_nouns;
    Ages kid_ages, pending_ages;
    bool adults_only, saw_kids;
  };
  Party SaveParty() const {
    return {s_.adults, s_.kids, s_.travelers, kid_nouns_, s_.kid_ages, pending_ages_, s_.adults_only, saw_kids_};
  }
  void RestoreParty(const Party& p) {
    s_.adults = p.adults, s_.kids = p.kids, s_.travelers = p.travelers, kid_nouns_ = p.kid_nouns;
    s_.kid_ages = p.kid_ages, pending_ages_ = p.pending_ages, s_.adults_only = p.adults_only;
    saw_kids_ = p.saw_kids;
  }

  // Tracks whose trip token i talks about; returns true when it is someone else's. A clause is
  // someone else's from "my friend went" to the end of the sentence or the next "we"/"I";
  // "her/his/their" makes the next two tokens someone else's.
  bool UpdateVoice(std::size_t i) {
    char sep = t_[i].separator;
    if (sep == '.' || sep == ';' || sep == '!' || sep == '?') reported_ = reported_trip_ = false;
    Word kind = Info(i).kind;
    if (kind == Word::kFirstPerson) reported_ = reported_trip_ = false;
    if (kind == Word::kOthers) countdown_others_ = 3;
    if (kind == Word::kThirdPerson && (Is(i + 1, Word::kReported) || Is(i + 2, Word::kReported))) {
      reported_ = true;
      // "my friend went to Bali": a trip of theirs; "a friend said Cancun gets storms": not.
      reported_trip_ = reported_trip_ || IsTravelVerb(t_.text(i + 1)) || IsTravelVerb(t_.text(i + 2));
    }
    return reported_ || countdown_others_ > 0;
  }

  // The date fields a construct may set, saved so that someone else's trip can be undone.
  struct Dates {
    int month, day, year, nights;
    std::string_view when;
    Day back;
  };
  Dates SaveDates() const {
    return {s_.month, s_.day, s_.year, s_.nights, s_.when, {s_.back_month, s_.back_day, s_.back_year}};
  }

  // Someone else's past trip ("my friend went to Bali last spring") names neither the traveller's
  // place nor dates: the construct just read is undone but for its party (RestoreParty's).
  void ForgetReported(const Dates& before, std::size_t mentions_before) {
    if (mentions_count_ > mentions_before) mentions_[mentions_count_ - 1].role = Role::kReported;
    s_.month = before.month, s_.day = before.day, s_.year = before.year, s_.nights = before.nights;
    s_.when = before.when;
    s_.back_month = before.back.month, s_.back_day = before.back.day, s_.back_year = before.back.year;
  }

  // A place or month right after a rejection, with at most one filler word between ("forget
  // about X", "not to X"); "why not X?" suggests X instead.
  bool Rejected(std::size_t i) const {
    std::size_t end = i;
    std::string_view prev = t_.text(i - 1);
    if (i > 0 && (prev == "to" || prev == "the" || prev == "in" || prev == "about")) --end;
    for (std::size_t at : {i, end}) {
      for (std::size_t back = 1; back <= 3 && back <= at; ++back) {
        std::size_t words = 0;
        if (Info(at - back, &words).kind != Word::kReject || words != back) continue;
        return !(t_.text(at - back) == "not" && at - back > 0 && t_.text(at - back - 1) == "why");
      }
    }
    return false;
  }

  WordInfo Info(std::size_t i, std::size_t* words = nullptr) const {
    auto m = words_.Longest(t_, i);
    if (words) *words = m.words;
    return m.value ? *m.value : WordInfo{};
  }
  bool Is(std::size_t i, Word kind) const {
    auto m = words_.Longest(t_, i);
    return m.value && m.value->kind == kind;
  }
  // A number written in digits or as a word ("two"); -1 otherwise.
  int NumberAt(std::size_t i) const {
    if (t_.number(i) >= 0) return t_.number(i);
    auto m = words_.Longest(t_, i);
    return m.value && m.words == 1 && m.value->kind == Word::kNumber ? m.value->value : -1;
  }

  std::size_t TryPlace(std::size_t i) {
    PlaceMatch match = MatchPlace(t_, i);
    if (!match.place) return 0;
    if (Rejected(i)) {
      if (!s_.dropped) s_.dropped = match.place;
      s_.correction = true;
      return match.words;
    }
    // "New York (JFK)", "Maui (OGG)": a place named again in other words is one mention.
    if (mentions_count_ > 0 && last_place_end_ == i && mentions_[mentions_count_ - 1].match.place == match.place) {
      last_place_end_ = i + match.words;
      return match.words;
    }
    Role role = RoleBefore(i);
    if (role == Role::kNone && i > 0 && t_.text(i - 1) == "and" && mentions_count_ > 0 && last_place_end_ + 1 == i &&
        mentions_[mentions_count_ - 1].role != Role::kNone) {
      role = Role::kAlso;
    }
    if (mentions_count_ < mentions_.size()) mentions_[mentions_count_++] = {match, role};
    last_place_end_ = i + match.words;
    return match.words;
  }

  Role RoleBefore(std::size_t i) const {
    if (i > 0 && t_.text(i - 1) == "the") --i;
    for (std::size_t back = std::min<std::size_t>(3, i); back >= 1; --back) {
      std::size_t words = 0;
      WordInfo info = Info(i - back, &words);
      if (words != back) continue;
      if (info.kind == Word::kOriginMarker || info.kind == Word::kBetween) return Role::kOrigin;
      if (info.kind == Word::kDestMarker) return Role::kDestination;
      if (info.kind == Word::kNoRole) return Role::kNone;  // "looking at LAS to HNL": not "at LAS"
    }
    if (between_pending_ && i > 0 && t_.text(i - 1) == "and") return Role::kDestination;
    return Role::kNone;
  }

  void ResolvePlaces() {
    const PlaceMatch* origin = nullptr;
    const PlaceMatch* destination = nullptr;
    const PlaceMatch* loose[2] = {nullptr, nullptr};
    std::size_t loose_count = 0;
    for (std::size_t k = 0; k < mentions_count_; ++k) {
      const Mention& m = mentions_[k];
      if (m.role == Role::kOrigin) {
        if (!origin) origin = &m.match;
      } else if (m.role == Role::kDestination) {
        destination = &m.match;
      } else if (m.role == Role::kAlso || m.role == Role::kReported) {
        continue;
      } else if (loose_count < 2) {
        loose[loose_count++] = &m.match;
      }
    }
    if (!origin && !destination && loose_count == 2) {
      origin = loose[0];
      destination = loose[1];
    } else if (!destination && loose_count > 0) {
      destination = loose[0];
    } else if (!origin && loose_count > 0) {
      origin = loose[0];
    }
    if (origin) {
      s_.origin = origin->place;
      s_.origin_label = origin->label;
    }
    if (destination) {
      s_.destination = destination->place;
      s_.destination_label = destination->label;
    }
  }

  std::size_t TryDate(std::size_t i) {
    // ISO 2026-03-14, and US 3/14 or 3/14/2026.
    int a = t_.number(i), b = t_.number(i + 1), c = t_.number(i + 2);
    if (a >= 2020 && a <= 2099 && t_.size() > i + 2 && t_[i + 1].separator == '-' &&
        t_[i + 2].separator == '-' && b >= 1 && b <= 12 && c >= 1 && c <= 31) {
      s_.year = a;
      s_.month = b;
      s_.day = c;
      set_day_ = true;
      return 3;
    }
    // US 3/14, or day first when the first number cannot be a month (14/3).
    const bool day_first = a >= 13 && a <= 31 && b >= 1 && b <= 12;
    if (((a >= 1 && a <= 12 && b >= 1 && b <= 31) || day_first) && t_[i + 1].separator == '/') {
      s_.month = day_first ? b : a;
      s_.day = day_first ? a : b;
      set_day_ = true;
      if (!day_first && b <= 12 && a != b) read_day_first_ = {b, a, 0};  // 10/6: June 10 too
      if (c < 2020 || c > 2099 || t_[i + 2].separator != '/') return 2;
      s_.year = c;
      return 3;
    }
    // 14 March, 14th of March; a range of days before the month: 6-13 April, 6 to 13 April.
    if (a >= 1 && a <= 31) {
      std::size_t back = i + 1;
      const int back_day = RangeDay(back);
      std::size_t m = (back_day ? back : i + 1);
      m += t_.text(m) == "of";
      if (Is(m, Word::kMonth)) {
        s_.day = a;
        set_day_ = true;
        const std::size_t used = m - i + TakeMonth(m);
        if (back_day) range_back_day_ = back_day;
        return used;
      }
    }
    return 0;
  }

  // The second day of a range that starts before token j ("6-13", "10 to 17"): its day, and j
  // moved past it; 0 when there is none. A number that counts something ("14-2 adults") is none.
  int RangeDay(std::size_t& j) const {
    std::size_t at = j;
    if (at >= t_.size()) return 0;
    if (t_[at].separator != '-') {
      if (!IsRangeWord(t_.text(at))) return 0;
      ++at;
    }
    const int day = t_.number(at);
    if (day < 1 || day > 31 || t_[at].dollar) return 0;  // number() is -1 past the end
    const Word next = Info(at + 1).kind;
    if (next == Word::kAdultNoun || next == Word::kKidNoun || next == Word::kPeopleNoun || next == Word::kNights ||
        next == Word::kWeeks || next == Word::kMoney || next == Word::kAgeUnit) {
      return 0;
    }
    j = at + 1;
    return day;
  }

  // Whether a count can end before token j: the message or its clause ends, or a place, date or
  // cabin follows ("for 3 in March"), not a noun the count may be of ("for 3 hours").
  bool EndsCount(std::size_t j) const {
    if (j >= t_.size()) return true;
    const char sep = t_[j].separator;
    if (sep == ',' || sep == '.' || sep == ';' || sep == '!' || sep == '?' || sep == '-') return true;
    const Word kind = Info(j).kind;
    // "for 4 under $150 each", "for 4 with a budget of $600": the budget follows the party.
    const bool budget_next = t_.text(j) == "with" && ((j + 1 < t_.size() && Info(j + 1).kind == Word::kBudgetMarker) ||
                                                      (j + 2 < t_.size() && Info(j + 2).kind == Word::kBudgetMarker));
    return kind == Word::kDestMarker || kind == Word::kOriginMarker || kind == Word::kMonth || kind == Word::kWhen ||
           kind == Word::kCabin || kind == Word::kReturnMarker || kind == Word::kBudgetMarker || budget_next;
  }

  // The trip's dates: the first day-and-month date read is the departure; a later one after a
  // range ("6-13 April", "April 10 to 17", "1/10 - 1/17") or a return word ("returning Feb 6",
  // "back on the 12th") is the return, kept as the nights between the two. Another later date
  // replaces the departure (the last one said wins, as a correction does).
  void NoteDate(std::size_t i) {
    const int back_day = std::exchange(range_back_day_, 0);
    if (back_day) {  // a range within the construct just read: the return is in its month
      out_ = {s_.month, s_.day, s_.year};
      SetReturn(s_.month + (back_day <= s_.day ? 1 : 0), back_day, s_.year);
      return;
    }
    const bool returns = return_pending_ || t_[i].separator == '-' || (i > 0 && IsRangeWord(t_.text(i - 1)));
    const Day other_reading = std::exchange(read_day_first_, Day{});
    if (out_.day == 0 && JustAfterReturnWord(i)) {  // "returning March 15" before any departure
      KeepBack(s_.month, s_.day, s_.year);
      s_.month = s_.day = s_.year = 0;
      return;
    }
    if (out_.day == 0 || !returns) {
      out_ = {s_.month, s_.day, s_.year};
      out_day_first_ = other_reading;
      return;
    }
    // "10/6 to 17/6": the return is read day first, so the departure is too (June 10, not October 6).
    if (out_day_first_.day != 0 && NightsBetween(out_.month, out_.day, out_.year, s_.month, s_.day, s_.year) > 90 &&
        NightsBetween(out_day_first_.month, out_day_first_.day, out_.year, s_.month, s_.day, s_.year) >= 1) {
      out_.month = out_day_first_.month, out_.day = out_day_first_.day;
    }
    SetReturn(s_.month, s_.day, s_.year);
  }

  // Whether the date at token i follows a return word closely ("returning March 15", "back on the
  // 15th"), not one that named the kind of trip ("return flights JFK–Lisbon, outbound 3 June").
  bool JustAfterReturnWord(std::size_t i) const { return return_pending_ && i <= after_return_word_ + 2; }

  // A return whose departure the message does not say (yet): Run or MergeSlots makes it nights.
  void KeepBack(int month, int day, int year) {
    return_pending_ = false;
    s_.back_month = month, s_.back_day = day, s_.back_year = year;
  }

  // REQUIRES: out_ is a date. Keeps the departure and the nights to `day` (month 13 is January);
  // a day not 1 to 90 nights later is a new departure instead.
  void SetReturn(int month, int day, int year) {
    return_pending_ = false;
    if (month == 13) month = 1;
    const int nights = NightsBetween(out_.month, out_.day, out_.year, month, day, year);
    if (nights < 1 || nights > 90) {
      s_.month = month, s_.day = day, s_.year = year;
      out_ = {month, day, year};
      return;
    }
    s_.month = out_.month, s_.day = out_.day, s_.year = out_.year;
    s_.nights = nights;
  }

  // "may" and "jan" are also a verb and a name: they are months only after a date word ("in
  // may") or before a day ("may 3").
  bool IsMonthHere(std::size_t i) const {
    std::string_view w = t_.text(i);
    if (w != "may" && w != "jan") return true;
    int next = t_.number(i + 1);
    return (i > 0 && IsDateContext(t_.text(i - 1))) || (next >= 1 && next <= 31);
  }

  // REQUIRES: token i is a month name. Takes it with a following day or year ("March 14").
  std::size_t TakeMonth(std::size_t i) {
    s_.month = Info(i).value;
    int next = t_.number(i + 1);
    if (next >= 1 && next <= 31 && !Is(i + 2, Word::kAdultNoun) && !Is(i + 2, Word::kKidNoun)) {
      s_.day = next;
      set_day_ = true;
      int year = t_.number(i + 2);
      if (year >= 2020 && year <= 2099) {
        s_.year = year;
        return 3;
      }
      // "July 20-30", "April 10 to 17" (not "April 10 to May 2": that is two dates).
      std::size_t back = i + 2;
      if (const int back_day = RangeDay(back); back_day && !Is(back, Word::kMonth)) {
        range_back_day_ = back_day;
        return back - i;
      }
      return 2;
    }
    if (next < 2020 || next > 2099) return 1;
    s_.year = next;
    return 2;
  }

  // A time phrase. Of two weekdays the first is the departure: the second after a range or a
  // return word ("leaving Monday and back Friday") gives the nights, and otherwise (not a
  // correction: "Friday, make it Saturday") is left out ("Friday and Saturday night").
  void TakeWhen(std::size_t i, std::string_view when) {
    const int day = WeekdayOf(when), first = WeekdayOf(s_.when);
    if (day < 0 || first < 0 || s_.correction) {
      s_.when = when;
      return;
    }
    if (return_pending_ || t_[i].separator == '-' || (i > 0 && IsRangeWord(t_.text(i - 1)))) {
      s_.nights = (day - first + 7) % 7 == 0 ? 7 : (day - first + 7) % 7;
      return_pending_ = false;
    }
  }

  std::size_t TryNumber(std::size_t i);
  std::size_t TryBudget(std::size_t i, int value);
  void SetBudget(std::size_t i, int value);
  std::size_t TryWord(std::size_t i);

  // Whether the message is about a place to stay: a word for one anywhere in it.
  bool AboutLodging() const {
    for (std::size_t k = 0; k < t_.size(); ++k) {
      if (In(t_.text(k), {"hotel", "hotels", "resort", "resorts", "stay", "accommodation", "accommodations", "inn",
                          "lodge", "room", "rooms", "condo", "condos", "airbnb", "hostel", "motel"})) {
        return true;
      }
    }
    return false;
  }

  // "business" alone is a cabin unless it is a business trip.
  void TakeCabin(std::size_t i, const WordInfo& info, std::size_t words) {
    Cabin cabin = static_cast<Cabin>(info.value);
    if (cabin == Cabin::kBusiness && words == 1) {
      std::string_view next = t_.text(i + 1);
      for (std::string_view w : {"trip", "trips", "travel", "traveler", "traveller", "meeting",
                                 "conference", "hotel", "hotels", "district", "center", "days"}) {
        if (next == w) return;
      }
    }
    s_.cabin = cabin;
  }

  const Tokens& t_;
  const PhraseTable<WordInfo>& words_;
  Slots s_;
  std::array<Mention, 8> mentions_{};
  std::size_t mentions_count_ = 0;
  std::size_t last_place_end_ = 0;  // the token after the last place found
  bool between_pending_ = false;
  bool ages_mode_ = false;    // after "ages" or a kid noun: small numbers are ages
  bool family_of_ = false;    // after "family of": the number is the party size
  Word replaced_party_ = Word::kNone;  // "instead of 2 adults it's 3": what the next bare number counts
  int countdown_budget_ = 0;  // tokens left in which a number is money ("under ... 300")
  bool floor_marker_ = false;  // the budget's word was a lower bound ("over", "at least")
  std::uint16_t amenities_ = 0, amenities_with_ = 0;  // every amenity said; those after "with", "has"
  std::size_t money_end_ = 0;  // the token after the last amount of money read, 0 before any
  int kid_nouns_ = 0;         // "my son and a daughter" without numbers
  bool saw_kids_ = false;     // a child was named, even without a count ("with the kids")
  bool reported_ = false;     // in a clause about someone else's trip ("my friend went …")
  bool reported_trip_ = false;  // … that says where they went ("went", "flew", "visited")
  int countdown_others_ = 0;  // tokens left that belong to "her/his/their"'s party
  Ages pending_ages_;         // small numbers that a later "year old" makes ages ("4 and 8 yo")
  Day out_;                      // the departure, once a day and month were read (NoteDate)
  bool set_day_ = false;         // the construct being read set a day
  int range_back_day_ = 0;       // … and ended a range of days there ("6-13 April": 13)
  bool return_pending_ = false;  // a return word since the departure ("back", "returning")
  std::size_t after_return_word_ = 0;  // the token after the last return word
  Day read_day_first_;           // the date just read, read day first (10/6: {6, 10}), if it can be
  Day out_day_first_;            // … the departure's
};

std::size_t Extractor::TryNumber(std::size_t i) {
  int value = NumberAt(i);
  if (value < 0) return 0;
  std::size_t words = 0;
  WordInfo next = Info(i + 1, &words);
  if (family_of_) {
    family_of_ = false;
    s_.travelers = value;
    return 1;
  }
  if (std::size_t used = TryBudget(i, value)) return used;
  if (value >= 1 && value <= 5 && In(t_.text(i + 1), {"star", "stars"})) {  // "4-star hotels"
    s_.hotel_stars = value;
    return 2;
  }
  const bool counts_people =
      next.kind == Word::kAdultNoun || next.kind == Word::kKidNoun || next.kind == Word::kPeopleNoun;
  if (counts_people && Rejected(i)) {
    replaced_party_ = next.kind;
    s_.correction = true;
    return 1 + words;
  }
  if (replaced_party_ != Word::kNone && next.kind == Word::kNone && value >= 1 && value <= 30) {
    int& count = replaced_party_ == Word::kAdultNoun ? s_.adults
                 : replaced_party_ == Word::kKidNoun ? s_.kids
                                                     : s_.travelers;
    count = value;
    replaced_party_ = Word::kNone;
    return 1;
  }
  switch (next.kind) {
    case Word::kAdultNoun: s_.adults = value; return 1 + words;
    case Word::kKidNoun:
      s_.kids = value;
      ages_mode_ = true;
      return 1 + words;
    case Word::kPeopleNoun: s_.travelers = value; return 1 + words;
    case Word::kNights: s_.nights = value; return 1 + words;
    case Word::kWeeks: s_.nights = 7 * value; return 1 + words;
    case Word::kAgeUnit:
      for (std::size_t k = 0; k < pending_ages_.size; ++k) s_.kid_ages.Add(pending_ages_.values[k]);
      pending_ages_ = {};
      s_.kid_ages.Add(next.value == 1 ? 0 : value);
      return 1 + words;
    default: break;
  }
  // "…, back on the 12th": a bare day after a return word, in the departure's month or the next;
  // without a departure in the message ("and back on the 15th", "until the 8th"), the return of
  // the one the session knows.
  const std::string_view prev = i > 0 ? t_.text(i - 1) : std::string_view();
  const bool bare_day = value >= 1 && value <= 31 && (prev == "the" || prev == "on");
  if (return_pending_ && out_.day != 0 && bare_day) {
    s_.month = value <= out_.day ? out_.month % 12 + 1 : out_.month;
    s_.day = value;
    set_day_ = true;
    return 1;
  }
  // "until the 8th", "to the 12th": an ordinal after a range word ("to the 2 islands" is none).
  const std::string_view text = t_.text(i);
  const bool ordinal = !text.empty() && !std::isdigit(static_cast<unsigned char>(text.back()));
  const bool range_back = ordinal && i > 1 && prev == "the" && IsRangeWord(t_.text(i - 2));
  if (range_back && out_.day != 0 && bare_day) {  // "from June 3 until the 8th"
    SetReturn(value <= out_.day ? out_.month + 1 : out_.month, value, out_.year);
    return 1;
  }
  if ((JustAfterReturnWord(i) || range_back) && out_.day == 0 && s_.day == 0 && bare_day) {
    KeepBack(0, value, 0);
    return 1;
  }
  // "flights to Orlando on the 15th": a day of whichever month the trip is in (not a date to count
  // a return from, so no NoteDate); "on the 2nd floor" is none.
  const bool said_alone = i + 1 >= t_.size() || In(t_.text(i + 1), {"and", "returning", "back", "until", "till",
                                                                       "to", "for", "with", "please", "or"});
  if (ordinal && prev == "the" && i > 1 && In(t_.text(i - 2), {"on", "leaving", "departing", "around"}) &&
      value <= 31 && said_alone && s_.day == 0 && s_.month == 0) {
    s_.day = value;
    return 1;
  }
  if (ages_mode_ && value <= 17) {
    s_.kid_ages.Add(value);
    return 1;
  }
  // "flights to Denver on 12/20 for 3": a small number after "for" that counts nothing is the party.
  if (prev == "for" && value >= 1 && value <= 9 && !t_[i].dollar && !s_.HasParty() && EndsCount(i + 1)) {
    s_.travelers = value;
    return 1;
  }
  if (value >= 2020 && value <= 2099) {
    s_.year = value;
    return 1;
  }
  if (value <= 17) pending_ages_.Add(value);
  return 1;
}

// Money: "$300", "300 dollars", or a number soon after "under" or "budget".
std::size_t Extractor::TryBudget(std::size_t i, int value) {
  bool money = t_[i].dollar || Is(i + 1, Word::kMoney) || (countdown_budget_ > 0 && value >= 20);
  if (!money || Is(i + 1, Word::kAgeUnit) || Is(i + 1, Word::kKidNoun)) return 0;
  // "within 24 hours", "under 23 kg": a quantity after a budget's word, not money.
  static constexpr std::string_view kQuantities[] = {"hour", "hours", "hr", "hrs", "minutes", "mins", "days",
                                                      "weeks", "kg", "kgs", "kilos", "lb", "lbs", "pounds",
                                                      "cm", "inches", "ml", "miles", "km", "points", "percent"};
  if (!t_[i].dollar &&
      std::find(std::begin(kQuantities), std::end(kQuantities), t_.text(i + 1)) != std::end(kQuantities)) {
    return 0;
  }
  SetBudget(i, value);
  countdown_budget_ = 0;
  std::size_t used = 1 + Is(i + 1, Word::kMoney);
  // The unit within two words, not past another amount ("$180-$300 a night": the range's top is read next).
  for (std::size_t j = i + used; j < i + used + 2 && j < t_.size() && t_.number(j) < 0; ++j) {
    std::size_t words = 0;
    WordInfo info = Info(j, &words);
    if (info.kind == Word::kPerPerson) s_.budget_unit = BudgetUnit::kPerPerson;
    if (info.kind == Word::kPerNight) s_.budget_unit = BudgetUnit::kPerNight;
    if (info.kind == Word::kPerPerson || info.kind == Word::kPerNight) {
      money_end_ = j + words;
      return j - i + words;
    }
  }
  money_end_ = i + used;
  return used;
}

// The amount at token i is a cap, a floor (after "over", "at least") or, right after a smaller cap
// ("between $150 and $250", "$150-$250", "from $150 to $250"), the top of a range whose bottom that
// cap becomes. "$200" alone is a cap.
void Extractor::SetBudget(std::size_t i, int value) {
  const bool joined =
      money_end_ != 0 && (i == money_end_ || (i == money_end_ + 1 && In(t_.text(money_end_), {"and", "to", "-"})));
  if (joined && s_.budget_usd > 0 && s_.budget_min_usd == 0 && value > s_.budget_usd) {
    s_.budget_min_usd = s_.budget_usd;
  } else if (countdown_budget_ > 0 && floor_marker_) {
    s_.budget_min_usd = value;
    s_.budget_unit = BudgetUnit::kTotal;
    return;
  } else {
    s_.budget_min_usd = 0;
  }
  s_.budget_usd = value;
  s_.budget_unit = BudgetUnit::kTotal;
}

std::size_t Extractor::TryWord(std::size_t i) {
  std::size_t words = 0;
  auto m = words_.Longest(t_, i);
  if (!m.value) {
    std::string_view w = t_.text(i);
    // "my son is 9", "our son who is 7", "my daughter just turned 5": still the child's age.
    constexpr std::string_view kStillAge[] = {"and", "is", "are", "who", "whos", "just", "turned", "turning", "now"};
    if (std::find(std::begin(kStillAge), std::end(kStillAge), w) == std::end(kStillAge)) ages_mode_ = false;
    return 0;
  }
  words = m.words;
  const WordInfo& info = *m.value;
  if (info.kind != Word::kKidNoun && info.kind != Word::kAgeMarker) ages_mode_ = false;
  switch (info.kind) {
    case Word::kMonth:
      if (!IsMonthHere(i)) return 0;
      if (Rejected(i)) {
        s_.correction = true;
        return words;
      }
      return TakeMonth(i);
    case Word::kWhen:
      if (t_.text(i) == "fall" && !(i > 0 && IsDateContext(t_.text(i - 1)))) return 0;
      TakeWhen(i, slot_words::WhenText(info.value));
      return words;
    case Word::kArticle: {
      WordInfo next = Info(i + 1);
      if (next.kind == Word::kAdultNoun && next.value == 1) s_.adults += 1;
      if (next.kind == Word::kWeeks) s_.nights = 7;
      return 1;
    }
    case Word::kKidNoun:
      if (info.value == 1) ++kid_nouns_;
      ages_mode_ = true;
      saw_kids_ = true;
      return words;
    case Word::kAgeMarker: ages_mode_ = true; return words;
    case Word::kBudgetMarker:
      countdown_budget_ = 4;
      floor_marker_ = info.value == 1;
      return words;
    case Word::kCabin: TakeCabin(i, info, words); return words;
    case Word::kNonstop: s_.nonstop = true; return words;
    case Word::kTopRated: s_.top_rated = true; return words;
    case Word::kAmenity: {
      amenities_ |= static_cast<std::uint16_t>(info.value);
      auto has = [&](std::size_t k) { return In(t_.text(k), {"with", "has", "have"}); };
      const bool with = (i > 0 && has(i - 1)) || (i > 1 && has(i - 2) && In(t_.text(i - 1), {"a", "an", "free"}));
      if (with) amenities_with_ |= static_cast<std::uint16_t>(info.value);
      return words;
    }
    case Word::kBetween: between_pending_ = true; return words;
    case Word::kPartner:
      s_.adults = std::max(s_.adults, info.value);
      s_.adults_only = true;
      return words;
    case Word::kFamilyOf: family_of_ = true; return words;
    case Word::kReturnMarker:
      return_pending_ = true;
      after_return_word_ = i + words;
      return words;
    // A rejection corrects only when it rejects a place or month ("not sure" does not).
    case Word::kCorrection: s_.correction = true; return words;
    default: return words;
  }
}

}  // namespace


Slots ExtractSlots(const Tokens& tokens) { return Extractor(tokens).Run(); }

}  // namespace contrail::flightly
