#include "flightly/seed/schedule.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>
#include <utility>

#include "flightly/seed/airlines.h"

namespace contrail::flightly::seed {

using namespace std::chrono;

namespace {

constexpr std::uint64_t kFlightsTable = 5, kFlightNumbers = 6, kWeeklyRoutes = 7, kDailyRoutes = 8;

constexpr std::string_view kCabins[] = {"economy", "premium_economy", "business", "first"};

struct DailyPair {
  std::string_view a, b;
  bool leisure;  // a family route: leisure fares
};
// Las Vegas–Honolulu first: the smallest scale keeps it. Then the family routes (mainland–Hawaii,
// Orlando, Cancún), then the busiest domestic and long-haul pairs.
constexpr DailyPair kDailyPairs[] = {
    {"LAS", "HNL", true},  {"LAX", "HNL", true},  {"SFO", "HNL", true},  {"SEA", "HNL", true},
    {"DEN", "HNL", true},  {"PHX", "HNL", true},  {"SAN", "HNL", true},  {"LAS", "OGG", true},
    {"LAX", "OGG", true},  {"SFO", "OGG", true},  {"SEA", "OGG", true},  {"DEN", "OGG", true},
    {"LAX", "KOA", true},  {"HNL", "OGG", true},  {"HNL", "LIH", true},  {"DEN", "MCO", true},
    {"JFK", "MCO", true},  {"ORD", "MCO", true},  {"BOS", "MCO", true},  {"ATL", "MCO", true},
    {"ORD", "CUN", true},  {"BOS", "CUN", true},  {"DFW", "CUN", true},  {"LAX", "CUN", true},
    {"JFK", "LAX", false}, {"LAX", "SFO", false}, {"ORD", "LGA", false}, {"LAX", "ORD", false},
    {"LAX", "SEA", false}, {"DEN", "SEA", false}, {"BOS", "DEN", false}, {"ORD", "MIA", false},
    {"JFK", "MIA", false}, {"LAX", "LAS", false}, {"JFK", "LHR", false}, {"BOS", "LHR", false},
    {"SFO", "LHR", false}, {"JFK", "CDG", false}, {"BOS", "CDG", false}, {"BOS", "FCO", false},
    {"LHR", "CDG", false}, {"LHR", "DXB", false}, {"BOS", "HND", false}, {"SYD", "MEL", false}};

constexpr double kMinKm = 150;  // closer pairs go by road or rail

using PairSet = std::set<std::pair<int, int>>;
std::pair<int, int> Pair(int a, int b) { return std::minmax(a, b); }

int DurationMin(double km, int stops) {
  return static_cast<int>(std::lround((km / 820.0 * 60 + 30 + stops * 95) / 5) * 5);
}

// Up to `wanted` different carriers for the pair.
std::vector<std::string_view> Carriers(const places::Airport& a, const places::Airport& b, std::size_t wanted,
                                       Rng& rng) {
  const bool long_haul = HaversineKm(a, b) > 4000;
  std::vector<std::string_view> out;
  for (int tries = 0; tries < 6 && out.size() < wanted; ++tries) {
    std::string_view airline = AirlineFor(a, b, long_haul, rng);
    if (std::find(out.begin(), out.end(), airline) == out.end()) out.push_back(airline);
  }
  return out;
}

// Both directions of the pair a–b, each with its own flight numbers and times.
void AddPair(const SeedContext& ctx, int a, int b, int weekday, double fare_level, int stops,
             const std::vector<std::string_view>& airlines, Rng& rng, std::vector<Route>& out) {
  const double km = HaversineKm(ctx.airports[a], ctx.airports[b]);
  for (auto [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
    Route r{.origin = from, .destination = to, .weekday = weekday, .fare_level = fare_level, .km = km,
            .stops = stops, .duration_min = DurationMin(km, stops), .services = {}};
    const std::string codes = std::string(ctx.airports[from].code) + std::string(ctx.airports[to].code);
    for (std::string_view airline : airlines) {
      Rng number(kFlightNumbers, StableHash(codes + std::string(airline)));
      r.services.push_back(Service{.airline = std::string(airline),
                                   .flight_no = std::string(airline) + " " + std::to_string(1 + number.Next() % 2999),
                                   .depart_local_min = rng.Range(6 * 12, 22 * 12) * 5});  // 06:00–22:00
    }
    out.push_back(std::move(r));
  }
}

// The first `count` daily pairs whose airports are both seeded.
void AddDailyPairs(const SeedContext& ctx, std::size_t count, PairSet& used, std::vector<Route>& out) {
  std::size_t added = 0;
  for (std::size_t i = 0; i < std::size(kDailyPairs) && added < count; ++i) {
    const auto a = ctx.by_iata.find(std::string(kDailyPairs[i].a));
    const auto b = ctx.by_iata.find(std::string(kDailyPairs[i].b));
    if (a == ctx.by_iata.end() || b == ctx.by_iata.end()) continue;
    Rng rng(kDailyRoutes, i);
    const places::Airport &from = ctx.airports[a->second], &to = ctx.airports[b->second];
    const int stops = HaversineKm(from, to) > 13'000 ? 1 : 0;
    const double level = kDailyPairs[i].leisure ? kLeisureFareLevel : 1.0;
    AddPair(ctx, a->second, b->second, -1, level, stops, Carriers(from, to, 2, rng), rng, out);
    used.insert(Pair(a->second, b->second));
    ++added;
  }
}

// A partner for a weekly pair from airport `a`: within its country 55 % of the time, at least
// kMinKm away, not paired yet (only when every try finds a paired one: a second service). -1: none.
int WeeklyPartner(const SeedContext& ctx, int a, const PairSet& used, Rng& rng) {
  const places::Airport& from = ctx.airports[a];
  const std::vector<int>& domestic = ctx.by_country.at(std::string(places::CountryOrTerritory(from)));
  const int domestic_tries = domestic.size() >= 2 && rng.Chance(0.55) ? 8 : 0;
  int fallback = -1;
  for (int tries = 0; tries < 40; ++tries) {
    const int b = tries < domestic_tries ? domestic[rng.Next() % domestic.size()]
                                         : static_cast<int>(rng.Next() % ctx.airports.size());
    if (b == a || HaversineKm(from, ctx.airports[b]) < kMinKm) continue;
    if (!used.count(Pair(a, b))) return b;
    fallback = b;
  }
  return fallback;
}

// `count` weekly pairs: round after round, one from each airport in code order.
void AddWeeklyPairs(const SeedContext& ctx, std::int64_t count, PairSet& used, std::vector<Route>& out) {
  const auto n = static_cast<std::uint64_t>(ctx.airports.size());
  std::int64_t added = 0;
  for (std::uint64_t round = 0; added < count; ++round) {
    const std::int64_t before = added;
    for (std::uint64_t a = 0; a < n && added < count; ++a) {
      Rng rng(kWeeklyRoutes, round * n + a);
      const int b = WeeklyPartner(ctx, static_cast<int>(a), used, rng);
      if (b < 0) continue;
      const places::Airport &from = ctx.airports[a], &to = ctx.airports[b];
      const double km = HaversineKm(from, to);
      const int stops = km > 13'000 ? 1 : (km > 4'000 && rng.Chance(0.2)) ? 1 : 0;
      AddPair(ctx, static_cast<int>(a), b, rng.Range(0, 6), 1.0, stops, Carriers(from, to, 1, rng), rng, out);
      used.insert(Pair(static_cast<int>(a), b));
      ++added;
    }
    if (added == before) break;  // no airport has a partner far enough away
  }
}

}  // namespace

std::vector<Route> PlanRoutes(const SeedContext& ctx, double scale) {
  std::vector<Route> routes;
  PairSet used;
  const auto daily = std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(scale * std::size(kDailyPairs))), 1,
                                             std::size(kDailyPairs));
  AddDailyPairs(ctx, daily, used, routes);
  const auto weekly = std::max<std::int64_t>(1, std::llround(scale * static_cast<double>(ctx.airports.size())));
  AddWeeklyPairs(ctx, weekly, used, routes);
  return routes;
}

