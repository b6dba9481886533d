#include "flightly/offline/agent_steps.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/text.h"
#include "flightly/airline_cues.h"
#include "flightly/grounding.h"
#include "flightly/offline/answers.h"
#include "flightly/profile.h"
#include "flightly/understanding.h"

namespace contrail::flightly::offline {

namespace json = boost::json;

namespace {

constexpr std::size_t kFlightLines = 5;  // as many fares as the grounded answer lists
constexpr std::size_t kHotelLines = 4;

bool Offers(const llm::ChatRequest& request, std::string_view tool) {
  return std::any_of(request.tools.begin(), request.tools.end(), [&](const llm::ToolSpec& t) { return t.name == tool; });
}

// The understanding the turn put in the request, or the message's own as a new session's.
std::shared_ptr<const Understanding> UnderstandingFor(const llm::ChatRequest& request) {
  if (const Understanding* u = UnderstandingOf(request)) {
    return std::shared_ptr<const Understanding>(request.context.facts, u);
  }
  const std::size_t last = LastUserIndex(request.messages);
  return Understand(last < request.messages.size() ? std::string_view(request.messages[last].content) : "", "");
}

// The call with the arguments the offered tool declares (a client's own search_flights may take
// fewer than Flightly's); all of them when its schema lists no properties.
llm::ToolCall Call(const llm::ChatRequest& request, std::string name, json::object args, std::size_t n) {
  for (const llm::ToolSpec& t : request.tools) {
    if (t.name != name) continue;
    boost::system::error_code ec;
    const json::value schema = json::parse(t.parameters_json, ec);
    const json::value* properties = !ec && schema.is_object() ? schema.get_object().if_contains("properties") : nullptr;
    if (properties == nullptr || !properties->is_object() || properties->get_object().empty()) break;
    for (auto it = args.begin(); it != args.end();) {
      it = properties->get_object().contains(it->key()) ? std::next(it) : args.erase(it);
    }
  }
  return {"call_" + std::to_string(n), std::move(name), json::serialize(args)};
}

constexpr std::string_view kUnknownAirline = "no airline is called ";  // search_flights' refusal

// The airlines the traveller does not want: named in the message ("avoid American", "not on
// Spirit", "excluding united airlines") or in the profile's avoid_airlines ("Spirit, Frontier").
// As written: search_flights resolves names and codes, and refuses one no airline has.
std::vector<std::string> AirlinesToAvoid(std::string_view message, const std::map<std::string, std::string>& profile) {
  std::vector<std::string> out;
  auto add = [&](std::string name) {
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) name.erase(0, 1);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
    if (name.empty() || out.size() >= 8 || std::find(out.begin(), out.end(), name) != out.end()) return;
    out.push_back(std::move(name));
  };
  for (const CuedName& name : NamesAfterCues(message)) add(std::string(name.word));
  if (auto it = profile.find("avoid_airlines"); it != profile.end()) {
    std::string list = it->second;
    for (char& c : list) c = (c == ';' || c == '/') ? ',' : c;
    for (std::size_t from = 0; from <= list.size();) {
      std::size_t comma = std::min(list.find(',', from), list.size());
      add(list.substr(from, comma - from));
      from = comma + 1;
    }
  }
  return out;
}

// The names a search_flights refusal says no airline has: "no airline is called `X`, `Y` (in …".
std::vector<std::string> UnknownAirlines(std::string_view refusal) {
  std::vector<std::string> names;
  if (refusal.substr(0, kUnknownAirline.size()) != kUnknownAirline) return names;
  const std::string_view list = refusal.substr(kUnknownAirline.size(), refusal.find(" (") - kUnknownAirline.size());
  for (std::size_t open = list.find('`'); open != std::string_view::npos; open = list.find('`', open + 1)) {
    const std::size_t close = list.find('`', open + 1);
    if (close == std::string_view::npos) break;
    names.emplace_back(list.substr(open + 1, close - open - 1));
    open = close;
  }
  return names;
}

// After a step: search_flights again without the airlines it said do not exist (once: only when
// the step was the first after the question).
std::vector<llm::ToolCall> RetryWithoutUnknownAirlines(const llm::ChatRequest& request) {
  std::vector<llm::ToolCall> calls;
  const auto& m = request.messages;
  std::size_t steps = 0;
  const llm::Message* asked = nullptr;
  for (std::size_t i = LastUserIndex(m); i < m.size(); ++i) {
    if (m[i].role == llm::Role::kAssistant && !m[i].tool_calls.empty()) ++steps, asked = &m[i];
  }
  if (steps != 1) return calls;
  for (const llm::ToolCall& call : asked->tool_calls) {
    if (call.name != "search_flights") continue;
    auto result = std::find_if(m.begin(), m.end(), [&](const llm::Message& x) { return x.tool_call_id == call.id; });
    if (result == m.end()) continue;
    const std::vector<std::string> unknown = UnknownAirlines(result->content);
    boost::system::error_code ec;
    json::value args = json::parse(call.arguments_json, ec);
    if (unknown.empty() || ec || !args.is_object() || !args.get_object().contains("exclude_airlines")) continue;
    json::array kept;
    for (const json::value& name : args.at("exclude_airlines").get_array()) {
      const bool known = std::none_of(unknown.begin(), unknown.end(), [&](const std::string& u) {
        return name.is_string() && core::AsciiLower(u) == core::AsciiLower(name.get_string());
      });
      if (known) kept.push_back(name);
    }
    if (kept.empty()) args.get_object().erase("exclude_airlines"); else args.get_object()["exclude_airlines"] = std::move(kept);
    calls.push_back(Call(request, "search_flights", std::move(args.get_object()), asked->tool_calls.size() + calls.size() + 1));
  }
  return calls;
}

bool WantsWeather(const Understanding& u, const KnowledgeNeed& need) {
  if (u.intent == Intent::kWeather) return true;
  const bool trip = u.intent == Intent::kFamilyTrip || u.intent == Intent::kPackages || u.intent == Intent::kThingsToDo;
  return (trip || need.fares) && need.month > 0;
}

}  // namespace

