#include "flightly/memory_prompt_extractor.h"

#include <algorithm>
#include <boost/json.hpp>
#include <optional>

#include "core/log.h"
#include "core/metrics.h"
#include "core/text.h"
#include "flightly/memory_extractor_rules.h"
#include "flightly/slots.h"

namespace contrail::flightly {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxMemories = 24;
constexpr std::size_t kMaxMessageBytes = 2'000;  // of each message in the prompt

// A slot the prompt names: its kind, whether values join a list, and the check that turns the
// model's value into the profile's format (nullopt: not a value of this slot).
struct SlotRule {
  std::string_view slot;
  std::string_view kind;
  bool merge;
  std::optional<std::string> (*normalize)(std::string_view);
};

std::string Trimmed(std::string_view v) { return core::CollapseWhitespace(v); }

std::optional<std::string> Text(std::string_view v) {
  std::string t = Trimmed(v);
  if (t.empty() || t.size() > 120 || t.find('@') != std::string::npos) return std::nullopt;
  return t;
}

std::optional<std::string> Airport(std::string_view v) {
  std::string t = Trimmed(v);
  if (t.size() != 3) return std::nullopt;
  for (char& c : t) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return std::nullopt;
  }
  return t;
}

// Every run of digits in `v` as a number; nullopt when a number is out of lo..hi or there is none.
std::optional<std::vector<int>> Numbers(std::string_view v, int lo, int hi) {
  std::vector<int> out;
  for (std::size_t i = 0; i < v.size();) {
    if (v[i] < '0' || v[i] > '9') {
      ++i;
      continue;
    }
    long n = 0;
    for (; i < v.size() && v[i] >= '0' && v[i] <= '9' && n <= hi; ++i) n = n * 10 + (v[i] - '0');
    if (n < lo || n > hi) return std::nullopt;
    out.push_back(static_cast<int>(n));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<std::string> Adults(std::string_view v) {
  auto n = Numbers(v, 1, 20);
  if (!n || n->size() != 1) return std::nullopt;
  return std::to_string(n->front());
}

std::optional<std::string> KidsAges(std::string_view v) {
  auto ages = Numbers(v, 0, 17);
  if (!ages) return std::nullopt;
  std::sort(ages->begin(), ages->end());
  std::string out;
  for (int a : *ages) out += (out.empty() ? "" : ",") + std::to_string(a);
  return out;
}

std::optional<std::string> Budget(std::string_view v) {
  std::string digits;
  for (char c : v) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c != '$' && c != ',' && c != ' ' && c != 'U' && c != 'S' && c != 'D') return std::nullopt;
  }
  if (digits.empty() || digits.size() > 7 || digits.front() == '0') return std::nullopt;
  return digits;
}

std::optional<std::string> OneOf(std::string_view v, std::span<const std::string_view> allowed) {
  const std::string t = core::AsciiLower(Trimmed(v));
  for (std::string_view a : allowed) {
    if (t == a) return t;
  }
  return std::nullopt;
}

std::optional<std::string> Seat(std::string_view v) {
  static constexpr std::string_view kSeats[] = {"aisle", "window", "middle"};
  return OneOf(v, kSeats);
}

std::optional<std::string> Tier(std::string_view v) {
  return OneOf(v, memory_rules::kLoyaltyTiers);
}

std::optional<std::string> CabinValue(std::string_view v) {
  const Cabin cabin = ParseCabinName(core::AsciiLower(Trimmed(v)));
  if (cabin == Cabin::kNone) return std::nullopt;
  return std::string(CabinName(cabin));
}

std::optional<std::string> Email(std::string_view v) {
  const std::string t = core::AsciiLower(Trimmed(v));
  const std::size_t at = t.find('@');
  if (t.size() > 254 || at == 0 || at == std::string::npos || t.find('@', at + 1) != std::string::npos ||
      t.find('.', at) == std::string::npos || t.find(' ') != std::string::npos || t.back() == '.') {
    return std::nullopt;
  }
  return t;
}

std::optional<std::string> Diet(std::string_view v) {
  auto t = Text(v);
  if (!t) return std::nullopt;
  return core::AsciiLower(*t);
}

std::optional<std::string> Interests(std::string_view v) {
  std::string out;
  core::ForEachListItem(v, [&](std::string_view item) {
    const std::string lower = core::AsciiLower(Trimmed(item));
    if (!lower.empty() && lower.size() <= 40) out += (out.empty() ? "" : ",") + lower;
  });
  if (out.empty()) return std::nullopt;
  return out;
}

