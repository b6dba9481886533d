// Answers about the conversation itself, read from the messages the request carries (the turns
// before the one being answered) and the session's state: the first and the last question, what
// the traveller said about a part of the trip, and a recap.
#include <algorithm>
#include <array>

#include "flightly/gazetteer.h"
#include "flightly/offline/answers.h"

namespace contrail::flightly::offline {
namespace {

constexpr std::size_t kMaxQuote = 200;  // bytes of a quoted earlier message

void AppendQuote(std::string& out, std::string_view text) {
  out.append("\"");
  AppendClipped(out, text, kMaxQuote);
  out.append("\"");
}

bool IsUser(const llm::Message& m) { return m.role == llm::Role::kUser; }

void NoEarlierQuestion(std::string& out) {
  out.append(
      "There's no earlier question in our conversation — this is the first thing you've "
      "asked me.");
}

// The user messages before the one being answered, as the request carries them.
std::size_t EarlierQuestions(const Question& question) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < question.current; ++i) n += IsUser(question.request.messages[i]);
  return n;
}

// Greetings and thanks are not questions: "what did I ask first?" skips them.
bool IsSmallTalk(std::string_view text) {
  Tokens tokens(text);
  Intent intent = ClassifyIntent(tokens, ExtractSlots(tokens), Intent::kUnknown);
  return intent == Intent::kGreeting || intent == Intent::kThanks || intent == Intent::kGoodbye;
}

void RecallFirst(Question& question, std::string& out) {
  if (!question.previous.first_question.empty()) {
    out.append("Your first question was: ");
    AppendQuote(out, question.previous.first_question);
    question.personalised = true;
    return;
  }
  const auto& messages = question.request.messages;
  std::size_t first = question.current;
  for (std::size_t i = 0; i < question.current && first == question.current; ++i) {
    if (IsUser(messages[i]) && !IsSmallTalk(messages[i].content)) first = i;
  }
  if (first == question.current) return NoEarlierQuestion(out);
  // A session's turn carries only its most recent history: say so when older turns are missing.
  const bool complete =
      question.previous.turns == 0 ||
      EarlierQuestions(question) >= static_cast<std::size_t>(question.previous.turns);
  out.append(complete ? "Your first question was: " : "The earliest question I still have is: ");
  AppendQuote(out, messages[first].content);
  question.personalised = true;
}

void RecallLast(Question& question, std::string& out) {
  const auto& messages = question.request.messages;
  for (std::size_t i = question.current; i-- > 0;) {
    if (!IsUser(messages[i])) continue;
    out.append("You just asked: ");
    AppendQuote(out, messages[i].content);
    question.personalised = true;
    return;
  }
  NoEarlierQuestion(out);
}

// The part of the trip a "what did I say about …?" question is about.
enum class Topic { kNone, kBudget, kDates, kParty, kOrigin, kCabin, kDestination };

struct TopicWord {
  std::string_view word;
  Topic topic;
};
// In priority order: "where did I say I was flying from?" is about the origin.
constexpr TopicWord kTopicWords[] = {
    {"budget", Topic::kBudget},     {"spend", Topic::kBudget},
    {"afford", Topic::kBudget},     {"money", Topic::kBudget},
    {"when", Topic::kDates},        {"dates", Topic::kDates},
    {"date", Topic::kDates},        {"month", Topic::kDates},
    {"who", Topic::kParty},         {"people", Topic::kParty},
    {"kids", Topic::kParty},        {"adults", Topic::kParty},
    {"travelling", Topic::kParty},  {"traveling", Topic::kParty},
    {"from", Topic::kOrigin},       {"leaving", Topic::kOrigin},
    {"cabin", Topic::kCabin},       {"class", Topic::kCabin},
    {"where", Topic::kDestination}, {"go", Topic::kDestination},
    {"going", Topic::kDestination}, {"destination", Topic::kDestination},
    {"visit", Topic::kDestination},
};