bool HasToolResults(const llm::ChatRequest& request) {
  const auto& m = request.messages;
  const std::size_t last = LastUserIndex(m);
  return std::any_of(m.begin() + static_cast<std::ptrdiff_t>(std::min(last, m.size())), m.end(),
                     [](const llm::Message& x) { return x.role == llm::Role::kTool; });
}

std::optional<llm::ToolCall> SearchFlightsCall(const llm::ChatRequest& request, bool booking) {
  if (!Offers(request, "search_flights")) return std::nullopt;
  const std::shared_ptr<const Understanding> u = UnderstandingFor(request);
  const KnowledgeNeed need = booking ? PlanBookingTrip(*u, request.context.profile) : PlanKnowledge(*u, request.context.profile);
  if (need.origin.empty() || need.destination.empty()) return std::nullopt;
  json::object args{{"origin", need.origin}, {"destination", need.destination}, {"passengers", need.seats}};
  if (need.month > 0) args["month"] = need.month;
  if (need.max_fare_usd > 0) args["max_price"] = need.max_fare_usd;
  if (need.min_fare_usd > 0) args["min_price"] = need.min_fare_usd;
  if (const Cabin cabin = u->next.slots.cabin; cabin != Cabin::kNone) args["cabin"] = CabinName(cabin);
  // A trip asked for nonstop leaves the connections out. A standing dislike of connections orders, and
  // does not filter: where only connections fly, the traveller still sees them.
  if (u->next.slots.nonstop) {
    args["max_stops"] = 0;
  } else if (need.nonstop) {
    args["prefer_nonstop"] = true;
  }
  const std::size_t last = LastUserIndex(request.messages);
  const std::string_view message = last < request.messages.size() ? std::string_view(request.messages[last].content) : "";
  if (std::vector<std::string> avoid = AirlinesToAvoid(message, request.context.profile); !avoid.empty()) {
    args["exclude_airlines"] = json::value_from(avoid);
  }
  return Call(request, "search_flights", std::move(args), 1);
}

std::vector<llm::ToolCall> PlanToolCalls(const llm::ChatRequest& request) {
  std::vector<llm::ToolCall> calls;
  if (request.tool_choice == "none" || request.tools.empty()) return calls;
  if (HasToolResults(request)) return RetryWithoutUnknownAirlines(request);
  const std::shared_ptr<const Understanding> u = UnderstandingFor(request);
  const KnowledgeNeed need = PlanKnowledge(*u, request.context.profile);
  const Slots& slots = u->next.slots;
  if (need.fares) {
    if (std::optional<llm::ToolCall> search = SearchFlightsCall(request, false)) calls.push_back(std::move(*search));
  }
  if (need.hotels && !need.destination.empty() && Offers(request, "search_hotels")) {
    json::object args{{"city", need.city.empty() ? need.destination : need.city}, {"guests", need.seats}};
    if (slots.nights > 0) args["nights"] = slots.nights;
    if (need.max_nightly_usd > 0) args["max_price"] = need.max_nightly_usd;
    if (need.min_nightly_usd > 0) args["min_price"] = need.min_nightly_usd;
    if (need.min_stars > 0) args["min_stars"] = need.min_stars;
    if (!need.amenities.empty()) args["amenities"] = json::value_from(need.amenities);
    if (need.top_rated) args["sort"] = "rating";
    calls.push_back(Call(request, "search_hotels", std::move(args), calls.size() + 1));
  }
  const Place* where = slots.destination;
  if (where != nullptr && WantsWeather(*u, need) && Offers(request, "get_weather")) {
    json::object args{{"location", where->code}};
    if (slots.month > 0) args["month"] = slots.month;
    calls.push_back(Call(request, "get_weather", std::move(args), calls.size() + 1));
  }
  return calls;
}