FlightWriter::FlightWriter(const SeedContext& ctx, double scale) : ctx_(ctx), routes_(PlanRoutes(ctx, scale)) {
  // In (origin, destination) order, day after day: flights_route_date then grows at its right end,
  // where PostgreSQL appends to a B-tree without splitting pages in half (a day-by-day order
  // inserted into every route's range at once and made the COPY about 25 % slower).
  std::stable_sort(routes_.begin(), routes_.end(), [](const Route& a, const Route& b) {
    return std::pair(a.origin, a.destination) < std::pair(b.origin, b.destination);
  });
  int route = 0, day = -1;
  for (std::int64_t departure = 0; Advance(route, day); ++departure) {
    rows_ += static_cast<std::int64_t>(Cabins(routes_[route], departure, nullptr).size());
  }
}

bool FlightWriter::Advance(int& route, int& day) const {
  const int routes = static_cast<int>(routes_.size());
  while (route < routes) {
    if (++day == kDays) {
      day = 0;
      if (++route == routes) break;
    }
    const int weekday = routes_[route].weekday;
    if (weekday < 0 || static_cast<unsigned>(weekday) == std::chrono::weekday(ctx_.start + days(day)).c_encoding()) {
      return true;
    }
  }
  return false;
}

std::vector<int> FlightWriter::Cabins(const Route& r, std::int64_t departure, double* noise) const {
  Rng rng(kFlightsTable, static_cast<std::uint64_t>(departure));
  std::vector<int> cabins = {0};
  if (rng.Chance(0.3)) cabins.push_back(1);
  if (rng.Chance(r.km > 1500 ? 0.6 : 0.35)) cabins.push_back(2);
  if (r.km > 4000 && rng.Chance(0.25)) cabins.push_back(3);
  if (noise != nullptr) *noise = rng.Uniform();
  return cabins;
}

