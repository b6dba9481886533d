#include "flightly/prompt.h"

#include <array>
#include <utility>

namespace contrail::flightly {
namespace {

constexpr const char* kBasePrompt =
    "You are Flightly, a friendly travel assistant for flights, hotels and holidays. Answer "
    "briefly and concretely. Use the traveller's profile when it is relevant (party, ages, "
    "interests, budget, home airport) and say when you do. Never invent prices, availability or "
    "bookings; say plainly when you do not know.";

// Known profile fields and how they read in the prompt, in the order they are listed.
constexpr std::array<std::pair<const char*, const char*>, 12> kKnownFields = {{
    {"name", "Name"},
    {"adults", "Adults travelling"},
    {"kids_ages", "Children's ages"},
    {"interests", "Interests"},
    {"budget_usd", "Budget (USD)"},
    {"home_airport", "Home airport"},
    {"seat", "Seat preference"},
    {"avoid_airlines", "Airlines to avoid"},
    {"cabin", "Cabin"},
    {"email", "Email"},
    {"diet", "Meal preference"},
    {"loyalty_tier", "Loyalty tier"},
}};

}  // namespace

std::string SystemPrompt(const std::map<std::string, std::string>& profile) {
  std::string out = kBasePrompt;
  if (profile.empty()) return out;
  out += "\n\nTraveller profile:";
  for (const auto& [field, label] : kKnownFields) {
    if (auto it = profile.find(field); it != profile.end()) {
      out += "\n- ";
      out += label;
      out += ": ";
      out += it->second;
    }
  }
  for (const auto& [field, value] : profile) {
    bool known = false;
    for (const auto& [k, label] : kKnownFields) known |= (field == k);
    if (known) continue;
    out += "\n- ";
    out += field;
    out += ": ";
    out += value;
  }
  return out;
}

std::string RememberedPrompt(const std::map<std::string, std::string>& remembered,
                             const std::map<std::string, std::string>& values) {
  if (remembered.empty()) return "";
  std::string out =
      "\n\nRemembered from earlier conversations (not in the saved profile; when you use one, say that the "
      "traveller told you before):";
  for (const auto& [field, day] : remembered) {
    auto value = values.find(field);
    if (value == values.end()) continue;
    const char* label = field.c_str();
    for (const auto& [k, l] : kKnownFields) {
      if (field == k) label = l;
    }
    out += "\n- ";
    out += label;
    out += ": " + value->second + " (said " + day + ")";
  }
  return out;
}

std::string EpisodesPrompt(const std::vector<std::string>& episodes) {
  if (episodes.empty()) return "";
  std::string out = "\n\nEarlier conversations with this traveller:";
  for (const std::string& e : episodes) out += "\n- " + e;
  return out;
}

std::string GroundingPrompt(const llm::ChatContext& context) {
  if (context.sources.empty() && context.live_facts.empty()) return "";
  std::string out;
  if (!context.live_facts.empty()) {
    out += "Current fares, hotel rates and offers from Flightly's database (quote them exactly):\n";
    for (const std::string& f : context.live_facts) out += "- " + f + "\n";
  }
  if (!context.sources.empty()) {
    out += "Passages from Flightly's documents. Answer from them when they are relevant and cite them as [n]:\n";
    for (const llm::Source& s : context.sources) {
      out += "[" + std::to_string(s.n) + "] " + s.title + (s.heading.empty() ? "" : " — " + s.heading) + " (" +
             s.document_id + ")\n" + s.text + "\n";
    }
  }
  return out;
}

}  // namespace contrail::flightly