namespace {

std::string Dollars(double usd) { return "$" + std::to_string(static_cast<long long>(std::llround(usd))); }

double Number(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  return 0;
}

std::string Text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// "13:40" of search_flights' local "2027-03-02T13:40" (or of a bare "13:40:00").
std::string ClockTime(std::string_view time) {
  const std::size_t t = time.find('T');
  return std::string(time.substr(t == std::string_view::npos ? 0 : t + 1, 5));
}

// "HA 12 (Hawaiian Airlines) LAS→HNL on 2027-03-14 at 08:10, nonstop, economy, $279 a person ($1116
// for 4), 9 seats left"
void AddFlights(const json::object& out, std::vector<std::string>& facts) {
  const json::value* flights = out.if_contains("flights");
  if (flights == nullptr || !flights->is_array()) return;
  const auto passengers = static_cast<long long>(Number(out, "passengers"));
  if (flights->get_array().empty()) {
    facts.push_back("No flight from " + Text(out, "origin") + " to " + Text(out, "destination") + " between " +
                    Text(out, "from") + " and " + Text(out, "to") + " fits the search in Flightly's system.");
    return;
  }
  for (const json::value& f : flights->get_array()) {
    if (facts.size() >= kFlightLines || !f.is_object()) break;
    const json::object& o = f.get_object();
    std::string line = Text(o, "flight_no");
    if (const std::string airline = Text(o, "airline_name"); !airline.empty()) line += " (" + airline + ")";
    line += " " + Text(o, "origin") + "→" + Text(o, "destination") + " on " +
                       Text(o, "depart_date") + " at " + ClockTime(Text(o, "depart_time"));
    const auto stops = static_cast<long long>(Number(o, "stops"));
    line += stops == 0 ? ", nonstop" : ", " + std::to_string(stops) + (stops == 1 ? " stop" : " stops");
    line += ", " + Text(o, "cabin") + ", " + Dollars(Number(o, "fare_usd")) + " a person";
    if (passengers > 1) line += " (" + Dollars(Number(o, "total_usd")) + " for " + std::to_string(passengers) + ")";
    line += ", " + std::to_string(static_cast<long long>(Number(o, "seats_left"))) + " seats left";
    facts.push_back(std::move(line));
  }
}

// The grounded answer's hotel lines (HotelRateLine), from search_hotels' results.
void AddHotels(const json::object& out, std::vector<std::string>& facts) {
  const json::value* hotels = out.if_contains("hotels");
  if (hotels == nullptr || !hotels->is_array()) return;
  if (hotels->get_array().empty()) {
    facts.push_back("No hotel near " + Text(out, "city") + " has rooms left that fit the search in Flightly's system.");
    return;
  }
  std::size_t n = 0;
  for (const json::value& h : hotels->get_array()) {
    if (n++ >= kHotelLines || !h.is_object()) break;
    const json::object& o = h.get_object();
    char rating[16];
    std::snprintf(rating, sizeof rating, "%.1f", Number(o, "rating"));
    std::string amenities;  // as the table keeps them: "pool,kids_club"
    if (const json::value* a = o.if_contains("amenities"); a != nullptr && a->is_array()) {
      for (const json::value& item : a->get_array()) {
        if (item.is_string()) amenities += (amenities.empty() ? "" : ",") + std::string(item.get_string());
      }
    }
    const json::value* family = o.if_contains("family_friendly");
    const bool family_friendly = family != nullptr && family->is_bool() && family->get_bool();
    facts.push_back(HotelRateLine(Text(o, "name"), std::to_string(static_cast<long long>(Number(o, "stars"))), rating,
                                  std::llround(Number(o, "nightly_usd") * 100), family_friendly, amenities));
  }
}

struct Weather {
  std::string in_brief;  // "warm with passing showers": what a trip plan says of it
  std::string line;      // "Typical weather in Honolulu (HNL) in March: …."
  std::string typical;   // the climate itself, as a climate answer quotes it
};

struct Results {
  std::vector<std::string> facts;     // flights and hotels, as live facts
  std::vector<Weather> weather;
  std::vector<std::string> failures;  // "search_flights: …": calls that failed and were not retried
  std::vector<std::string> notes;     // what a retried call left out
};

// A failed call that a later call of the same tool made good: an airline name no airline has is
// said (the search ran without it); anything else was only a step on the way.
void AddRetried(std::string_view refusal, Results& r) {
  for (const std::string& name : UnknownAirlines(refusal)) {
    r.notes.push_back("Flightly knows no airline called \"" + name + "\", so the flights above do not leave it out.");
  }
}

// "I left out United and Spirit." for a search that excluded airlines.
void AddLeftOut(const std::string& arguments, Results& r) {
  boost::system::error_code ec;
  const json::value args = json::parse(arguments, ec);
  const json::value* list = !ec && args.is_object() ? args.get_object().if_contains("exclude_airlines") : nullptr;
  if (list == nullptr || !list->is_array() || list->get_array().empty()) return;
  std::string names;
  const json::array& a = list->get_array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string()) continue;
    if (!names.empty()) names += i + 1 == a.size() ? " and " : ", ";
    names += a[i].get_string();
  }
  r.notes.push_back("I left out " + names + ".");
}