void FlightWriter::Write(pg::CopyWriter& w) {
  if (cabins_.empty()) {
    Advance(route_, day_);
    double noise = 0;
    const Route& r = routes_[route_];
    cabins_ = Cabins(r, ++departure_, &noise);
    economy_usd_ = r.fare_level * EconomyFareUsd(r.km, ctx_.start + days(day_), ctx_.start,
                                                 ctx_.airports[r.destination].code, noise);
  }
  const Route& r = routes_[route_];
  const int cabin = cabins_.front();
  cabins_.erase(cabins_.begin());
  Rng rng(kFlightsTable + 100, static_cast<std::uint64_t>(row_));
  const double multiplier[] = {1.0, 1.7, r.km < 1500 ? 2.4 : 3.6, r.km < 1500 ? 3.2 : 6.0};
  const std::int64_t fare_cents = std::llround(economy_usd_ * multiplier[cabin]) * 100 - 1;  // $248.99
  const sys_days day = ctx_.start + days(day_);
  const Service& s = r.services[std::chrono::weekday(day).c_encoding() % r.services.size()];
  const auto& offsets = ctx_.utc_offset_min;
  const int offset = offsets.empty() ? static_cast<int>(std::lround(ctx_.airports[r.origin].lon / 15) * 60)
                                     : offsets[r.origin][day_];
  const auto depart = Micros(day, s.depart_local_min - offset);
  const auto arrive = depart + minutes(r.duration_min);
  const int seats = cabin == 0 ? rng.Range(0, 60) : rng.Range(0, 9);
  const bool refundable = rng.Chance(cabin >= 2 ? 0.6 : 0.15);
  w.Row(15).Int8(++row_).Text(s.flight_no).Text(s.airline).Text(ctx_.airports[r.origin].code)
      .Text(ctx_.airports[r.destination].code).Date(day).Timestamptz(depart).Timestamptz(arrive)
      .Int4(r.duration_min).Int2(static_cast<std::int16_t>(r.stops)).Text(kCabins[cabin]).Int8(fare_cents)
      .Text("USD").Int4(seats).Bool(refundable);
}

}  // namespace contrail::flightly::seed
