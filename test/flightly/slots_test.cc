#include "flightly/slots.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flightly/trip_dates.h"

namespace contrail::flightly {
namespace {

Slots Extract(std::string_view text) {
  Tokens tokens(text);
  return ExtractSlots(tokens);
}

// A session's slots after `first`, then `then`.
Slots Merged(std::string_view first, std::string_view then) {
  Slots session = Extract(first);
  MergeSlots(Extract(then), session);
  return session;
}

std::string Code(const Place* place) { return place ? std::string(place->code) : "-"; }

std::vector<int> AgesOf(const Slots& s) {
  return std::vector<int>(s.kid_ages.values.begin(), s.kid_ages.values.begin() + s.kid_ages.size);
}

struct RouteCase {
  const char* text;
  const char* origin;
  const char* destination;
};

TEST(SlotsTest, PlacesKeepTheirDirection) {
  const RouteCase cases[] = {
      {"can I book a flight from Las Vegas to Hawaii?", "LAS", "HNL"},
      {"to Honolulu from Las Vegas please", "LAS", "HNL"},
      {"LAX to JFK", "LAX", "JFK"},
      {"JFK to LAX", "JFK", "LAX"},
      {"fly SEA-SFO tomorrow", "SEA", "SFO"},
      {"flights between Boston and Chicago", "BOS", "ORD"},
      {"hotels in Paris", "-", "CDG"},
      {"Honolulu", "-", "HNL"},
      {"leaving Denver, going to Rome", "DEN", "FCO"},
      {"I live in Denver and want to visit Rome", "DEN", "FCO"},
      {"flying out of Newark to London", "EWR", "LHR"},
      {"from Phoenix", "PHX", "-"},
      {"Maui from Seattle", "SEA", "OGG"},
      {"what's the weather in the Bahamas", "-", "NAS"},
      {"nothing about places here", "-", "-"},
      // A place listed after one with a role shares it; it is not the other end of the trip.
      {"what is the Winter Ski Deal to Denver and Calgary?", "-", "DEN"},
      {"from Seattle and Portland to Maui", "SEA", "OGG"},
      {"I'm looking at LAS to HNL", "LAS", "HNL"},  // "at" ends "looking at": no destination marker
  };
  for (const RouteCase& c : cases) {
    Slots s = Extract(c.text);
    EXPECT_EQ(Code(s.origin), c.origin) << c.text;
    EXPECT_EQ(Code(s.destination), c.destination) << c.text;
  }
}

TEST(SlotsTest, RegionKeepsItsLabel) {
  Slots s = Extract("from Las Vegas to Hawaii");
  EXPECT_EQ(s.destination_label, "Hawaii");
  EXPECT_EQ(s.origin_label, "");
}

struct DateCase {
  const char* text;
  int month;
  int day;
  int year;
  const char* when;
};

TEST(SlotsTest, DatesAndMonths) {
  const DateCase cases[] = {
      {"in March", 3, 0, 0, ""},
      {"flights in mar", 3, 0, 0, ""},
      {"on March 14", 3, 14, 0, ""},
      {"on the 14th of March", 3, 14, 0, ""},
      {"14 march 2026", 3, 14, 2026, ""},
      {"leaving 2026-03-14", 3, 14, 2026, ""},
      {"on 3/14/2026", 3, 14, 2026, ""},
      {"in December 2026", 12, 0, 2026, ""},
      {"early in may", 5, 0, 0, ""},
      {"May I bring my cat?", 0, 0, 0, ""},
      {"may 3", 5, 3, 0, ""},
      {"next week", 0, 0, 0, "next week"},
      {"for spring break", 0, 0, 0, "spring break"},
      {"this summer", 0, 0, 0, "summer"},
      {"in the fall", 0, 0, 0, "fall"},
      {"I might fall asleep", 0, 0, 0, ""},
  };
  for (const DateCase& c : cases) {
    Slots s = Extract(c.text);
    EXPECT_EQ(s.month, c.month) << c.text;
    EXPECT_EQ(s.day, c.day) << c.text;
    EXPECT_EQ(s.year, c.year) << c.text;
    EXPECT_EQ(s.when, c.when) << c.text;
  }
  EXPECT_EQ(MonthHint("spring break"), 3);
  EXPECT_EQ(MonthHint("next week"), 0);
}

struct TripDatesCase {
  const char* text;
  int month, day, nights;
};

// Trip tasks wrote the return as a second date, and the turn searched the return's day as the
// departure ("DEN to Orlando 6-13 April" looked for flights on April 13).
TEST(SlotsTest, ASecondDateAfterARangeOrAReturnWordIsTheReturn) {
  const TripDatesCase cases[] = {
      {"DEN to Orlando 6-13 April, 2 adults + kids 6 and 9", 4, 6, 7},
      {"6 to 13 April", 4, 6, 7},
      {"SFO to Maui Jul 20-30, 2 adults 1 kid (6)", 7, 20, 10},
      {"April 10 to 17, family of 4", 4, 10, 7},
      {"round trip, 6 April to 13 April", 4, 6, 7},
      {"April 10 to May 2", 4, 10, 22},
      {"flights to Cancun out of Houston 1/10 - 1/17", 1, 10, 7},
      {"fly me from Dallas to Denver Feb 2, returning Feb 6", 2, 2, 4},
      {"JFK-LIS 3 Jun back 17 Jun 1 adult", 6, 3, 14},
      {"outbound 3 June, inbound 17 June", 6, 3, 14},
      {"out June 3rd and back June 17th", 6, 3, 14},
      {"leaving July 20, coming back July 30", 7, 20, 10},
      {"on the 5th of May, back on the 12th", 5, 5, 7},
      {"May 25, back on the 3rd", 5, 25, 9},
      {"Dec 28 - Jan 4", 12, 28, 7},
      {"hotels in Waikiki 14-18 March", 3, 14, 4},
      {"Need 2 seats Boston to Orlando, out Feb 12 back Feb 19", 2, 12, 7},
      {"LAS to HNL, going March 6, coming home March 13", 3, 6, 7},
      {"Round trip Phoenix-Honolulu from April 3 until April 10", 4, 3, 7},
      {"hotels in Orlando from June 3 until the 8th", 6, 3, 5},
      {"May 28 to the 2nd", 5, 28, 5},
      // Day first when the return must be: 10/6 is October 6 alone, June 10 before 17/6.
      {"New York to Paris 10/6 to 17/6", 6, 10, 7},
      {"New York to Paris on 10/6", 10, 6, 0},
      // Not a return: one date, a count after a dash, a later date said without a range or a
      // return word (the last date said wins, as before).
      {"LAX to HNL 14 March 2 adults", 3, 14, 0},
      {"on March 14 - 2 adults", 3, 14, 0},
      {"March 3, no sorry, March 5", 3, 5, 0},
      {"April 13 to Honolulu", 4, 13, 0},
      {"on June 3 to the 2 islands", 6, 3, 0},
      // "return flights" names the kind of trip, not its return day.
      {"return flights JFK to Lisbon, outbound 3 June", 6, 3, 0},
      // A departure said after the return.
      {"flights to Paris returning Feb 6, leaving Jan 30", 1, 30, 7},
  };
  for (const TripDatesCase& c : cases) {
    Slots s = Extract(c.text);
    EXPECT_EQ(s.month, c.month) << c.text;
    EXPECT_EQ(s.day, c.day) << c.text;
    EXPECT_EQ(s.nights, c.nights) << c.text;
  }
  Slots s = Extract("DEN to Orlando 6-13 April, 2 adults + kids 6 and 9");
  EXPECT_EQ(AgesOf(s), (std::vector<int>{6, 9}));  // the 6 of "6-13" is no child's age
  Day back;
  ASSERT_TRUE(ReturnDay(Extract("Dec 28 - Jan 4"), back));
  EXPECT_EQ(back.month, 1);
  EXPECT_EQ(back.day, 4);
  EXPECT_EQ(back.year, 0);
  ASSERT_TRUE(ReturnDay(Extract("2026-12-28 to 2027-01-04"), back));
  EXPECT_EQ(back.year, 2027);
  EXPECT_FALSE(ReturnDay(Extract("in March for 5 nights"), back));  // no day to count from
}

// A follow-up that only says when the trip comes back ("and back on the 15th") had been no date
// at all: the turn answered it from a guide.
TEST(SlotsTest, AReturnSaidAloneIsTheNightsAfterTheSessionsDeparture) {
  const Slots alone = Extract("returning on March 7");
  EXPECT_EQ(alone.month, 0);
  EXPECT_EQ(alone.day, 0);
  EXPECT_EQ(alone.back_month, 3);
  EXPECT_EQ(alone.back_day, 7);
  EXPECT_TRUE(alone.HasDates());
  const TripDatesCase cases[] = {
      // The session's trip, then the follow-up; the session's month and day, and the nights.
      {"flights from Boston to Miami on March 10|and back on the 15th", 3, 10, 5},
      {"hotels in Orlando from June 3|until the 8th", 6, 3, 5},
      {"on May 25|back on the 3rd", 5, 25, 9},
      {"flights from Denver to Seattle on May 20|coming back June 2", 5, 20, 13},
      {"flights to Maui in March|and back on the 15th", 3, 0, 0},  // no day to count from
      {"flights to Maui on March 10|returning on March 2", 3, 10, 0},  // before the departure
  };
  for (const TripDatesCase& c : cases) {
    const std::string_view text = c.text;
    const std::size_t bar = text.find('|');
    Slots session = Extract(text.substr(0, bar));
    MergeSlots(Extract(text.substr(bar + 1)), session);
    EXPECT_EQ(session.month, c.month) << c.text;
    EXPECT_EQ(session.day, c.day) << c.text;
    EXPECT_EQ(session.nights, c.nights) << c.text;
    EXPECT_EQ(session.back_day, 0) << c.text;
  }
}

TEST(SlotsTest, WeekdaysAreDatesAndASecondOneAfterAReturnWordGivesTheNights) {
  Slots s = Extract("I need to get from Chicago to Miami next Friday, 1 adult");
  EXPECT_EQ(s.when, "next friday");
  s = Extract("Round trip Boston to Miami, leaving Monday and back Friday.");
  EXPECT_EQ(s.when, "monday");
  EXPECT_EQ(s.nights, 4);
  s = Extract("leaving Friday, back Monday");
  EXPECT_EQ(s.when, "friday");
  EXPECT_EQ(s.nights, 3);
  s = Extract("hotel in reykjavik for friday and saturday night");
  EXPECT_EQ(s.when, "friday");  // the first night; the second is no departure
  EXPECT_EQ(s.nights, 0);
  s = Extract("Friday, actually make it Saturday");
  EXPECT_EQ(s.when, "saturday");
  EXPECT_EQ(WeekdayOf("next sunday"), 6);
  EXPECT_EQ(WeekdayOf("next week"), -1);
  EXPECT_EQ(WhenText("next friday"), "next Friday");
  EXPECT_EQ(WhenText("tomorrow"), "tomorrow");
  std::string suffixes;
  for (int day : {1, 2, 3, 11, 12, 21, 22, 30}) suffixes.append(OrdinalSuffix(day)).append(" ");
  EXPECT_EQ(suffixes, "st nd rd th th st nd th ");
  EXPECT_EQ(DaysInMonth(2, 2028), 29);
  EXPECT_EQ(DaysInMonth(2, 2100), 28);
  EXPECT_EQ(DaysInMonth(4, 2027), 30);
  EXPECT_EQ(NightsBetween(2, 27, 2028, 3, 1, 2028), 3);  // a leap year
  EXPECT_EQ(NightsBetween(2, 30, 0, 3, 1, 0), 0);        // no such day
}

TEST(SlotsTest, ACountAfterForThatCountsNothingElseIsTheParty) {
  EXPECT_EQ(Extract("flights from san diego to denver on 12/20 for 3").travelers, 3);
  EXPECT_EQ(Extract("a table for 4, in March").travelers, 4);
  EXPECT_EQ(Extract("layover for 3 hours").travelers, 0);
  EXPECT_EQ(Extract("for 3 nights").travelers, 0);
  EXPECT_EQ(Extract("for 2 adults and for 1 more").adults, 2);
  EXPECT_EQ(Extract("for 2 adults and for 1 more").travelers, 0);
  // A budget right after the count.
  Slots s = Extract("flights from LAX to Honolulu on March 14 for 4 under $150 each");
  EXPECT_EQ(s.travelers, 4);
  EXPECT_EQ(s.budget_usd, 150);
  EXPECT_EQ(s.budget_unit, BudgetUnit::kPerPerson);
  s = Extract("flights LAX to Honolulu for 4 with a budget of $600");
  EXPECT_EQ(s.travelers, 4);
  EXPECT_EQ(s.budget_usd, 600);
  EXPECT_EQ(Extract("for 4 with kids").travelers, 0);
}

TEST(SlotsTest, TripTaskSpellings) {
  // Day first when the first number cannot be a month; "L.A."; a place named twice in other words;
  // an arrow between places.
  Slots s = Extract("What flights go from L.A. to Honolulu on 14/3 for two grown-ups?");
  EXPECT_EQ(Code(s.origin), "LAX");
  EXPECT_EQ(Code(s.destination), "HNL");
  EXPECT_EQ(s.month, 3);
  EXPECT_EQ(s.day, 14);
  EXPECT_EQ(s.adults, 2);
  s = Extract("on 3/4");
  EXPECT_EQ(s.month, 3);  // ambiguous: US order, as before
  EXPECT_EQ(s.day, 4);
  s = Extract("Please search return flights New York (JFK)–Lisbon, outbound 3 June, inbound 17 June, 1 adult.");
  EXPECT_EQ(Code(s.origin), "JFK");
  EXPECT_EQ(Code(s.destination), "LIS");
  s = Extract("need a flight seattle → tokyo oct 9 business");
  EXPECT_EQ(Code(s.origin), "SEA");
  EXPECT_EQ(Code(s.destination), "HND");
  EXPECT_EQ(Tokens("seattle → tokyo").size(), 2u);
  s = Extract("departing from Newark going to Lisbon June 3");
  EXPECT_EQ(Code(s.origin), "EWR");
  EXPECT_EQ(Code(s.destination), "LIS");
}

struct BudgetCase {
  const char* text;
  int usd;
  BudgetUnit unit;
};

TEST(SlotsTest, Budgets) {
  const BudgetCase cases[] = {
      {"under $300", 300, BudgetUnit::kTotal},
      {"$300 a person", 300, BudgetUnit::kPerPerson},
      {"under $300 per person", 300, BudgetUnit::kPerPerson},
      {"around 150 dollars a night", 150, BudgetUnit::kPerNight},
      {"budget of 1,500", 1500, BudgetUnit::kTotal},
      {"my budget is 2k", 2000, BudgetUnit::kTotal},
      {"less than 400 each", 400, BudgetUnit::kPerPerson},
      {"infants under 2", 0, BudgetUnit::kTotal},
      {"2 adults", 0, BudgetUnit::kTotal},
      {"flight UA 300", 0, BudgetUnit::kTotal},
      // A quantity after a budget's word is no money.
      {"can I cancel within 24 hours", 0, BudgetUnit::kTotal},
      {"a bag under 23 kg", 0, BudgetUnit::kTotal},
      {"within $250", 250, BudgetUnit::kTotal},
  };
  for (const BudgetCase& c : cases) {
    Slots s = Extract(c.text);
    EXPECT_EQ(s.budget_usd, c.usd) << c.text;
    EXPECT_EQ(s.budget_unit, c.unit) << c.text;
    EXPECT_EQ(s.budget_min_usd, 0) << c.text;
  }
}

TEST(SlotsTest, ANonstopTrip) {
  for (const char* text : {"nonstop flights to Maui", "non-stop to Maui", "direct flights to Maui",
                           "no layovers please", "I want to fly direct"}) {
    EXPECT_TRUE(Extract(text).nonstop) << text;
  }
  for (const char* text : {"flights to Maui", "one stop is fine", "direct me to the gate"}) {
    EXPECT_FALSE(Extract(text).nonstop) << text;
  }
  const Slots session = Merged("nonstop flights to Maui", "and in May?");
  EXPECT_TRUE(session.nonstop);
}

TEST(SlotsTest, ADayWithoutItsMonth) {
  Slots s = Extract("flights from Atlanta to Orlando on the 15th");
  EXPECT_EQ(s.day, 15);
  EXPECT_EQ(s.month, 0);
  EXPECT_TRUE(s.HasDates());
  EXPECT_EQ(Extract("leaving on the 3rd for 2 adults").day, 3);
  EXPECT_EQ(Extract("my room is on the 2nd floor").day, 0);
  EXPECT_EQ(Extract("the 2nd bag fee").day, 0);
  // After a month the session knows, it is that month's day.
  const Slots session = Merged("flights to Maui in March", "on the 15th");
  EXPECT_EQ(session.month, 3);
  EXPECT_EQ(session.day, 15);
}

TEST(SlotsTest, WhatAHotelShouldBe) {
  Slots s = Extract("4-star hotels in Maui with a pool and free breakfast");
  EXPECT_EQ(s.hotel_stars, 4);
  EXPECT_EQ(s.amenities, amenity::kPool | amenity::kBreakfast);
  EXPECT_EQ(Extract("a five star hotel").hotel_stars, 5);
  EXPECT_EQ(Extract("pet friendly hotels on the beach").amenities, amenity::kPetFriendly | amenity::kBeach);
  // A beach is a place to go, a star rating needs its word, and 7 stars are none.
  EXPECT_EQ(Extract("beach holidays in July").amenities, 0);
  EXPECT_EQ(Extract("Tell me about the Bali yoga and spa package").amenities, 0);
  EXPECT_EQ(Extract("and one with a spa?").amenities, amenity::kSpa);
  EXPECT_EQ(Extract("4 nights in Maui").hotel_stars, 0);
  EXPECT_EQ(Extract("a 7 star hotel").hotel_stars, 0);
  // The session adds amenities up; a new star rating replaces the old.
  const Slots session = Merged("3 star hotels in Maui with a pool", "4 stars with a spa please");
  EXPECT_EQ(session.hotel_stars, 4);
  EXPECT_EQ(session.amenities, amenity::kPool | amenity::kSpa);
  EXPECT_EQ(AmenityName(amenity::kKidsClub), "kids_club");
  EXPECT_TRUE(Extract("best rated hotels in Maui").top_rated);
  EXPECT_FALSE(Extract("cheapest hotels in Maui").top_rated);
  EXPECT_EQ(AmenityName(3), "");
}

TEST(SlotsTest, ABudgetSaidAsAFloorIsAMinimum) {
  for (const char* text : {"hotels over $200 a night", "at least $200 a night", "more than 200 dollars a night",
                           "no less than $200 a night", "hotels above 200 a night"}) {
    Slots s = Extract(text);
    EXPECT_EQ(s.budget_min_usd, 200) << text;
    EXPECT_EQ(s.budget_usd, 0) << text;
    EXPECT_EQ(s.budget_unit, BudgetUnit::kPerNight) << text;
    EXPECT_TRUE(s.HasBudget()) << text;
  }
  for (const char* text :
       {"no more than $200 a night", "$200 a night", "under $200 a night", "over budget, under $200"}) {
    EXPECT_EQ(Extract(text).budget_min_usd, 0) << text;
    EXPECT_EQ(Extract(text).budget_usd, 200) << text;
  }
  // A range: its bottom is the floor, its top the cap.
  for (const char* text : {"between $150 and $250 a night", "$150 to $250 a night", "from $150 to $250 a night",
                           "$150-$250 per night"}) {
    Slots s = Extract(text);
    EXPECT_EQ(s.budget_min_usd, 150) << text;
    EXPECT_EQ(s.budget_usd, 250) << text;
    EXPECT_EQ(s.budget_unit, BudgetUnit::kPerNight) << text;
  }
  // Two amounts apart are not a range: the later one is the budget.
  Slots apart = Extract("not $500, make it under $300");
  EXPECT_EQ(apart.budget_usd, 300);
  EXPECT_EQ(apart.budget_min_usd, 0);
  EXPECT_EQ(Extract("kids over 12").budget_usd, 0);
  EXPECT_EQ(Extract("a layover of at least 45 minutes").budget_usd, 0);
  // A later turn's budget replaces the floor with its own side.
  const Slots session = Merged("hotels over $200 a night", "under $300 a night");
  EXPECT_EQ(session.budget_usd, 300);
  EXPECT_EQ(session.budget_min_usd, 0);
}

struct PartyCase {
  const char* text;
  int adults;
  int kids;
  int travelers;
  std::vector<int> ages;
};

TEST(SlotsTest, Party) {
  const PartyCase cases[] = {
      {"2 adults and 2 kids", 2, 2, 0, {}},
      {"two adults and three children", 2, 3, 0, {}},
      {"2 adults and 2 kids aged 4 and 8", 2, 2, 0, {4, 8}},
      {"with my kids, ages 4, 8", 0, 2, 0, {4, 8}},
      {"my 4 year old and my 8-year-old", 0, 2, 0, {4, 8}},
      {"a 4 and an 8 year old", 0, 2, 0, {4, 8}},
      {"with a 10 month old baby", 0, 1, 0, {0}},
      {"family of 4", 0, 0, 4, {}},
      {"a family of 4 with 2 kids, 4 and 8", 2, 2, 4, {4, 8}},
      {"we're a family of four, the kids are 4 and 8", 2, 2, 4, {4, 8}},
      {"5 people including 3 kids", 2, 3, 5, {}},
      {"3 people", 0, 0, 3, {}},
      {"one person, one way", 0, 0, 1, {}},
      {"1 passenger", 0, 0, 1, {}},
      {"$300 a person", 0, 0, 0, {}},
      {"me and my wife", 2, 0, 0, {}},
      {"just me", 1, 0, 0, {}},
      {"my son and daughter", 0, 2, 0, {}},
      {"an adult", 1, 0, 0, {}},
      {"for 5 nights", 0, 0, 0, {}},
  };
  for (const PartyCase& c : cases) {
    Slots s = Extract(c.text);
    EXPECT_EQ(s.adults, c.adults) << c.text;
    EXPECT_EQ(s.kids, c.kids) << c.text;
    EXPECT_EQ(s.travelers, c.travelers) << c.text;
    EXPECT_EQ(AgesOf(s), c.ages) << c.text;
  }
  EXPECT_EQ(Extract("for 5 nights").nights, 5);
  EXPECT_EQ(Extract("for a week").nights, 7);
  EXPECT_EQ(Extract("2 weeks in Maui").nights, 14);
}

TEST(SlotsTest, Cabins) {
  EXPECT_EQ(Extract("in business class").cabin, Cabin::kBusiness);
  EXPECT_EQ(Extract("fly business").cabin, Cabin::kBusiness);
  EXPECT_EQ(Extract("a business trip").cabin, Cabin::kNone);
  EXPECT_EQ(Extract("premium economy seats").cabin, Cabin::kPremium);
  EXPECT_EQ(Extract("first class please").cabin, Cabin::kFirst);
  EXPECT_EQ(Extract("my first time flying").cabin, Cabin::kNone);
  EXPECT_EQ(Extract("economy").cabin, Cabin::kEconomy);
  for (Cabin c : {Cabin::kEconomy, Cabin::kPremium, Cabin::kBusiness, Cabin::kFirst}) {
    EXPECT_EQ(ParseCabinName(CabinName(c)), c);
  }
}

TEST(SlotsTest, EverythingInOneMessage) {
  Slots s = Extract(
      "Can I book a flight from Las Vegas to Hawaii in March for 2 adults and 2 kids under $300 "
      "a person in economy?");
  EXPECT_EQ(Code(s.origin), "LAS");
  EXPECT_EQ(Code(s.destination), "HNL");
  EXPECT_EQ(s.month, 3);
  EXPECT_EQ(s.adults, 2);
  EXPECT_EQ(s.kids, 2);
  EXPECT_EQ(s.budget_usd, 300);
  EXPECT_EQ(s.budget_unit, BudgetUnit::kPerPerson);
  EXPECT_EQ(s.cabin, Cabin::kEconomy);
}

TEST(SlotsTest, MergeReplacesOnlyWhatTheMessageStates) {
  Slots session = Extract("from Las Vegas to Hawaii in March for 2 adults under $300");
  MergeSlots(Extract("what about Maui?"), session);
  EXPECT_EQ(Code(session.origin), "LAS");
  EXPECT_EQ(Code(session.destination), "OGG");
  EXPECT_EQ(session.destination_label, "");
  EXPECT_EQ(session.month, 3);
  EXPECT_EQ(session.budget_usd, 300);
  MergeSlots(Extract("in April with 3 kids"), session);
  EXPECT_EQ(session.month, 4);
  EXPECT_EQ(session.adults, 2);
  EXPECT_EQ(session.kids, 3);
  MergeSlots(Extract("next week"), session);
  EXPECT_EQ(session.month, 0);
  EXPECT_EQ(session.when, "next week");
}

TEST(SlotsTest, MergeTreatsOldOriginAsReturnLeg) {
  Slots session = Extract("from Las Vegas to Honolulu");
  MergeSlots(Extract("and back to Las Vegas?"), session);
  EXPECT_EQ(Code(session.origin), "HNL");
  EXPECT_EQ(Code(session.destination), "LAS");
}

// Issue 11: corrections replace a slot instead of adding the rejected place as the origin.
TEST(SlotsTest, ARejectedPlaceIsDroppedNotTheOrigin) {
  struct Case {
    const char* text;
    const char* dropped;
    const char* destination;
  };
  const Case cases[] = {
      {"forget Cancun, let's do Tokyo instead", "CUN", "HND"},
      {"not Paris, Lisbon", "CDG", "LIS"},
      {"Lisbon, not Paris", "CDG", "LIS"},
      {"what about Tokyo instead of Cancun?", "CUN", "HND"},
      {"Tokyo rather than Cancun", "CUN", "HND"},
      {"forget about Cancun", "CUN", "-"},
  };
  for (const Case& c : cases) {
    Slots s = Extract(c.text);
    EXPECT_EQ(Code(s.dropped), c.dropped) << c.text;
    EXPECT_EQ(Code(s.destination), c.destination) << c.text;
    EXPECT_EQ(s.origin, nullptr) << c.text;
    EXPECT_TRUE(s.correction) << c.text;
  }
  EXPECT_EQ(Code(Extract("why not Paris?").destination), "CDG");
  EXPECT_FALSE(Extract("flights from Boston to Paris").correction);
}

TEST(SlotsTest, MergeReplacesTheRejectedDestination) {
  Slots session = Extract("flights from Boston to Cancun in March");
  MergeSlots(Extract("forget Cancun, let's do Tokyo instead"), session);
  EXPECT_EQ(Code(session.origin), "BOS");
  EXPECT_EQ(Code(session.destination), "HND");
  MergeSlots(Extract("forget Tokyo"), session);
  EXPECT_EQ(Code(session.origin), "BOS");
  EXPECT_EQ(session.destination, nullptr);
  EXPECT_EQ(session.month, 3);
}

TEST(SlotsTest, CorrectionsReplaceMonthAndParty) {
  Slots april = Extract("actually, make it April");
  EXPECT_EQ(april.month, 4);
  EXPECT_TRUE(april.correction);
  EXPECT_EQ(Extract("April, not March").month, 4);
  EXPECT_EQ(Extract("not March but April").month, 4);
  Slots party = Extract("change it to 3 adults");
  EXPECT_EQ(party.adults, 3);
  EXPECT_TRUE(party.correction);
  // The count a message rejects says what its bare number counts.
  Slots three = Extract("instead of 2 adults it's 3");
  EXPECT_EQ(three.adults, 3);
  EXPECT_TRUE(three.correction);
  EXPECT_EQ(Extract("not 2 kids, 3").kids, 3);
  EXPECT_EQ(Extract("not 2 adults").adults, 0);  // nothing said instead: nothing set
}

TEST(SlotsTest, SomeoneElsesPartyIsNotTheTravellers) {
  Slots friend_trip = Extract("my friend went to Bali with her 3 kids");
  EXPECT_FALSE(friend_trip.HasParty());
  // … nor their place or dates: a session's trip stays where it was.
  EXPECT_EQ(Code(friend_trip.destination), "-");
  Slots coworker = Extract("my coworker went solo to Tokyo last spring and wants us to go");
  EXPECT_EQ(Code(coworker.destination), "-");
  EXPECT_EQ(coworker.when, "");
  EXPECT_EQ(Code(Extract("my friend went to Bali last year. We want to go to Maui").destination), "OGG");
  // What someone said about a place is not a trip of theirs: the place is the one asked about.
  Slots asked = Extract("A friend said Cancun gets hit by storms — when is hurricane season there?");
  EXPECT_EQ(Code(asked.destination), "CUN");
  EXPECT_FALSE(Extract("his 2 kids loved Orlando").HasParty());
  Slots ours = Extract("my sister went to Bali with 3 kids. We are 2 adults and 1 child");
  EXPECT_EQ(ours.adults, 2);
  EXPECT_EQ(ours.kids, 1);
  EXPECT_EQ(Extract("we are flying with our 3 kids").kids, 3);
}

TEST(SlotsTest, APartnerIsTwoAdultsWithoutChildren) {
  for (const char* text : {"with my wife", "with my husband", "my partner and I", "just the two of us"}) {
    Slots s = Extract(text);
    EXPECT_EQ(s.adults, 2) << text;
    EXPECT_EQ(s.kids, 0) << text;
    EXPECT_TRUE(s.adults_only) << text;
  }
  EXPECT_FALSE(Extract("with my wife and the kids").adults_only);
  Slots session = Extract("2 adults and 2 kids");
  MergeSlots(Extract("actually it's just me and my wife"), session);
  EXPECT_EQ(session.adults, 2);
  EXPECT_EQ(session.kids, 0);
}

TEST(SlotsTest, NamesAndLookupsRoundTrip) {
  for (int m = 1; m <= 12; ++m) {
    std::string lower(MonthName(m));
    lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
    EXPECT_EQ(ParseMonthName(lower), m);
  }
  EXPECT_EQ(MonthName(0), "");
  EXPECT_EQ(MonthName(13), "");
  EXPECT_EQ(ParseMonthName("smarch"), 0);
  EXPECT_EQ(CanonicalWhen("spring break"), "spring break");
  EXPECT_EQ(CanonicalWhen("whenever"), "");
}

}  // namespace
}  // namespace contrail::flightly
