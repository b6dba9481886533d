#include "flightly/session_state.h"

#include <boost/json.hpp>

namespace contrail::flightly {
namespace json = boost::json;
namespace {

constexpr int kVersion = 1;
// We never write more than about 900 bytes; anything far larger is not ours.
constexpr std::size_t kMaxStateBytes = 8192;

// A number field in [lo, hi], or 0 when missing, of another type or out of range.
int IntField(const json::object& obj, std::string_view key, int lo, int hi) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr || !v->is_int64()) return 0;
  std::int64_t n = v->get_int64();
  return n >= lo && n <= hi ? static_cast<int>(n) : 0;
}

std::string_view StringField(const json::object& obj, std::string_view key) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr || !v->is_string()) return {};
  const json::string& str = v->get_string();
  return std::string_view(str.data(), str.size());
}

std::string_view BudgetUnitName(BudgetUnit unit) {
  switch (unit) {
    case BudgetUnit::kPerPerson: return "person";
    case BudgetUnit::kPerNight: return "night";
    case BudgetUnit::kTotal: break;
  }
  return "total";
}

void DecodeSlots(const json::object& obj, Slots& s) {
  s.origin = FindPlaceByCode(StringField(obj, "origin"));
  if (s.origin) s.origin_label = CanonicalLabel(StringField(obj, "origin_label"));
  s.destination = FindPlaceByCode(StringField(obj, "destination"));
  if (s.destination) s.destination_label = CanonicalLabel(StringField(obj, "destination_label"));
  s.month = ParseMonthName(StringField(obj, "month"));
  s.day = IntField(obj, "day", 1, 31);
  s.year = IntField(obj, "year", 2020, 2099);
  s.when = CanonicalWhen(StringField(obj, "when"));
  s.nights = IntField(obj, "nights", 1, 365);
  s.adults = IntField(obj, "adults", 1, 99);
  s.kids = IntField(obj, "kids", 1, 99);
  s.travelers = IntField(obj, "travelers", 1, 99);
  if (const json::value* ages = obj.if_contains("kid_ages"); ages && ages->is_array()) {
    for (const json::value& age : ages->get_array()) {
      if (age.is_int64()) s.kid_ages.Add(static_cast<int>(age.get_int64()));
    }
  }
  s.budget_usd = IntField(obj, "budget_usd", 1, 100000000);
  std::string_view per = StringField(obj, "budget_per");
  s.budget_unit = per == "person"  ? BudgetUnit::kPerPerson
                  : per == "night" ? BudgetUnit::kPerNight
                                   : BudgetUnit::kTotal;
  s.budget_min_usd = IntField(obj, "budget_min_usd", 1, 100000000);
  s.cabin = ParseCabinName(StringField(obj, "cabin"));
  if (const json::value* nonstop = obj.if_contains("nonstop"); nonstop && nonstop->is_bool()) {
    s.nonstop = nonstop->get_bool();
  }
  s.hotel_stars = IntField(obj, "hotel_stars", 1, 5);
  if (const json::value* top = obj.if_contains("top_rated"); top && top->is_bool()) s.top_rated = top->get_bool();
  if (const json::value* amenities = obj.if_contains("amenities"); amenities && amenities->is_array()) {
    for (const json::value& name : amenities->get_array()) {
      for (int bit = 0; bit < kAmenityCount && name.is_string(); ++bit) {
        if (AmenityName(1u << bit) == name.get_string()) s.amenities |= static_cast<std::uint16_t>(1u << bit);
      }
    }
  }
}

