// How a session accumulates the slots of its messages (slots.h): MergeSlots, MakeBudgetNightly,
// and the children's ages they carry. The reading of one message is slots.cc.
#include <algorithm>

#include "flightly/slots.h"
#include "flightly/trip_dates.h"

namespace contrail::flightly {

void Ages::Add(int age) {
  if (age < 0 || age > 17 || size >= kMax) return;
  values[size++] = static_cast<std::uint8_t>(age);
}
int Ages::youngest() const { return *std::min_element(values.begin(), values.begin() + size); }
int Ages::oldest() const { return *std::max_element(values.begin(), values.begin() + size); }

void MergeSlots(const Slots& u, Slots& base) {
  // "forget Cancun": the rejected place goes, unless the message names its replacement.
  if (u.dropped && !u.destination && base.destination == u.dropped) {
    base.destination = nullptr, base.destination_label = {};
  }
  if (u.dropped && !u.origin && base.origin == u.dropped) base.origin = nullptr, base.origin_label = {};
  // "…and back to Las Vegas?": a new destination equal to the old origin is the return leg.
  if (u.destination && !u.origin && base.origin == u.destination && base.destination) {
    base.origin = base.destination;
    base.origin_label = base.destination_label;
  }
  if (u.origin) base.origin = u.origin, base.origin_label = u.origin_label;
  if (u.destination) base.destination = u.destination, base.destination_label = u.destination_label;
  if (u.day && !u.month && !u.year && u.when.empty() && base.month) {
    base.day = u.day;  // "on the 15th" after "in March": March 15
  } else if (u.month || u.day || u.year || !u.when.empty()) {
    base.month = u.month, base.day = u.day, base.year = u.year, base.when = u.when;
  }
  if (u.nights) base.nights = u.nights;
  if (u.back_day && base.day) {  // "and back on the 15th": the nights after the known departure
    if (const int nights = NightsToReturn(base, u); nights != 0) base.nights = nights;
  }
  if (u.adults) base.adults = u.adults;
  if (u.kids || !u.kid_ages.empty() || u.adults_only) base.kids = u.kids, base.kid_ages = u.kid_ages;
  if (u.travelers)
    base.travelers = u.travelers;
  else if (u.adults || u.kids)
    base.travelers = 0;
  if (u.HasBudget()) {
    base.budget_usd = u.budget_usd, base.budget_min_usd = u.budget_min_usd, base.budget_unit = u.budget_unit;
  }
  if (u.cabin != Cabin::kNone) base.cabin = u.cabin;
  if (u.nonstop) base.nonstop = true;
  if (u.hotel_stars) base.hotel_stars = u.hotel_stars;
  base.amenities |= u.amenities;
  if (u.top_rated) base.top_rated = true;
}

void MakeBudgetNightly(Slots& said) {
  if (!said.HasBudget() || said.budget_unit == BudgetUnit::kPerNight) return;
  if (said.budget_unit == BudgetUnit::kTotal && said.nights > 0) {
    if (said.budget_usd > 0) said.budget_usd = std::max(1, said.budget_usd / said.nights);
    if (said.budget_min_usd > 0) said.budget_min_usd = std::max(1, said.budget_min_usd / said.nights);
  }
  said.budget_unit = BudgetUnit::kPerNight;
}

}  // namespace contrail::flightly
