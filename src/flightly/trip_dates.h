#pragma once
// The calendar arithmetic of a trip's dates: the words that make two days a range, the nights
// between two days, the weekday of a time phrase and the day a round trip comes back. Pure
// functions; the slot extractor (slots.cc) and the answers read them.

#include <string>
#include <string_view>

#include "flightly/slots.h"

namespace contrail::flightly {

// Whether `w` joins the two ends of a range of days: "to", "until", "till", "through", "thru"
// ("April 10 to 17", "6 April until 13 April").
bool IsRangeWord(std::string_view w);

// The nights from one day to a later one. A date without a year is taken in the other's year, or
// in the next when it falls earlier in the calendar ("Dec 28 - Jan 4": 7). 0 when either is not a
// date; negative when the second is earlier though both have years.
int NightsBetween(int month, int day, int year, int back_month, int back_day, int back_year);

// The nights from `out`'s departure day to the return `back` states (Slots::back_*), or 0 unless
// 1 to 90. REQUIRES: out.day and back.back_day.
int NightsToReturn(const Slots& out, const Slots& back);

// 0 (Monday) to 6 (Sunday) for a weekday time phrase ("friday", "next friday"), else -1.
int WeekdayOf(std::string_view when);
// "Monday" for 0 … "Sunday" for 6 (any other value is taken modulo 7).
std::string_view WeekdayName(int day);
// A time phrase as it is written in a sentence: its weekday capitalised ("next friday" → "next
// Friday"); any other phrase as it is.
std::string WhenText(std::string_view when);
// "st", "nd", "rd" or "th": the ordinal suffix of a day of the month (1st, 12th, 22nd).
std::string_view OrdinalSuffix(int day);
// The days of `month` (1..12) in `year` (28 to 31).
int DaysInMonth(int month, int year);

// A day of the calendar; year 0 when none was said.
struct Day {
  int month = 0, day = 0, year = 0;
};
// The day a trip that leaves on s's day and month comes back after s.nights (its year only when s
// has one). False unless s has a month, a day and nights.
bool ReturnDay(const Slots& s, Day& back);

}  // namespace contrail::flightly