void EncodeSlots(const Slots& s, json::object& obj) {
  auto put_string = [&](std::string_view key, std::string_view value) {
    if (!value.empty()) obj[key] = value;
  };
  auto put_int = [&](std::string_view key, int value) {
    if (value != 0) obj[key] = value;
  };
  if (s.origin) {
    put_string("origin", s.origin->code);
    put_string("origin_label", s.origin_label);
  }
  if (s.destination) {
    put_string("destination", s.destination->code);
    put_string("destination_label", s.destination_label);
  }
  if (s.month) {
    char lower[16];
    std::string_view name = MonthName(s.month);
    for (std::size_t k = 0; k < name.size(); ++k) {
      lower[k] = k == 0 ? static_cast<char>(name[k] - 'A' + 'a') : name[k];
    }
    put_string("month", std::string_view(lower, name.size()));
  }
  put_int("day", s.day);
  put_int("year", s.year);
  put_string("when", s.when);
  put_int("nights", s.nights);
  put_int("adults", s.adults);
  put_int("kids", s.kids);
  put_int("travelers", s.travelers);
  if (!s.kid_ages.empty()) {
    json::array& ages = obj["kid_ages"].emplace_array();
    for (std::size_t k = 0; k < s.kid_ages.size; ++k) ages.push_back(s.kid_ages.values[k]);
  }
  if (s.HasBudget()) {
    put_int("budget_usd", s.budget_usd);
    put_int("budget_min_usd", s.budget_min_usd);
    put_string("budget_per", BudgetUnitName(s.budget_unit));
  }
  put_string("cabin", CabinName(s.cabin));
  if (s.nonstop) obj["nonstop"] = true;
  put_int("hotel_stars", s.hotel_stars);
  if (s.top_rated) obj["top_rated"] = true;
  if (s.amenities != 0) {
    json::array& names = obj["amenities"].emplace_array();
    for (int bit = 0; bit < kAmenityCount; ++bit) {
      if (s.amenities & (1u << bit)) names.emplace_back(AmenityName(1u << bit));
    }
  }
}

}  // namespace

void SessionState::AddTopic(Intent topic) {
  // Questions about the conversation itself are not what it was about.
  if (IsSocial(topic) || (topic >= Intent::kRecallFirst && topic <= Intent::kRecallConversation)) return;
  for (std::size_t k = 0; k < topic_count; ++k) {
    if (topics[k] == topic) return;
  }
  if (topic_count == kMaxTopics) {
    for (std::size_t k = 1; k < kMaxTopics; ++k) topics[k - 1] = topics[k];
    --topic_count;
  }
  topics[topic_count++] = topic;
}

SessionState DecodeState(std::string_view text) {
  SessionState state;
  if (text.empty() || text.size() > kMaxStateBytes) return state;
  // Parse into a stack buffer: a state is small, and this keeps the turn free of heap traffic.
  unsigned char buffer[4096];
  json::monotonic_resource resource(buffer, sizeof(buffer));
  boost::system::error_code ec;
  json::value root = json::parse(text, ec, &resource);
  if (ec || !root.is_object()) return state;
  const json::object& obj = root.get_object();
  if (IntField(obj, "v", kVersion, kVersion) != kVersion) return state;
  state.intent = ParseIntentName(StringField(obj, "intent"));
  state.turns = IntField(obj, "turns", 1, 1000000000);
  AppendClipped(state.first_question, StringField(obj, "first"), SessionState::kMaxFirstQuestionBytes);
  AppendClipped(state.topic_query, StringField(obj, "topic"), SessionState::kMaxTopicQueryBytes);
  if (const json::value* topics = obj.if_contains("topics"); topics && topics->is_array()) {
    for (const json::value& topic : topics->get_array()) {
      if (!topic.is_string()) continue;
      const json::string& name = topic.get_string();
      state.AddTopic(ParseIntentName(std::string_view(name.data(), name.size())));
    }
  }
  if (const json::value* slots = obj.if_contains("slots"); slots && slots->is_object()) {
    DecodeSlots(slots->get_object(), state.slots);
  }
  return state;
}

std::string EncodeState(const SessionState& state) {
  unsigned char buffer[4096];
  json::monotonic_resource resource(buffer, sizeof(buffer));
  json::object obj(7, &resource);  // reserved up front: growing would copy within the buffer
  obj["v"] = kVersion;
  obj["intent"] = IntentName(state.intent);
  obj["turns"] = state.turns;
  if (!state.first_question.empty()) obj["first"] = state.first_question;
  if (!state.topic_query.empty()) obj["topic"] = state.topic_query;
  json::array& topics = obj["topics"].emplace_array();
  for (std::size_t k = 0; k < state.topic_count; ++k) {
    std::string_view name = IntentName(state.topics[k]);
    topics.emplace_back(json::string_view(name.data(), name.size()));
  }
  json::object& slots = obj["slots"].emplace_object();
  slots.reserve(18);
  EncodeSlots(state.slots, slots);
  return json::serialize(obj);
}

}  // namespace contrail::flightly
