#include "flightly/seed/seed_rows.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "core/text.h"

namespace contrail::flightly::seed {
namespace {

using namespace std::chrono;
using Strings = std::span<const std::string_view>;

// RNG streams per table (the flights' are in schedule.cc).
constexpr std::uint64_t kCustomersTable = 2, kHotelsTable = 3, kPromotionsTable = 4;

constexpr std::string_view kFirstNames[] = {
    "Ana", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Isabel", "James", "Keiko", "Liam",
    "Maya", "Noah", "Olivia", "Pablo", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Victor", "Wei", "Ximena",
    "Yusuf", "Zoe", "Aiden", "Bianca", "Chen", "Diego", "Emma", "Fatima", "Gabriel", "Hana", "Ivan",
    "Julia", "Kai", "Leila", "Marco", "Nina", "Omar", "Priya", "Rafael", "Sofia", "Tomas", "Valentina"};
constexpr std::string_view kLastNames[] = {
    "Smith", "Garcia", "Kim", "Nguyen", "Patel", "Johnson", "Rossi", "Müller", "Silva", "Tanaka", "Brown",
    "Lopez", "Cohen", "Okafor", "Dubois", "Novak", "Hansen", "Santos", "Ivanova", "Murphy", "Khan",
    "Jensen", "Moreau", "Costa", "Schmidt", "Wilson", "Yamamoto", "Hernandez", "Ali", "Martin", "Lee"};

constexpr std::string_view kHotelPrefixes[] = {"Grand", "Royal", "Harbor", "Sunset", "Park", "Central",
                                               "Ocean", "Garden", "Airport", "Plaza", "Heritage", "Palm",
                                               "Summit", "Riverside", "Old Town", "Skyline", "Coral", "Maple"};
constexpr std::string_view kHotelKinds[] = {"Hotel", "Inn", "Resort", "Suites", "Lodge", "Boutique Hotel",
                                            "Residences", "Hostel"};

// Beach destinations: spring break promotions and their March–April surcharge.
constexpr std::string_view kBeach[] = {"HNL", "OGG", "KOA", "LIH", "CUN", "MIA", "MCO", "FLL", "TPA",
                                       "SJU", "PVR", "SJD", "NAS", "MBJ", "PUJ", "SAN", "AUA", "BGI",
                                       "MLE", "DPS", "HKT", "PMI", "IBZ", "TFS", "FAO", "NCE", "JTR"};
constexpr std::string_view kSki[] = {"DEN", "SLC", "ZRH", "GVA", "INN", "YVR", "SZG", "MUC", "TRN",
                                     "CTS", "EGE", "JAC", "BOI", "LYS"};
constexpr std::string_view kEurope[] = {"AT", "BE", "CH", "CZ", "DE", "DK", "ES", "FI", "FR", "GB", "GR", "HR",
                                        "HU", "IE", "IS", "IT", "NL", "NO", "PL", "PT", "SE", "TR"};

bool Contains(Strings list, std::string_view s) { return std::find(list.begin(), list.end(), s) != list.end(); }

// A small per-city price level (0.75–1.8), stable for the city.
double CityPriceLevel(std::string_view iata) {
  Rng rng(99, StableHash(iata));
  return 0.75 + 1.05 * rng.Uniform();
}

}  // namespace

sys_time<microseconds> Micros(sys_days day, int minutes) {
  return sys_time<microseconds>(day) + std::chrono::minutes(minutes);
}

std::uint64_t StableHash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

Rng::Rng(std::uint64_t table, std::uint64_t row) : state_(table * 0x9E3779B97F4A7C15ULL ^ (row + 0x632BE59BD9B4E019ULL)) {
  Next();
}

std::uint64_t Rng::Next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
int Rng::Range(int lo, int hi) { return lo + static_cast<int>(Next() % static_cast<std::uint64_t>(hi - lo + 1)); }

SeedContext MakeContext(std::span<const places::Airport> airports, sys_days start) {
  SeedContext ctx;
  ctx.airports.assign(airports.begin(), airports.end());
  std::sort(ctx.airports.begin(), ctx.airports.end(),
            [](const places::Airport& a, const places::Airport& b) { return a.code < b.code; });
  ctx.start = start;
  for (int i = 0; i < static_cast<int>(ctx.airports.size()); ++i) {
    ctx.by_country[std::string(places::CountryOrTerritory(ctx.airports[i]))].push_back(i);
    ctx.by_iata[std::string(ctx.airports[i].code)] = i;
  }
  return ctx;
}

double HaversineKm(const places::Airport& a, const places::Airport& b) {
  constexpr double kEarthKm = 6371.0;
  auto rad = [](double deg) { return deg * std::numbers::pi / 180.0; };
  double dlat = rad(b.lat - a.lat), dlon = rad(b.lon - a.lon);
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(rad(a.lat)) * std::cos(rad(b.lat)) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(h)));
}

