#pragma once
// Things to do: a curated list for the most asked-about destinations, and generic ideas by what
// a place is good for (PlaceTag) everywhere else. Static, read-only data.

#include <cstdint>
#include <span>
#include <string_view>

#include "flightly/gazetteer.h"

namespace contrail::flightly::offline {

enum class Cost : std::uint8_t { kFree, kLow, kPaid };

struct Activity {
  std::string_view code;  // the place's IATA code; "" for a generic idea
  std::string_view text;
  std::uint8_t min_age;  // youngest age it suits
  std::uint16_t tags;    // PlaceTag bits
  Cost cost;
};

// The curated activities of a place, in the order a first-time visitor would want them; empty
// when the place has none.
std::span<const Activity> ActivitiesFor(const Place& place);

// Generic ideas; an idea fits a place when their tags overlap.
std::span<const Activity> GenericActivities();

// "free", "low cost" or "paid tickets".
std::string_view CostName(Cost cost);

}  // namespace contrail::flightly::offline
