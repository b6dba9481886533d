#pragma once
// Slots: the trip facts a message states (places and their direction, dates, party, budget,
// cabin), and how a session accumulates them turn by turn.
//
//   Tokens tokens("flights from Las Vegas to Hawaii in March for 2 adults and 2 kids under $300");
//   Slots s = ExtractSlots(tokens);   // origin LAS, destination HNL ("Hawaii"), month 3, ...
//   MergeSlots(s, session_slots);     // what this turn said replaces what the session knew

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "flightly/gazetteer.h"
#include "flightly/text.h"

namespace contrail::flightly {

enum class Cabin : std::uint8_t { kNone, kEconomy, kPremium, kBusiness, kFirst };
enum class BudgetUnit : std::uint8_t { kTotal, kPerPerson, kPerNight };

// What a hotel has, as the hotels table names it (AmenityName): bits of Slots::amenities.
namespace amenity {
inline constexpr std::uint16_t kPool = 1 << 0;
inline constexpr std::uint16_t kSpa = 1 << 1;
inline constexpr std::uint16_t kGym = 1 << 2;
inline constexpr std::uint16_t kBreakfast = 1 << 3;
inline constexpr std::uint16_t kParking = 1 << 4;
inline constexpr std::uint16_t kKidsClub = 1 << 5;
inline constexpr std::uint16_t kPetFriendly = 1 << 6;
inline constexpr std::uint16_t kBeach = 1 << 7;
}  // namespace amenity
inline constexpr int kAmenityCount = 8;

// Children's ages in the order given: at most kMax, each 0..17.
struct Ages {
  static constexpr std::size_t kMax = 8;
  std::array<std::uint8_t, kMax> values{};
  std::uint8_t size = 0;

  // Ignores ages outside 0..17 and any past kMax.
  void Add(int age);
  bool empty() const { return size == 0; }
  int youngest() const;  // REQUIRES: !empty()
  int oldest() const;    // REQUIRES: !empty()
};

// Trip facts. Zero, nullptr and "" mean "not stated". All views point at static storage (the
// gazetteer and this component's word tables), so Slots can be copied freely.
struct Slots {
  const Place* origin = nullptr;
  std::string_view origin_label;  // "Hawaii" when the message named a region, else ""
  const Place* destination = nullptr;
  std::string_view destination_label;
  int month = 0;          // 1..12
  int day = 0;            // 1..31
  int year = 0;           // 2020..2099
  std::string_view when;  // a symbolic time: "next week", "spring break"
  int nights = 0;         // trip length
  // A return said without a departure ("and back on the 15th", "returning March 15"): MergeSlots
  // makes it the nights after the departure the session knows. back_month 0: the departure's
  // month, or the next when the day is not after the departure's.
  int back_month = 0, back_day = 0, back_year = 0;
  int adults = 0;
  int kids = 0;
  int travelers = 0;  // a total given without a split ("family of 4", "3 people")
  Ages kid_ages;
  int budget_usd = 0;      // a cap: "under $300", "$300 a person"
  int budget_min_usd = 0;  // a floor: "over $200 a night", "at least $250"; "between $150 and $250": both
  BudgetUnit budget_unit = BudgetUnit::kTotal;  // of both
  Cabin cabin = Cabin::kNone;
  bool nonstop = false;  // "nonstop", "direct flights", "no layovers"
  int hotel_stars = 0;           // "4-star hotels": at least that many, 1..5
  std::uint16_t amenities = 0;  // amenity:: bits: "with a pool", "breakfast included", "pet friendly"
  bool top_rated = false;        // "best rated", "highest rated": hotels by guest rating, not price
  // Not trip facts but how the message states them, for MergeSlots and the intent:
  const Place* dropped = nullptr;  // a place the message rejects ("forget Cancun", "not Paris")
  bool adults_only = false;        // "with my wife", "just me": the party has no children
  bool correction = false;         // "instead", "actually", "make it", "change it to": it corrects

  bool HasPlace() const { return origin != nullptr || destination != nullptr; }
  bool HasDates() const { return month || day || year || nights || !when.empty() || back_day; }
  bool HasParty() const { return adults || kids || travelers || !kid_ages.empty(); }
  bool HasBudget() const { return budget_usd > 0 || budget_min_usd > 0; }
  bool empty() const {
    return !HasPlace() && !HasDates() && !HasParty() && !HasBudget() && cabin == Cabin::kNone;
  }
};

// The slots one message states. Places keep their direction: "from X to Y", "to Y from X",
// "X to Y" and "between X and Y" make X the origin; a lone place is the destination. A place
// right after a rejection ("forget X", "not X", "instead of X", "rather than X") is `dropped`,
// never the origin or destination, and a month there is not taken ("April, not March"). The
// party of someone else ("my friend went … with her 3 kids": a third person's clause, or
// "her/his/their" before the count) is not the traveller's, so it is left out.
Slots ExtractSlots(const Tokens& tokens);

// Overlays what update states onto base, one group at a time: origin, destination, dates, party,
// budget (with its unit and side) and cabin each replace base's group when update states it, and are kept otherwise;
// a nonstop trip stays one, and the hotel's amenities add up (its stars are replaced when said, a
// wish for the best rated stays).
// update.dropped clears base's origin or destination when it is that place and update names no
// other; update.adults_only clears base's children.
void MergeSlots(const Slots& update, Slots& base);

// A budget said about hotels (its cap and floor) is a room's nightly rate: a total over the nights stated becomes a
// rate a night, and any other unit is read as one. Stored that way in the session, it never caps
// the fares of a later turn. No budget: nothing changes.
void MakeBudgetNightly(Slots& said);

// "March" for 3; "" outside 1..12.
std::string_view MonthName(int month);
// The month (1..12) of a lowercase month name ("march"); 0 if it is not one.
int ParseMonthName(std::string_view name);
// The month a season or holiday usually means for trip ideas ("spring break" -> 3), or 0.
int MonthHint(std::string_view when);
// The static copy of a known time phrase ("next week"), or "" if it is not one.
std::string_view CanonicalWhen(std::string_view when);

// The hotels table's name of one amenity:: bit ("pool", "kids_club"); "" for anything else.
std::string_view AmenityName(std::uint16_t amenity);

// "economy" | "premium economy" | "business" | "first"; "" for kNone.
std::string_view CabinName(Cabin cabin);
// Inverse of CabinName; kNone for anything else.
Cabin ParseCabinName(std::string_view name);

}  // namespace contrail::flightly