bool IsBeachDestination(std::string_view iata) { return Contains(Strings(kBeach), iata); }

double EconomyFareUsd(double km, sys_days day, sys_days booked_on, std::string_view destination, double noise) {
  // Per-km curve: short hops cost the most per km, long hauls the least.
  double fare = km < 800    ? 49 + 0.17 * km
                : km < 3000 ? 185 + 0.10 * (km - 800)
                : km < 8000 ? 405 + 0.075 * (km - 3000)
                            : 780 + 0.055 * (km - 8000);
  year_month_day ymd(day);
  unsigned m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
  static constexpr double kMonth[] = {0.88, 0.90, 1.05, 1.05, 1.00, 1.20, 1.30, 1.25, 0.92, 0.95, 0.97, 1.10};
  fare *= kMonth[m - 1];
  bool holidays = (m == 12 && d >= 18) || (m == 1 && d <= 3) || (m == 11 && d >= 22 && d <= 28);
  if (holidays) fare *= 1.3;
  bool spring_break = (m == 3 && d >= 7) || (m == 4 && d <= 12);
  if (spring_break && IsBeachDestination(destination)) fare *= 1.35;
  static constexpr double kWeekday[] = {1.10, 1.00, 0.90, 0.92, 1.00, 1.12, 0.97};  // Sun … Sat
  fare *= kWeekday[weekday(day).c_encoding()];
  auto ahead = (day - booked_on).count();
  fare *= ahead < 7 ? 1.35 : ahead < 21 ? 1.15 : ahead > 180 ? 0.95 : 1.0;
  return fare * (0.88 + 0.24 * noise);
}

void WriteAirport(const SeedContext& ctx, std::int64_t i, pg::CopyWriter& w) {
  const places::Airport& a = ctx.airports[i];
  w.Row(7).Text(a.code).Text(a.name).Text(a.city).Text(places::CountryOrTerritory(a)).Float8(a.lat).Float8(a.lon).Text(a.tz);
}

void WriteCustomer(const SeedContext& ctx, std::int64_t i, pg::CopyWriter& w) {
  Rng rng(kCustomersTable, i);
  std::string_view first = rng.Pick(Strings(kFirstNames)), last = rng.Pick(Strings(kLastNames));
  char user_id[32], phone[32];
  std::snprintf(user_id, sizeof user_id, "c%06lld", static_cast<long long>(i + 1));
  std::snprintf(phone, sizeof phone, "+1-555-%07d", rng.Range(0, 9'999'999));
  std::string email = core::AsciiLower(first) + "." + core::AsciiLower(last) + "." + std::to_string(i + 1) + "@example.com";
  // Most customers fly from home: US airports are weighted up (Flightly is a US-first site).
  const auto& us = ctx.by_country.count("US") ? ctx.by_country.at("US") : std::vector<int>{};
  int home = !us.empty() && rng.Chance(0.6) ? us[rng.Next() % us.size()]
                                            : static_cast<int>(rng.Next() % ctx.airports.size());
  double tier = rng.Uniform();
  std::string_view loyalty = tier < 0.70 ? "none" : tier < 0.88 ? "silver" : tier < 0.97 ? "gold" : "platinum";
  auto created = Micros(ctx.start - days(rng.Range(1, 3 * 365)), rng.Range(0, 24 * 60 - 1));
  w.Row(8).Int8(i + 1).Text(user_id).Text(std::string(first) + " " + std::string(last)).Text(email).Text(phone)
      .Text(ctx.airports[home].code).Text(loyalty).Timestamptz(created);
}

HotelWriter::HotelWriter(const SeedContext& ctx, std::int64_t count) : ctx_(ctx) {
  std::unordered_map<std::string_view, std::uint32_t> per_city;
  ordinal_.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    Rng rng(kHotelsTable, static_cast<std::uint64_t>(i));
    ordinal_.push_back(per_city[ctx.airports[rng.Next() % ctx.airports.size()].city]++);
  }
}