Topic TopicOf(const Tokens& tokens) {
  for (const TopicWord& t : kTopicWords) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (tokens.text(i) == t.word) return t.topic;
    }
  }
  return Topic::kNone;
}

bool States(const Slots& s, Topic topic) {
  switch (topic) {
    case Topic::kBudget: return s.HasBudget();
    case Topic::kDates: return s.HasDates();
    case Topic::kParty: return s.HasParty();
    case Topic::kOrigin: return s.origin != nullptr;
    case Topic::kCabin: return s.cabin != Cabin::kNone;
    case Topic::kDestination: return s.destination != nullptr;
    case Topic::kNone: break;
  }
  return false;
}

std::string_view NotYet(Topic topic) {
  switch (topic) {
    case Topic::kBudget: return "a budget";
    case Topic::kDates: return "your travel dates";
    case Topic::kParty: return "who's travelling";
    case Topic::kOrigin: return "where you're flying from";
    case Topic::kCabin: return "a cabin";
    case Topic::kDestination: return "where you want to go";
    case Topic::kNone: break;
  }
  return "that";
}

// The word a "what did I say about my dog?" asks about: the first after "about" that is not
// "my", "the" …; "" when there is none.
std::string_view WordAbout(const Tokens& tokens) {
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens.text(i) != "about") continue;
    for (std::size_t k = i + 1; k < tokens.size(); ++k) {
      std::string_view w = tokens.text(k);
      if (w != "my" && w != "the" && w != "our" && w != "a" && w != "an" && w.size() > 1) return w;
    }
  }
  return {};
}

// A word that names one of the traveller's profile values, the words that say one, and its key:
// "what did I say about my diet?" finds "we're both vegetarian".
struct ValueWords {
  std::string_view noun;
  std::string_view key;
  std::initializer_list<std::string_view> values;
};
const ValueWords kValueWords[] = {
    {"diet", "diet", {"vegetarian", "vegan", "gluten", "kosher", "halal", "allergy", "allergic", "pescatarian"}},
    {"seat", "seat", {"aisle", "window"}},
    {"status", "loyalty_tier", {"silver", "gold", "platinum", "diamond"}},
    {"tier", "loyalty_tier", {"silver", "gold", "platinum", "diamond"}},
    {"layovers", "stops", {"nonstop", "layover", "connections", "direct"}},
    {"kids", "kids_ages", {"son", "daughter", "children", "kid"}},
};

const ValueWords* ValueWordsOf(std::string_view word) {
  for (const ValueWords& v : kValueWords) {
    if (v.noun == word) return &v;
  }
  return nullptr;
}

bool Mentions(std::string_view message, std::string_view word) {
  Tokens tokens(message);
  const ValueWords* values = ValueWordsOf(word);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string_view w = tokens.text(i);
    if (w == word || (w.size() == word.size() + 1 && w.starts_with(word) && w.back() == 's')) {
      return true;
    }
    if (values != nullptr && std::find(values->values.begin(), values->values.end(), w) != values->values.end()) {
      return true;
    }
  }
  return false;
}

// "what did I say about my dog?": the latest earlier message with that word.
void RecallWord(Question& question, std::string_view word, std::string& out) {
  const auto& messages = question.request.messages;
  for (std::size_t i = question.current; i-- > 0;) {
    if (!IsUser(messages[i]) || !Mentions(messages[i].content, word)) continue;
    out.append("You said: ");
    AppendQuote(out, messages[i].content);
    question.personalised = true;
    return;
  }
  out.append("You haven't mentioned \"");
  AppendClipped(out, word, 40);
  out.append("\" yet in this conversation.");
  // In a new session, what an earlier one left: "From before: Your diet: vegetarian (…)."
  std::string known;
  if (const ValueWords* values = ValueWordsOf(word); values != nullptr && AppendKnownValue(question, values->key, known)) {
    out.append(" From before: ").append(known);
  }
}

