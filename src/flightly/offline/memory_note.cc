#include "flightly/offline/memory_note.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "flightly/memory_extractor.h"

namespace contrail::flightly::offline {

namespace {

memory::MemoryEvent EventOf(const llm::Message& m) {
  memory::MemoryEvent e;
  e.role = m.role;
  e.content = m.content;
  return e;
}

// Verbs that make a message a request wherever they stand ("please find", "and book"), and words
// that do at the start of a sentence ("is it warm", "tell me") — lower case, whole words.
constexpr std::string_view kRequestVerbs[] = {"find", "book", "search", "show", "recommend", "suggest", "plan", "list"};
constexpr std::string_view kRequestStarts[] = {"look", "get", "give", "check", "tell", "what", "how", "when", "where",
                                               "which", "who", "why", "can", "could", "would", "will", "should",
                                               "is", "are", "do", "does",
                                               // a formal request: "Please state the fee …", "Kindly advise …"
                                               "explain", "describe", "outline", "summarise", "summarize", "advise",
                                               "state"};

template <std::size_t N>
bool OneOf(const std::string_view (&words)[N], std::string_view word) {
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

}  // namespace

bool AsksSomething(std::string_view text) {
  if (text.find('?') != std::string_view::npos) return true;
  const std::string lower = core::AsciiLower(text);
  std::size_t i = 0;
  bool sentence_start = true;
  while (i < lower.size()) {
    while (i < lower.size() && !std::isalpha(static_cast<unsigned char>(lower[i]))) {
      if (lower[i] == '.' || lower[i] == '!' || lower[i] == ',' || lower[i] == ';') sentence_start = true;
      ++i;
    }
    std::size_t end = i;
    while (end < lower.size() && std::isalpha(static_cast<unsigned char>(lower[end]))) ++end;
    const std::string_view word(lower.data() + i, end - i);
    if (!word.empty() && (OneOf(kRequestVerbs, word) || (sentence_start && OneOf(kRequestStarts, word)))) return true;
    // "Please state …" starts with its verb as "State …" does ("please remember …" asks nothing).
    sentence_start = sentence_start && (word == "please" || word == "kindly");
    i = end;
  }
  return false;
}

void ApplySessionMemories(const llm::ChatRequest& request, std::size_t current, std::string_view today,
                          std::map<std::string, std::string>& profile, std::map<std::string, std::string>& remembered) {
  std::vector<memory::MemoryEvent> said;
  for (std::size_t i = 0; i < current && i < request.messages.size(); ++i) {
    const llm::Role role = request.messages[i].role;
    if (role == llm::Role::kUser || role == llm::Role::kAssistant) said.push_back(EventOf(request.messages[i]));
  }
  for (const memory::ExtractedMemory& m : ExtractMemories({}, said)) {
    const bool saved = profile.contains(m.slot) && !remembered.contains(m.slot);
    if (saved) continue;
    if (m.value.empty()) {
      profile.erase(m.slot);
      remembered.erase(m.slot);
      continue;
    }
    std::string& value = profile[m.slot];
    value = m.merge && !value.empty() ? value + "," + m.value : m.value;
    remembered[m.slot] = std::string(today);
  }
}

std::string MemoryNote(const llm::ChatRequest& request, std::size_t current, bool* names_home) {
  if (!request.context.remembers || current >= request.messages.size()) return "";
  std::vector<memory::MemoryEvent> earlier;
  // The last few messages resolve "that airline" and tell a correction; the whole history would
  // be read on every turn.
  constexpr std::size_t kContext = 4;
  for (std::size_t i = current > kContext ? current - kContext : 0; i < current; ++i) {
    const llm::Role role = request.messages[i].role;
    if (role == llm::Role::kUser || role == llm::Role::kAssistant) earlier.push_back(EventOf(request.messages[i]));
  }
  const memory::MemoryEvent now = EventOf(request.messages[current]);
  const std::vector<memory::ExtractedMemory> memories = ExtractMemories(earlier, std::span(&now, 1));
  if (memories.empty()) return "";
  std::string out, forgotten;
  for (const memory::ExtractedMemory& m : memories) {
    if (m.value.empty()) {  // withdrawn
      forgotten.append(forgotten.empty() ? "" : ", ").append(SlotLabel(m.slot));
      continue;
    }
    if (out.empty()) out = "Got it — I'll remember this for your next trips:";
    out.append("\n• ").append(m.text);
    if (names_home != nullptr && m.slot == "home_airport") *names_home = true;
  }
  if (!forgotten.empty()) {
    out.append(out.empty() ? "" : "\n").append("Done — I won't keep your ").append(forgotten).append(" any more.");
  }
  return out;
}

}  // namespace contrail::flightly::offline