// The k-th hotel of a city walks all prefix × kind names in a city's own order (a stride prime to
// their count visits each once), then starts again with a number: "Grand Honolulu Hotel 2".
std::pair<std::string, std::string_view> HotelWriter::Name(std::string_view city, std::uint32_t k) {
  constexpr std::uint32_t kKinds = std::size(kHotelKinds), kNames = std::size(kHotelPrefixes) * kKinds;
  static constexpr std::uint32_t kStrides[] = {5, 7, 11, 13, 17, 19, 23, 25};  // prime to 144
  static_assert(kNames == 144);
  const std::uint64_t h = StableHash(city);
  const std::uint64_t stride = kStrides[(h >> 32) % std::size(kStrides)];
  const auto n = static_cast<std::uint32_t>((h % kNames + std::uint64_t{k} * stride) % kNames);
  const std::string_view kind = kHotelKinds[n % kKinds];
  std::string name = std::string(kHotelPrefixes[n / kKinds]) + " " + std::string(city) + " " + std::string(kind);
  if (k >= kNames) name += " " + std::to_string(k / kNames + 1);
  return {std::move(name), kind};
}

void HotelWriter::Write(std::int64_t i, pg::CopyWriter& w) const {
  Rng rng(kHotelsTable, static_cast<std::uint64_t>(i));
  const places::Airport& a = ctx_.airports[rng.Next() % ctx_.airports.size()];
  const auto [name, kind] = Name(a.city, ordinal_[static_cast<std::size_t>(i)]);
  const bool resort = kind == "Resort";
  double s = rng.Uniform();
  int stars = kind == "Hostel" ? 2 : s < 0.10 ? 2 : s < 0.45 ? 3 : s < 0.82 ? 4 : 5;
  static constexpr double kStarUsd[] = {0, 45, 70, 120, 200, 380};
  double nightly = kStarUsd[stars] * CityPriceLevel(a.code) * (0.85 + 0.3 * rng.Uniform()) * (resort ? 1.3 : 1.0);
  double rating = std::min(9.9, std::round((5.6 + 0.7 * stars + 1.4 * rng.Uniform()) * 10) / 10);
  bool family = rng.Chance(resort ? 0.8 : 0.4);
  std::vector<std::string> amenities = {"wifi"};
  if (rng.Chance(resort ? 0.95 : 0.4)) amenities.emplace_back("pool");
  if (stars >= 4 && rng.Chance(0.6)) amenities.emplace_back("spa");
  if (family && rng.Chance(0.5)) amenities.emplace_back("kids_club");
  if (rng.Chance(0.6)) amenities.emplace_back("gym");
  if (rng.Chance(0.55)) amenities.emplace_back("breakfast");
  if (rng.Chance(0.5)) amenities.emplace_back("parking");
  if (IsBeachDestination(a.code) && rng.Chance(resort ? 0.9 : 0.3)) amenities.emplace_back("beach");
  if (rng.Chance(0.15)) amenities.emplace_back("pet_friendly");
  w.Row(14).Int8(i + 1).Text(name).Text(a.code).Text(a.city).Text(places::CountryOrTerritory(a)).Int2(static_cast<std::int16_t>(stars))
      .Float8(rating).Int8(std::llround(nightly) * 100).Text("USD").Bool(family).TextArray(amenities)
      .Float8(a.lat + 0.3 * (rng.Uniform() - 0.5)).Float8(a.lon + 0.3 * (rng.Uniform() - 0.5))
      .Int4(rng.Range(0, 40));
}

namespace {

struct Theme {
  std::string_view code, title, pitch;  // pitch: completed with the destination's city
  std::array<std::string_view, 2> tags;
  unsigned from_month, to_month;        // 0 = a random few weeks in the year
  Strings pool;                         // IATA codes; empty = any airport
  bool europe = false;
};
const Theme kThemes[] = {
    {"SUMMER", "Summer in Europe", "Long days and late dinners: save on summer flights to ", {"summer", "europe"}, 6, 8, {}, true},
    {"WINTERSUN", "Winter sun", "Escape the cold with a beach week in ", {"winter", "beach"}, 12, 2, kBeach, false},
    {"SKI", "Ski season", "Fresh powder: flights and lodges for ", {"ski", "winter"}, 12, 3, kSki, false},
    {"CITY", "City break", "A long weekend in ", {"city break", "weekend"}, 0, 0, {}, false},
    {"FAMILY", "Family summer", "Kids fly for less this summer to ", {"family", "summer"}, 6, 8, {}, false},
    {"HOLIDAY", "Holiday getaway", "Home for the holidays or away from it all: ", {"holidays", "winter"}, 12, 1, {}, false},
    {"FALL", "Fall escape", "Shoulder-season fares and fewer crowds in ", {"fall", "shoulder season"}, 9, 11, {}, false},
};

std::vector<int> PresentBeaches(const SeedContext& ctx) {
  std::vector<int> out;
  for (std::string_view iata : kBeach) {
    if (auto it = ctx.by_iata.find(std::string(iata)); it != ctx.by_iata.end()) out.push_back(it->second);
  }
  return out;
}

// The first window [from_month, to_month] (wrapping the year end) that ends on or after `start`.
std::pair<sys_days, sys_days> MonthWindow(sys_days start, unsigned from_month, unsigned to_month) {
  int y = static_cast<int>(year_month_day(start).year());
  for (int k = 0;; ++k) {
    year from_year{y + k};
    year to_year{to_month < from_month ? y + k + 1 : y + k};
    sys_days from = from_year / month(from_month) / 1;
    sys_days to = to_year / month(to_month) / last;
    if (to >= start) return {from, to};
  }
}

int PickAirport(const SeedContext& ctx, const Theme& theme, Rng& rng) {
  std::vector<int> pool;
  for (std::string_view iata : theme.pool) {
    if (auto it = ctx.by_iata.find(std::string(iata)); it != ctx.by_iata.end()) pool.push_back(it->second);
  }
  if (theme.europe) {
    for (std::string_view c : kEurope) {
      if (auto it = ctx.by_country.find(std::string(c)); it != ctx.by_country.end()) {
        pool.insert(pool.end(), it->second.begin(), it->second.end());
      }
    }
  }
  if (pool.empty()) return static_cast<int>(rng.Next() % ctx.airports.size());
  return pool[rng.Next() % pool.size()];
}

// "Paris", "Paris & Rome", "Paris, Rome & Lisbon" (with last = " & ").
std::string JoinCities(const std::vector<std::string_view>& cities, std::string_view last) {
  std::string out;
  for (std::size_t k = 0; k < cities.size(); ++k) {
    if (k > 0) out += k + 1 == cities.size() ? last : std::string_view(", ");
    out += cities[k];
  }
  return out;
}

}  // namespace

