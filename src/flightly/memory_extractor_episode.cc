// RuleExtractor::Summarize: one sentence on what a session was about.
#include <algorithm>
#include <string>
#include <vector>

#include "flightly/intents.h"
#include "flightly/memory_extractor.h"
#include "flightly/memory_extractor_rules.h"
#include "flightly/slots.h"
#include "flightly/text.h"

namespace contrail::flightly {
namespace {

constexpr std::size_t kMaxTopics = 4;

// What a message asked for, as "asked about …" says it; "" for messages that ask nothing of the
// trip or the service (greetings, recall, out of the domain).
std::string TopicOf(Intent intent) {
  switch (intent) {
    case Intent::kFlightSearch:
    case Intent::kBooking: return "flights";
    case Intent::kHotelSearch: return "hotels";
    case Intent::kPackages: return "packages";
    case Intent::kWeather: return "the weather";
    case Intent::kThingsToDo: return "things to do";
    case Intent::kDestinationIdeas: return "where to go";
    case Intent::kFamilyTrip: return "a family trip";
    case Intent::kBudget: return "costs";
    default: break;
  }
  if (!IsServiceIntent(intent)) return "";
  std::string name(IntentName(intent));  // "lost_luggage" → "lost luggage"
  for (char& c : name) c = c == '_' ? ' ' : c;
  return name;
}

// Whether `message` states the traveller's own facts or withdraws them, with no question and no
// place.
bool TellsOfThemselves(std::string_view message, const Slots& said) {
  if (said.HasPlace() || message.find('?') != std::string_view::npos) return false;
  return memory_rules::ReadMessage(message, {}).StatesAny();
}

std::string PlaceName(const Place* place, std::string_view label) {
  if (label.empty()) return std::string(place->city) + " (" + std::string(place->code) + ")";
  return std::string(label) + " (" + std::string(place->code) + ")";
}

std::string Plural(int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

// " for 2 adults and 2 kids", " for 4 travellers", or "".
std::string PartyOf(const Slots& s) {
  if (s.adults > 0 && s.kids > 0) return " for " + Plural(s.adults, "adult", "adults") + " and " + Plural(s.kids, "kid", "kids");
  if (s.adults > 0) return " for " + Plural(s.adults, "adult", "adults");
  if (s.travelers > 0) return " for " + Plural(s.travelers, "traveller", "travellers");
  if (s.kids > 0) return " with " + Plural(s.kids, "kid", "kids");
  return "";
}

// "Planned a trip from LAS to HNL in March for 2 adults and 2 kids", or "" without a place.
std::string TripOf(const Slots& s) {
  if (!s.HasPlace()) return "";
  std::string out = "Planned a trip";
  if (s.origin) out += " from " + PlaceName(s.origin, s.origin_label);
  if (s.destination) out += " to " + PlaceName(s.destination, s.destination_label);
  if (s.month > 0) {
    out += " in " + std::string(MonthName(s.month));
  } else if (!s.when.empty()) {
    out += " for " + std::string(s.when);
  }
  return out + PartyOf(s);
}

}  // namespace

memory::ExtractedMemory RuleExtractor::Summarize(std::span<const memory::MemoryEvent> session) const {
  memory::ExtractedMemory episode{std::string(memory::kEpisode), "episode", "", "", false, false, {}};
  Slots trip;
  Intent previous = Intent::kUnknown;
  std::vector<std::string> topics;
  for (std::size_t i = 0; i < session.size(); ++i) {
    if (session[i].role != llm::Role::kUser) continue;
    const Tokens tokens(session[i].content);
    const Slots said = ExtractSlots(tokens);
    const Intent intent = ClassifyIntent(tokens, said, previous);
    // "I'm vegetarian and a Gold member", "forget my diet and my status": the traveller told
    // something of themselves and asked nothing (what they told is a memory of its own).
    const std::string topic = TellsOfThemselves(session[i].content, said) ? "" : TopicOf(intent);
    if (topic.empty() && (said.empty() || IsSocial(intent))) continue;
    MergeSlots(said, trip);
    previous = intent;
    episode.sources.push_back(i);
    if (!topic.empty() && topics.size() < kMaxTopics && std::find(topics.begin(), topics.end(), topic) == topics.end()) {
      topics.push_back(topic);
    }
  }
  const std::string plan = TripOf(trip);
  const std::string asked = topics.empty() ? "" : "sked about " + memory_rules::JoinAnd(topics);
  if (plan.empty() && asked.empty()) return episode;
  episode.text = plan.empty() ? "A" + asked + "." : plan + (asked.empty() ? "." : "; a" + asked + ".");
  episode.value = episode.text;
  return episode;
}

}  // namespace contrail::flightly