// Each item must name an airline the rules know; the value is their full names.
std::optional<std::string> Airlines(std::string_view v) {
  std::string out;
  bool unknown = false;
  core::ForEachListItem(v, [&](std::string_view item) {
    // A full name, a code, or a leading word ("Spirit", "spirit": read capitalised).
    std::string name = Trimmed(item);
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
    const std::vector<std::string_view> named = memory_rules::AirlinesNamedIn(name, true);
    if (named.size() != 1) {
      unknown = true;
      return;
    }
    out += (out.empty() ? "" : ",") + std::string(named.front());
  });
  if (unknown || out.empty()) return std::nullopt;
  return out;
}

std::optional<std::string> Stops(std::string_view v) {
  static constexpr std::string_view kStops[] = {"nonstop"};
  return OneOf(v, kStops);
}

constexpr SlotRule kSlots[] = {
    {"name", memory::kFact, false, Text},
    {"home_airport", memory::kFact, false, Airport},
    {"adults", memory::kFact, false, Adults},
    {"kids_ages", memory::kFact, false, KidsAges},
    {"email", memory::kFact, false, Email},
    {"loyalty_tier", memory::kFact, false, Tier},
    {"budget_usd", memory::kPreference, false, Budget},
    {"hotel_budget_usd", memory::kPreference, false, Budget},
    {"stops", memory::kPreference, false, Stops},
    {"seat", memory::kPreference, false, Seat},
    {"diet", memory::kPreference, false, Diet},
    {"cabin", memory::kPreference, false, CabinValue},
    {"interests", memory::kPreference, true, Interests},
    {"avoid_airlines", memory::kPreference, true, Airlines},
};

constexpr std::string_view kSystemPrompt = R"(You extract long-term memories about a traveller from their conversation with Flightly, a travel assistant. Read only what the USER states about themselves as a standing fact or preference. Ignore questions ("is an aisle seat extra?"), negations ("I don't have kids"), other people ("my friend has 3 kids") and the constraints of one trip ("flights under $300"). The assistant's messages and the earlier messages are context only, for example to resolve "that airline".

Answer with JSON only, no prose:
{"memories": [{"slot": "...", "value": "...", "text": "...", "correction": false, "source": 0}]}

Slots and value formats:
- name: the traveller's name as they said it
- home_airport: IATA code of the airport they usually fly from ("DEN")
- adults: number of adults who usually travel ("2")
- kids_ages: their children's ages, comma-separated ("4,8")
- email: their email address
- loyalty_tier: silver | gold | platinum | diamond
- budget_usd: a standing budget in whole US dollars, digits only ("300")
- hotel_budget_usd: a standing hotel budget a night in whole US dollars, digits only ("200")
- stops: nonstop (they dislike connections and layovers)
- seat: aisle | window | middle
- diet: dietary needs, lower case ("vegetarian, nut allergy")
- cabin: economy | premium economy | business | first
- interests: comma-separated, lower case ("hiking,beaches")
- avoid_airlines: full names of airlines they want to avoid, comma-separated ("Spirit Airlines")

When the traveller withdraws a value ("forget my diet", "I'm not vegetarian anymore"), give its slot with "value": "" and "text": "Asked to forget: diet.". "text" is one sentence a person reads ("Prefers an aisle seat."). "correction" is true when they correct an earlier value ("actually, my budget is $500"). "source" is the number of the NEW message it came from. Answer {"memories": []} when there is nothing.)";

void AppendMessage(std::string& out, const memory::MemoryEvent& e) {
  out.append("[").append(llm::RoleName(e.role)).append("] ");
  std::string_view text = e.content;
  if (text.size() > kMaxMessageBytes) text = text.substr(0, kMaxMessageBytes);
  out.append(text).append("\n");
}

core::Counter& Fallbacks() {
  static core::Counter& c = core::MetricsRegistry::Global().GetCounter(
      "contrail_memory_extraction_fallbacks_total",
      "Batches the extraction model failed (unreachable, an error, not the JSON asked for), extracted by the rules.");
  return c;
}