std::int64_t SpringBreakPromotions(const SeedContext& ctx) { return static_cast<std::int64_t>(PresentBeaches(ctx).size()); }

void WritePromotion(const SeedContext& ctx, std::int64_t i, pg::CopyWriter& w) {
  Rng rng(kPromotionsTable, i);
  std::vector<int> beaches = PresentBeaches(ctx);
  char code[64];
  std::vector<std::string> destinations, tags;
  std::string title, description;
  std::pair<sys_days, sys_days> valid;
  if (i < static_cast<std::int64_t>(beaches.size())) {
    const places::Airport& a = ctx.airports[beaches[i]];
    valid = MonthWindow(ctx.start, 3, 4);  // March–April
    std::snprintf(code, sizeof code, "SPRINGBREAK-%s-%02d", std::string(a.code).c_str(),
                  static_cast<int>(year_month_day(valid.first).year()) % 100);
    destinations.emplace_back(a.code);
    tags = {"spring break", "beach"};
    if (rng.Chance(0.5)) tags.emplace_back("family");
    title = "Spring break in " + std::string(a.city);
    description = "Sun, sand and spring break in " + std::string(a.city) + ": fares and beach hotels for March and April.";
  } else {
    const Theme& theme = kThemes[rng.Next() % std::size(kThemes)];
    if (theme.from_month == 0) {
      sys_days from = ctx.start + days(rng.Range(0, 330));
      valid = {from, from + days(rng.Range(14, 42))};
    } else {
      valid = MonthWindow(ctx.start, theme.from_month, theme.to_month);
    }
    int n = rng.Range(1, 3);
    for (int k = 0; k < n; ++k) {
      std::string iata(ctx.airports[PickAirport(ctx, theme, rng)].code);
      if (std::find(destinations.begin(), destinations.end(), iata) == destinations.end()) destinations.push_back(iata);
    }
    std::snprintf(code, sizeof code, "%s-%05lld", std::string(theme.code).c_str(), static_cast<long long>(i + 1));
    tags.assign(theme.tags.begin(), theme.tags.end());
    std::vector<std::string_view> cities;  // once each: LHR and LGW are both London
    for (const std::string& iata : destinations) {
      std::string_view city = ctx.airports[ctx.by_iata.at(iata)].city;
      if (std::find(cities.begin(), cities.end(), city) == cities.end()) cities.push_back(city);
    }
    title = std::string(theme.title) + ": " + JoinCities(cities, " & ");
    description = std::string(theme.pitch) + JoinCities(cities, " and ") + ".";
  }
  bool priced = rng.Chance(0.6);
  w.Row(10).Int8(i + 1).Text(code).Text(title).Text(description).TextArray(destinations).Date(valid.first)
      .Date(valid.second).Int2(static_cast<std::int16_t>(rng.Range(1, 7) * 5));
  if (priced) {
    w.Int8((static_cast<std::int64_t>(rng.Range(9, 89)) * 10 + 9) * 100);  // "from $249"
  } else {
    w.Null();
  }
  w.TextArray(tags);
}

}  // namespace contrail::flightly::seed
