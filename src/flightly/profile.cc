#include "flightly/profile.h"

#include <algorithm>
#include <charconv>

namespace contrail::flightly {
namespace {

// A whole non-negative number ("300", " 2 ", "$300"); -1 for anything else.
int ParseCount(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '$')) s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  int value = -1;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value < 0) return -1;
  return value;
}

struct InterestWord {
  std::string_view word;
  std::uint16_t tag;
};
constexpr InterestWord kInterestWords[] = {
    {"outdoors", kOutdoors},  {"outdoor", kOutdoors},     {"hiking", kOutdoors},
    {"hike", kOutdoors},      {"nature", kOutdoors},      {"camping", kOutdoors},
    {"parks", kOutdoors},     {"national parks", kOutdoors}, {"adventure", kOutdoors},
    {"beach", kBeach},        {"beaches", kBeach},        {"snorkeling", kBeach},
    {"snorkelling", kBeach},  {"surfing", kBeach},        {"swimming", kBeach},
    {"diving", kBeach},       {"sun", kBeach},            {"city", kCity},
    {"cities", kCity},        {"shopping", kCity},        {"culture", kCulture},
    {"history", kCulture},    {"museums", kCulture},      {"art", kCulture},
    {"architecture", kCulture}, {"food", kFood},          {"foodie", kFood},
    {"restaurants", kFood},   {"wine", kFood},            {"cooking", kFood},
    {"skiing", kSki},         {"ski", kSki},              {"snowboarding", kSki},
    {"snow", kSki},           {"nightlife", kNightlife},  {"music", kNightlife},
    {"shows", kNightlife},    {"theme parks", kThemeParks}, {"disney", kThemeParks},
    {"rides", kThemeParks},   {"wildlife", kWildlife},    {"animals", kWildlife},
    {"safari", kWildlife},    {"zoo", kWildlife},         {"romance", kRomance},
    {"romantic", kRomance},   {"relaxing", kRomance},     {"family", kFamily},
};

}  // namespace

std::uint16_t InterestTag(std::string_view word) {
  for (const InterestWord& w : kInterestWords) {
    if (w.word.size() != word.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < word.size() && same; ++k) {
      char c = word[k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == w.word[k];
    }
    if (same) return w.tag;
  }
  return 0;
}

ProfileView ReadProfile(const std::map<std::string, std::string>& profile) {
  ProfileView view;
  // One pass over the map: cheaper than a lookup per field, and the map is small.
  for (const auto& [key_string, value_string] : profile) {
    std::string_view key = key_string;
    std::string_view value = value_string;
    if (key == "name") {
      view.name = value;
    } else if (key == "home_airport") {
      if (!value.empty()) view.home = FindPlace(value);
    } else if (key == "adults") {
      view.adults = std::max(0, ParseCount(value));
    } else if (key == "kids_ages") {
      ForEachListItem(value, [&](std::string_view item) {
        int age = ParseCount(item);
        if (age >= 0) view.kid_ages.Add(age);
      });
    } else if (key == "budget_usd") {
      view.budget_usd = std::max(0, ParseCount(value));
    } else if (key == "hotel_budget_usd") {
      view.hotel_budget_usd = std::max(0, ParseCount(value));
    } else if (key == "interests") {
      view.interests = value;
      ForEachListItem(value, [&](std::string_view item) {
        view.interest_tags = static_cast<std::uint16_t>(view.interest_tags | InterestTag(item));
      });
    } else if (key == "seat") {
      view.seat = value;
    } else if (key == "avoid_airlines") {
      view.avoid_airlines = value;
    } else if (key == "diet" || (key == "dietary" && view.diet.empty())) {
      view.diet = value;
    } else if (key == "stops") {
      view.nonstop = value == "nonstop";
    } else if (key == "loyalty_tier") {
      view.loyalty_tier = value;
    } else if (key == "cabin" && value.size() < 32) {
      char lower[32];
      for (std::size_t k = 0; k < value.size(); ++k) {
        char c = value[k];
        lower[k] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      }
      view.cabin = ParseCabinName(std::string_view(lower, value.size()));
    }
  }
  return view;
}

}  // namespace contrail::flightly
