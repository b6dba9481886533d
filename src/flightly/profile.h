#pragma once
// ProfileView: the typed facts Flightly reads from a user's profile hash
// (llm::ChatContext::profile). Fields it does not know stay in the map and are only listed back.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "flightly/gazetteer.h"
#include "flightly/slots.h"

namespace contrail::flightly {

// Views into the profile map it was read from: valid while that map is unchanged.
struct ProfileView {
  std::string_view name;
  const Place* home = nullptr;      // from home_airport ("LAS" or "Las Vegas"); nullptr if unknown
  int adults = 0;                   // from adults ("2")
  Ages kid_ages;                    // from kids_ages ("4,8")
  int budget_usd = 0;               // from budget_usd ("300")
  int hotel_budget_usd = 0;         // from hotel_budget_usd ("200"): a night
  std::uint16_t interest_tags = 0;  // PlaceTag bits the interests map to
  std::string_view interests;       // as written ("outdoors,hiking")
  std::string_view seat;            // "aisle", "window"
  std::string_view avoid_airlines;
  std::string_view diet;          // from diet or dietary
  std::string_view loyalty_tier;  // from loyalty_tier
  Cabin cabin = Cabin::kNone;     // from cabin ("economy", "premium economy", "business", "first")
  bool nonstop = false;           // from stops ("nonstop": no connections)

  bool HasKids() const { return !kid_ages.empty(); }
};

// Reads the fields above; missing or malformed values are left unset. Never fails.
ProfileView ReadProfile(const std::map<std::string, std::string>& profile);

// PlaceTag bits for interest words ("outdoors", "hiking" -> kOutdoors; "beach" -> kBeach), 0 if
// the word is not one of them.
std::uint16_t InterestTag(std::string_view word);

}  // namespace contrail::flightly