Results ReadResults(const llm::ChatRequest& request) {
  Results r;
  const auto& m = request.messages;
  std::map<std::string, const llm::ToolCall*, std::less<>> calls;  // call id → the call
  std::vector<std::string> flights, hotels;
  std::vector<std::pair<std::string, std::string>> failed;  // tool, what it said
  for (std::size_t i = LastUserIndex(m); i < m.size(); ++i) {
    for (const llm::ToolCall& c : m[i].tool_calls) calls[c.id] = &c;
    if (m[i].role != llm::Role::kTool) continue;
    auto it = calls.find(m[i].tool_call_id);
    const std::string tool = it == calls.end() ? "a tool" : it->second->name;
    boost::system::error_code ec;
    json::value v = json::parse(m[i].content, ec);
    if (ec || !v.is_object()) {
      failed.emplace_back(tool, m[i].content.substr(0, 300));
      continue;
    }
    for (auto f = failed.begin(); f != failed.end();) {  // this call made good an earlier one
      if (f->first != tool) {
        ++f;
        continue;
      }
      AddRetried(f->second, r);
      f = failed.erase(f);
    }
    const json::object& o = v.get_object();
    if (tool == "search_flights") {
      AddFlights(o, flights);
      if (it != calls.end()) AddLeftOut(it->second->arguments_json, r);
    }
    if (tool == "search_hotels") AddHotels(o, hotels);
    if (tool == "get_weather" && !Text(o, "typical").empty()) {
      r.weather.push_back({Text(o, "in_brief"), "Typical weather in " + Text(o, "location") + " in " +
                                                     Text(o, "month") + ": " + Text(o, "typical") + ".",
                            Text(o, "typical")});
    }
  }
  for (const auto& [tool, said] : failed) r.failures.push_back(tool + ": " + said);
  r.facts = std::move(flights);
  r.facts.insert(r.facts.end(), hotels.begin(), hotels.end());
  return r;
}

}  // namespace

Reply AnswerFromToolResults(const llm::ChatRequest& request) {
  Results results = ReadResults(request);
  llm::ChatRequest with_facts = request;
  with_facts.tools.clear();
  auto& facts = with_facts.context.live_facts;
  facts.insert(facts.end(), results.facts.begin(), results.facts.end());
  Reply reply = Respond(with_facts);
  if (!results.facts.empty()) {  // the plan has them now
    if (std::size_t at = reply.content.find(kAskForFlightsOrHotels); at != std::string::npos) {
      reply.content.erase(at, kAskForFlightsOrHotels.size());
    }
  }
  for (const Weather& w : results.weather) {  // a trip plan says it in brief, a climate answer in full
    const bool said = (!w.in_brief.empty() && reply.content.find(w.in_brief) != std::string::npos) ||
                      reply.content.find(w.typical) != std::string::npos;
    if (!said) reply.content += "\n\n" + w.line;
  }
  for (const std::string& note : results.notes) {
    // The profile's airlines are said already ("I'll leave out Spirit, as your profile asks.").
    if (note.starts_with("I left out") && reply.content.find("I'll leave out") != std::string::npos) continue;
    reply.content += "\n\n" + note;
  }
  for (const std::string& failure : results.failures) {
    reply.content += "\n\nI could not check " + failure;
  }
  return reply;
}

}  // namespace contrail::flightly::offline