// The one memory an item of the answer is, or nullopt when any part of it fails its check.
std::optional<memory::ExtractedMemory> ReadItem(const json::value& item, std::span<const memory::MemoryEvent> events) {
  const json::object* o = item.if_object();
  if (o == nullptr) return std::nullopt;
  const json::value* slot = o->if_contains("slot");
  const json::value* value = o->if_contains("value");
  if (slot == nullptr || !slot->is_string() || value == nullptr) return std::nullopt;
  std::string value_text;
  if (value->is_string()) value_text = value->get_string();
  else if (value->is_int64()) value_text = std::to_string(value->get_int64());
  else return std::nullopt;
  const SlotRule* rule = nullptr;
  for (const SlotRule& r : kSlots) {
    if (r.slot == slot->get_string()) rule = &r;
  }
  if (rule == nullptr) return std::nullopt;
  // An empty value withdraws the slot (memory/extractor.h); anything else must fit its format.
  std::optional<std::string> normal = value_text.empty() ? std::optional<std::string>("") : rule->normalize(value_text);
  if (!normal) return std::nullopt;
  memory::ExtractedMemory m;
  m.kind = rule->kind;
  m.slot = rule->slot;
  m.value = std::move(*normal);
  m.merge = rule->merge && !m.value.empty();
  if (const json::value* c = o->if_contains("correction"); c != nullptr && c->is_bool()) m.correction = c->get_bool();
  if (const json::value* s = o->if_contains("source"); s != nullptr && s->is_int64()) {
    const std::int64_t at = s->get_int64();
    if (at < 0 || at >= static_cast<std::int64_t>(events.size()) ||
        events[static_cast<std::size_t>(at)].role != llm::Role::kUser) {
      return std::nullopt;  // a memory comes from what the user said
    }
    m.sources.push_back(static_cast<std::size_t>(at));
  }
  const json::value* text = o->if_contains("text");
  m.text = text != nullptr && text->is_string() ? Trimmed(text->get_string()) : std::string();
  if (m.text.empty() || m.text.size() > 300) m.text = m.slot + ": " + m.value;
  return m;
}

}  // namespace

llm::ChatRequest ExtractionRequest(std::string_view model_id, std::span<const memory::MemoryEvent> earlier,
                                   std::span<const memory::MemoryEvent> events) {
  llm::ChatRequest request;
  request.model = model_id;
  request.temperature = 0;
  request.max_tokens = 1'000;
  request.messages.emplace_back(llm::Role::kSystem, std::string(kSystemPrompt));
  std::string conversation;
  if (!earlier.empty()) {
    conversation += "EARLIER MESSAGES (context only):\n";
    for (const memory::MemoryEvent& e : earlier) {
      if (e.role == llm::Role::kUser || e.role == llm::Role::kAssistant) AppendMessage(conversation, e);
    }
    conversation += "\n";
  }
  conversation += "NEW MESSAGES:\n";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].role != llm::Role::kUser && events[i].role != llm::Role::kAssistant) continue;
    conversation += "#" + std::to_string(i) + " ";
    AppendMessage(conversation, events[i]);
  }
  request.messages.emplace_back(llm::Role::kUser, std::move(conversation));
  return request;
}

core::Result<std::vector<memory::ExtractedMemory>> ParseExtraction(std::string_view content,
                                                                   std::span<const memory::MemoryEvent> events) {
  // Models wrap JSON in prose or a ```json fence now and then: the outermost object is read.
  const std::size_t open = content.find('{');
  const std::size_t close = content.rfind('}');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return core::Upstream("the extraction model's answer holds no JSON object");
  }
  boost::system::error_code ec;
  const json::value doc = json::parse(content.substr(open, close - open + 1), ec);
  const json::object* o = ec ? nullptr : doc.if_object();
  const json::value* list = o != nullptr ? o->if_contains("memories") : nullptr;
  if (list == nullptr || !list->is_array()) {
    return core::Upstream("the extraction model's answer is not {\"memories\": [...]}");
  }
  std::vector<memory::ExtractedMemory> out;
  for (const json::value& item : list->get_array()) {
    if (out.size() == kMaxMemories) break;
    if (auto m = ReadItem(item, events)) out.push_back(std::move(*m));
  }
  return out;
}

PromptExtractor::PromptExtractor(llm::ChatModel& model, const memory::Extractor& fallback)
    : model_(model), fallback_(fallback) {}

asio::awaitable<core::Result<std::vector<memory::ExtractedMemory>>> PromptExtractor::Extract(
    std::span<const memory::MemoryEvent> earlier, std::span<const memory::MemoryEvent> events) const {
  const bool said = std::any_of(events.begin(), events.end(),
                                [](const memory::MemoryEvent& e) { return e.role == llm::Role::kUser; });
  if (!said) co_return std::vector<memory::ExtractedMemory>{};
  auto answer = co_await model_.Complete(ExtractionRequest(model_.id(), earlier, events), nullptr);
  core::Result<std::vector<memory::ExtractedMemory>> memories =
      answer ? ParseExtraction(answer->content, events) : core::Result<std::vector<memory::ExtractedMemory>>(answer.error());
  if (memories) co_return memories;
  Fallbacks().Inc();
  core::log::Warn("memory extraction model failed; the rules extract this batch",
                  {{"model", model_.id()}, {"error", memories.error().message}});
  co_return co_await fallback_.Extract(earlier, events);
}

memory::ExtractedMemory PromptExtractor::Summarize(std::span<const memory::MemoryEvent> session) const {
  return fallback_.Summarize(session);
}

}  // namespace contrail::flightly