// "where did I say I wanted to go?": the latest earlier message that stated that part of the
// trip (a later correction wins), and what the session holds now.
void RecallSaid(Question& question, std::string& out) {
  const Topic topic = TopicOf(question.tokens);
  if (topic == Topic::kNone) {
    std::string_view word = WordAbout(question.tokens);
    return word.empty() ? RecallLast(question, out) : RecallWord(question, word, out);
  }
  const auto& messages = question.request.messages;
  std::size_t found = question.current;
  for (std::size_t i = question.current; i-- > 0 && found == question.current;) {
    if (!IsUser(messages[i])) continue;
    Tokens tokens(messages[i].content);
    if (States(ExtractSlots(tokens), topic)) found = i;
  }
  std::string summary;
  const bool has_trip = States(question.slots, topic) && AppendTripSummary(question, summary);
  if (found == question.current && !has_trip) {
    out.append("You haven't told me ").append(NotYet(topic)).append(" yet in this conversation.");
    // "what did I say about my budget?" in a new session: what an earlier one left.
    const std::string_view key = topic == Topic::kBudget ? "budget_usd"
                                 : topic == Topic::kOrigin ? "home_airport"
                                 : topic == Topic::kCabin  ? "cabin"
                                                           : "";
    std::string known;
    if (!key.empty() && AppendKnownValue(question, key, known)) out.append(" From before: ").append(known);
    return;
  }
  question.personalised = true;
  if (found != question.current) {
    out.append("You said: ");
    AppendQuote(out, messages[found].content);
    if (has_trip) out.append("\nSo I'm keeping track of ").append(summary).append(".");
  } else {  // said before the turns this one loads: the session's slots still hold it
    out.append("I no longer have the message itself, but I'm keeping track of ")
        .append(summary)
        .append(".");
  }
}

void AppendTopics(const SessionState& state, std::string& out) {
  for (std::size_t k = 0; k < state.topic_count; ++k) {
    if (k > 0) out.append(k + 1 == state.topic_count ? " and " : ", ");
    for (char c : IntentName(state.topics[k])) out.push_back(c == '_' ? ' ' : c);
  }
}

void RecallConversation(Question& question, std::string& out) {
  constexpr std::size_t kShown = 5;
  std::array<std::size_t, kShown> recent{};
  std::size_t total = 0;
  for (std::size_t i = 0; i < question.current; ++i) {
    if (IsUser(question.request.messages[i])) recent[total++ % kShown] = i;
  }
  std::string summary;
  bool has_trip = AppendTripSummary(question, summary);
  const auto& episodes = question.request.context.episodes;
  if (total == 0 && question.previous.topic_count == 0 && !has_trip && !episodes.empty()) {
    // A new session: "what did we talk about before?" is about the earlier ones.
    question.personalised = true;
    out.append("Before this conversation we talked about:");
    for (const std::string& e : episodes) out.append("\n• ").append(e);
    return;
  }
  if (total == 0 && question.previous.topic_count == 0 && !has_trip) {
    out.append("We haven't talked about anything yet. Ask me about ");
    AppendCapabilities(out);
    out.append(".");
    return;
  }
  question.personalised = true;
  if (total > 0) {
    out.append(total > kShown ? "Your most recent questions:" : "So far you've asked:");
    std::size_t shown = std::min(total, kShown);
    for (std::size_t k = total - shown; k < total; ++k) {
      out.append("\n• ");
      AppendQuote(out, question.request.messages[recent[k % kShown]].content);
    }
  } else if (question.previous.topic_count > 0) {
    out.append("Earlier in this session we covered ");
    AppendTopics(question.previous, out);
    out.append(".");
  }
  if (has_trip) out.append("\nI'm keeping track of ").append(summary).append(".");
}

}  // namespace

void AnswerRecall(Question& question, std::string& out) {
  switch (question.intent) {
    case Intent::kRecallFirst: return RecallFirst(question, out);
    case Intent::kRecallLast: return RecallLast(question, out);
    case Intent::kRecallSaid: return RecallSaid(question, out);
    case Intent::kRecallConversation: return RecallConversation(question, out);
    default: return AnswerConversation(question, out);
  }
}

}  // namespace contrail::flightly::offline
