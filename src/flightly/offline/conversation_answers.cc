// Answers about the assistant and the user: profile, who-am-I, social turns, the polite decline
// of questions outside travel, "I did not understand" for gibberish, and the plain "I don't know
// that yet" for anything else not understood. Recall of the conversation is in recall_answers.cc.

#include <cctype>

#include "flightly/offline/answers.h"
#include "flightly/gazetteer.h"
#include "flightly/profile_questions.h"

namespace contrail::flightly::offline {
namespace {

void AppendName(Question& question, std::string_view before, std::string& out) {
  if (question.profile.name.empty()) return;
  out.append(before);
  AppendClipped(out, question.profile.name, 40);
  question.personalised = true;
}

struct ProfileField {
  std::string_view key;
  std::string_view label;
};
constexpr ProfileField kKnownFields[] = {
    {"name", "Name"},
    {"home_airport", "Home airport"},
    {"adults", "Adults"},
    {"kids_ages", "Kids' ages"},
    {"interests", "Interests"},
    {"budget_usd", "Budget"},
    {"hotel_budget_usd", "Hotel budget"},
    {"seat", "Seat preference"},
    {"avoid_airlines", "Airlines to avoid"},
    {"diet", "Diet"},
    {"dietary", "Diet"},
    {"loyalty_tier", "Flightly Miles tier"},
    {"cabin", "Cabin"},
    {"email", "Email"},
    {"stops", "Connections"},
};

bool IsKnownField(std::string_view key) {
  for (const ProfileField& f : kKnownFields) {
    if (f.key == key) return true;
  }
  return false;
}

// Known fields read better formatted: "Las Vegas (LAS)", "4 and 8", "outdoors and hiking".
void AppendProfileValue(const ProfileView& view, std::string_view key, std::string_view value,
                        std::string& out) {
  if (key == "home_airport" && view.home) return AppendPlaceName(out, *view.home);
  if (key == "kids_ages" && !view.kid_ages.empty()) return AppendAges(out, view.kid_ages);
  if (key == "interests") return AppendListItems(out, value);
  if (key == "budget_usd" && view.budget_usd > 0) {
    return AppendBudget(out, view.budget_usd, BudgetUnit::kTotal);
  }
  if (key == "hotel_budget_usd" && view.hotel_budget_usd > 0) {
    return AppendBudget(out, view.hotel_budget_usd, BudgetUnit::kPerNight);
  }
  AppendClipped(out, value, 120);
}

// The known fields of the profile map that came from `remembered` (true) or the saved profile
// (false), as bullet lines.
void AppendKnownFields(const Question& question, bool remembered, std::string& out) {
  const auto& profile = question.request.context.profile;
  const auto& said = question.request.context.remembered;
  for (const ProfileField& f : kKnownFields) {
    auto it = profile.find(std::string(f.key));
    if (it == profile.end() || it->second.empty()) continue;
    auto day = said.find(std::string(f.key));
    if ((day != said.end()) != remembered) continue;
    out.append("\n• ").append(f.label).append(": ");
    AppendProfileValue(question.profile, f.key, it->second, out);
    if (remembered) out.append(" (you told me on ").append(day->second).append(")");
  }
}

void ProfileRecall(Question& question, std::string& out);

struct AskedField {
  std::string_view key;
  std::string_view phrase;  // "your home airport"
  std::string_view example;  // how to tell it
};
constexpr AskedField kAskedFields[] = {
    {"name", "your name", "\"I'm Dana\""},
    {"home_airport", "your home airport", "\"I fly out of Denver\""},
    {"kids_ages", "your kids' ages", "\"our kids are 4 and 8\""},
    {"budget_usd", "your budget", "\"our budget is $X a person\""},
    {"hotel_budget_usd", "your hotel budget", "\"we spend up to $X a night on hotels\""},
    {"seat", "your seat preference", "\"I prefer an aisle seat\""},
    {"avoid_airlines", "airlines to avoid", "\"never Spirit again\""},
    {"diet", "your diet", "\"I'm vegetarian\""},
    {"interests", "your interests", "\"we love hiking and beaches\""},
    {"loyalty_tier", "your Flightly Miles tier", "\"I'm a Gold member\""},
    {"cabin", "the cabin you fly", "\"I always fly business\""},
    {"email", "your email", "\"reach me at dana@example.com\""},
    {"stops", "connections", "\"nonstop flights only for me\""},
};

const AskedField* AskedFieldOf(std::string_view key) {
  for (const AskedField& f : kAskedFields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

// "what's my home airport again?": that one value, and where it is from.
void AskedRecall(Question& question, std::string_view key, std::string& out) {
  if (key == "adults") {  // "who do I usually travel with?"
    const Party party = ResolveParty(question);
    if (party.empty()) {
      out.append("You haven't told me who you travel with yet — say, for example, \"my wife and I and our 2 kids, 4 "
                 "and 8\", and I'll remember it.");
      return;
    }
    question.personalised = true;
    out.append("Your party: ");
    AppendParty(out, party);
    const bool said_ages = question.request.context.remembered.contains("kids_ages");
    out.append(party.from_profile ? ", from " + SourceOf(question, said_ages ? "kids_ages" : "adults") + "."
                                  : ", from this conversation.");
    return;
  }
  const AskedField* field = AskedFieldOf(key);
  if (field == nullptr) return ProfileRecall(question, out);
  if (AppendKnownValue(question, key, out)) return;
  // "budget $300 per person" said of this trip, not remembered as the traveller's usual: still said.
  const Slots& trip = question.slots;
  const bool nightly = trip.budget_unit == BudgetUnit::kPerNight;
  const bool budget_asked = key == "budget_usd" || key == "hotel_budget_usd";
  if (budget_asked && trip.HasBudget() && nightly == (key == "hotel_budget_usd")) {
    out.append(nightly ? "Your hotel budget for this trip: " : "Your budget for this trip: ");
    AppendBudgetRange(out, trip);
    out.append(", from this conversation.");
    return;
  }
  out.append("You haven't told me ").append(field->phrase).append(" yet — say, for example, ");
  out.append(field->example).append(", and I'll remember it for your next trips.");
}

}  // namespace

bool AppendKnownValue(Question& question, std::string_view key, std::string& out) {
  const AskedField* field = AskedFieldOf(key);
  const auto& profile = question.request.context.profile;
  auto it = profile.find(std::string(key));
  if (key == "diet" && (it == profile.end() || it->second.empty())) it = profile.find("dietary");
  if (field == nullptr || it == profile.end() || it->second.empty()) return false;
  question.personalised = true;
  std::string label(field->phrase);
  label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  out.append(label).append(": ");
  AppendProfileValue(question.profile, it->first, it->second, out);
  const auto& said = question.request.context.remembered;
  if (auto day = said.find(it->first); day != said.end()) {
    out.append(" (you told me on ").append(day->second).append(").");
  } else {
    out.append(" (from your Flightly profile).");
  }
  return true;
}

namespace {

void ProfileRecall(Question& question, std::string& out) {
  if (std::string_view asked = AskedProfileSlot(question.tokens); !asked.empty()) {
    return AskedRecall(question, asked, out);
  }
  const llm::ChatContext& context = question.request.context;
  const auto& profile = context.profile;
  std::string summary;
  bool has_trip = AppendTripSummary(question, summary);
  const bool saved = profile.size() > context.remembered.size();
  if (!saved && context.remembered.empty() && context.episodes.empty()) {
    out.append(
        "I don't have a Flightly profile for you yet, so I only know what you tell me "
        "here. Save your home airport, who you travel with, kids' ages, interests, "
        "budget and seat preference in your profile and I'll use them.");
    if (has_trip) out.append(" From this conversation: ").append(summary).append(".");
    return;
  }
  question.personalised = true;
  if (saved) {
    out.append("Here's what I know about you from your Flightly profile:");
    AppendKnownFields(question, false, out);
    constexpr std::size_t kMaxOtherFields = 12;
    std::size_t others = 0;
    for (const auto& [key, value] : profile) {
      if (IsKnownField(key) || value.empty() || others++ == kMaxOtherFields) continue;
      out.append("\n• ");
      AppendClipped(out, key, 40);
      out.append(": ");
      AppendClipped(out, value, 120);
    }
  }
  if (!context.remembered.empty()) {
    out.append(saved ? "\n" : "").append("From our earlier conversations, I remember:");
    AppendKnownFields(question, true, out);
  }
  if (!context.episodes.empty()) {
    out.append(saved || !context.remembered.empty() ? "\n" : "").append("What we talked about before:");
    for (const std::string& e : context.episodes) out.append("\n• ").append(e);
  }
  if (has_trip) out.append("\nFrom this conversation: ").append(summary).append(".");
}

void About(std::string& out) {
  out.append(
      "I'm flightly-local, Flightly's built-in offline assistant. I run without a cloud model: "
      "I answer from built-in travel knowledge, your profile and our conversation, so I'm "
      "fast, but I can't see live prices, availability or flight status. I can help with ");
  AppendCapabilities(out);
  out.append(".");
}

void Unknown(std::string& out) {
  out.append("I don't know that yet — I'm Flightly's offline model and I can help with ");
  AppendCapabilities(out);
  out.append(".");
}

// A question outside travel: decline, say what Flightly does, and offer the travel side of a
// place the question named ("the capital of France"), as it was named: "the capital of Australia"
// is no trip to Sydney (the airport Australia is flown to), which would read as the answer.
void OutOfDomain(Question& question, std::string& out) {
  out.append(
      "Sorry, that's outside what I can help with — I'm Flightly's travel assistant, so I "
      "stick to travel. I can help with ");
  AppendCapabilities(out);
  out.append(".");
  if (const Place* place = question.said.destination) {
    const std::string_view named = question.said.destination_label;
    out.append(" If you're thinking of a trip to ").append(named.empty() ? std::string_view(place->city) : named);
    out.append(", ask me about flights, hotels, weather or things to do there.");
  }
}

void Gibberish(std::string& out) {
  out.append(
      "I did not understand that. I'm Flightly's travel assistant — try a question like:\n"
      "• \"flights from Boston to Lisbon in May for 2 adults\"\n"
      "• \"can I bring my dog in the cabin?\"\n"
      "• \"what's the weather in Tokyo in April?\"");
}

void Greeting(Question& question, std::string& out) {
  out.append("Hi");
  AppendName(question, " ", out);
  out.append("! I'm flightly-local, Flightly's offline travel assistant. Ask me about ");
  AppendCapabilities(out);
  out.append(".");
}

void Thanks(Question& question, std::string& out) {
  out.append("You're welcome");
  AppendName(question, ", ", out);
  out.append("! Anything else I can help with");
  if (question.slots.destination) {
    out.append(" for your trip to ").append(question.slots.destination->city);
    question.personalised = true;
  }
  out.append("?");
}

void Goodbye(Question& question, std::string& out) {
  out.append("Goodbye");
  AppendName(question, ", ", out);
  out.append(", and safe travels!");
}

}  // namespace

void AnswerConversation(Question& question, std::string& out) {
  switch (question.intent) {
    case Intent::kRecallFirst:
    case Intent::kRecallLast:
    case Intent::kRecallSaid:
    case Intent::kRecallConversation: return AnswerRecall(question, out);
    case Intent::kProfileRecall: return ProfileRecall(question, out);
    case Intent::kAbout: return About(out);
    case Intent::kGreeting: return Greeting(question, out);
    case Intent::kThanks: return Thanks(question, out);
    case Intent::kGoodbye: return Goodbye(question, out);
    case Intent::kOutOfDomain: return OutOfDomain(question, out);
    case Intent::kGibberish: return Gibberish(out);
    default: break;
  }
  if (question.intent >= Intent::kLostLuggage && question.intent <= Intent::kContactSupport) {
    return AnswerPolicy(question, out);
  }
  if (IsTripIntent(question.intent)) return AnswerTrip(question, out);
  Unknown(out);
}

}  // namespace contrail::flightly::offline
