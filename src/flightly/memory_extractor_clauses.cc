// How the memory extractor reads a message: sentences, clauses, and how each clause is said.
#include <algorithm>
#include <cctype>
#include <array>

#include "core/text.h"
#include "flightly/memory_extractor_rules.h"

namespace contrail::flightly::memory_rules {
namespace {

using Words = std::span<const std::string_view>;

// Words that open a clause after a comma ("Hi, I'm Dana", "I'm a gold member, do I get …").
constexpr std::string_view kClauseStarters[] = {
    "but", "so",    "i",     "im",   "ive",  "id",   "ill",   "we",   "were",   "weve",  "wed",
    "my",  "our",   "you",   "can",  "could", "do",  "does",  "did",  "is",     "are",   "what",
    "whats", "how", "hows",  "which", "where", "when", "why", "should", "would", "will", "they",
    "theyre", "he", "she",   "hes",  "shes", "her",  "his",   "their", "its",   "it",    "please"};
// Words before what a clause says, skipped to find its subject.
constexpr std::string_view kOpeners[] = {
    "ok", "okay", "oh", "hi", "hey", "hello", "hiya", "hmm", "um", "ugh", "well", "so", "and", "but",
    "also", "btw", "anyway", "yes", "yeah", "actually", "then", "though", "please", "just", "plus",
    "fyi", "ps", "sorry", "realistically", "honestly", "basically", "thanks", "there"};
constexpr std::string_view kGreetings[] = {"hi", "hey", "hello", "hiya", "howdy", "greetings", "morning"};
constexpr std::string_view kQuestionWords[] = {
    "what", "whats", "which", "who", "whos", "whose", "where", "wheres", "when", "whens", "why",
    "how", "hows", "is", "isnt", "are", "arent", "do", "does", "doesnt", "did", "didnt", "should",
    "shall", "may", "might", "any", "anything", "have", "has", "hasnt", "havent", "was", "am"};
constexpr std::string_view kAsking[] = {"can", "could", "would", "will"};  // a request before "you"
constexpr std::string_view kOthers[] = {"he", "she", "they", "her", "his", "their", "hes", "shes",
                                        "theyre", "theyve", "theyll", "someone", "somebody"};
constexpr std::string_view kPartners[] = {"wife", "husband", "partner", "spouse", "fiance", "fiancee", "fiancé",
                                          "fiancée", "girlfriend", "boyfriend", "hubby"};
constexpr std::string_view kRelations[] = {
    "friend", "friends", "sister", "sisters", "brother", "brothers", "wifes", "husbands",
    "partners", "mom", "moms", "mum", "mums", "mother", "mothers", "dad", "dads", "father",
    "fathers", "parents", "boss", "bosses", "colleague", "colleagues", "coworker", "coworkers",
    "cousin", "cousins", "aunt", "uncle", "neighbor", "neighbors", "neighbour", "neighbours",
    "grandma", "grandpa", "grandmother", "grandfather", "in-laws", "inlaws"};
constexpr std::string_view kChildren[] = {
    "kid", "kids", "son", "sons", "daughter", "daughters", "child", "children", "boy", "boys",
    "girl", "girls", "baby", "toddler", "teen", "teens", "teenager", "teenagers", "little",
    "grandkids", "grandchildren", "family"};
constexpr std::string_view kNegations[] = {
    "not", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "cant", "cannot",
    "couldnt", "wouldnt", "shouldnt", "never", "no", "nor", "without", "hate", "hates", "dislike",
    "dislikes"};
constexpr std::string_view kCorrections[] = {"actually", "instead", "anymore", "changed", "change",
                                             "update", "updated", "correction", "switched", "moved",
                                             "longer", "now"};

// A sentence ends at "!", "?", ";", a new line, or a dot before a space or the end (not inside
// "dana@example.com" or "$1.50").
bool SentenceEnd(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == '!' || c == '?' || c == ';' || c == '\n') return true;
  return c == '.' && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n');
}

// The word at or after text[i] (spaces skipped) in lowercase without apostrophes, as Tokens
// writes it; *end is where it ends.
std::string WordAt(std::string_view text, std::size_t i, std::size_t* end = nullptr) {
  while (i < text.size() && text[i] == ' ') ++i;
  std::string word;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'') continue;
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!letter && static_cast<unsigned char>(c) < 0x80) break;  // other bytes belong to words ("fiancée")
    word.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (end) *end = i;
  return word;
}

// Whether a clause starts at the word after the comma at sentence[i].
bool StartsClause(std::string_view sentence, std::size_t i) {
  std::size_t end = 0;
  std::string next = WordAt(sentence, i + 1, &end);
  if (next == "and") {  // ", and I …", ", and our budget …"
    next = WordAt(sentence, end);
    return next == "i" || next == "we" || next == "my" || next == "our";
  }
  if (next == "my" || next == "our") {  // "me, my husband and our two kids": the party, listed
    const std::string noun = WordAt(sentence, end);
    if (In(noun, kPartners) || In(noun, kChildren)) return false;
  }
  return In(next, kClauseStarters);
}

// Where the sentence's clauses start: after a comma before a clause starter, and at " but ".
// At sentence[i]: " and I'm …", " and I've …", " and we're …", " and I am …" — a second thing the
// traveller says of themselves ("I hate long layovers and I'm vegetarian": the dislike is not the
// diet's). " and I …" alone stays: "my wife and I" is one subject.
bool AndThenSelf(std::string_view sentence, std::size_t i) {
  if (sentence.size() < i + 5 || core::AsciiLower(sentence.substr(i, 5)) != " and ") return false;
  std::string next;
  for (std::size_t k = i + 5; k < sentence.size() && next.size() < 6; ++k) {
    const unsigned char c = static_cast<unsigned char>(sentence[k]);
    if (std::isalpha(c)) next += static_cast<char>(std::tolower(c));
    else if (c == '\'' || c >= 0x80) continue;  // straight or curly apostrophe
    else if (c == ' ' && next == "i") next += ' ';
    else break;
  }
  return next == "im" || next == "ive" || next == "were" || next == "i am";
}

std::vector<std::size_t> ClauseStarts(std::string_view sentence) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < sentence.size(); ++i) {
    if (sentence[i] == ',' && StartsClause(sentence, i)) {
      starts.push_back(i + 1);
    } else if (i > 0 && sentence[i - 1] != ',' && AndThenSelf(sentence, i)) {
      starts.push_back(i + 1);
    } else if (sentence.compare(i, 5, " but ") == 0 && i > 0 && sentence[i - 1] != ',') {
      starts.push_back(i + 1);
    }
  }
  return starts;
}

std::size_t SkipOpeners(const Tokens& t) {
  std::size_t i = 0;
  while (i + 1 < t.size()) {
    if (At(t, i, "by the way")) {
      i += 3;
    } else if (At(t, i, "good morning") || At(t, i, "good afternoon") || At(t, i, "good evening")) {
      i += 2;
    } else if (In(t.text(i), kOpeners) || (In(t.text(i), kGreetings))) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

// "can you …", "could you …", "please …": asks for something to be done, which is no question.
bool StartsRequest(const Tokens& t, std::size_t i) {
  return (In(t.text(i), kAsking) && t.text(i + 1) == "you") || t.text(i) == "please";
}

bool StartsQuestion(const Tokens& t, std::size_t i) {
  const std::string_view w = t.text(i);
  if (In(w, kAsking)) return t.text(i + 1) != "you";
  return In(w, kQuestionWords);
}

Voice VoiceOf(const Tokens& t, std::size_t i) {
  const std::string_view w = t.text(i);
  if (In(w, kOthers) || In(w, kRelations)) return Voice::kOther;
  if (w == "the" && In(t.text(i + 1), kChildren)) return Voice::kParty;
  if (w != "my" && w != "our") return Voice::kSelf;
  const std::string_view noun = t.text(i + 1);
  if (In(noun, kPartners)) {
    const bool with_me = At(t, i + 2, "and i") || At(t, i + 2, "and me") || At(t, i + 2, "n i") ||
                         (t.text(i + 2) == "i" && t[i + 2].separator == '&');
    return with_me ? Voice::kSelf : Voice::kOther;
  }
  if (In(noun, kRelations)) return Voice::kOther;
  return In(noun, kChildren) ? Voice::kParty : Voice::kSelf;
}

bool SaysCorrection(const Tokens& t) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (At(t, i, "make it") || At(t, i, "make that") || At(t, i, "scratch that") ||
        At(t, i, "second thought")) {
      return true;
    }
    if (!In(t.text(i), kCorrections)) continue;
    if (t.text(i) == "now" && (t.text(i - 1) == "right" || t.text(i - 1) == "for")) continue;
    if (t.text(i) == "longer" && t.text(i - 1) != "no") continue;
    return true;
  }
  return false;
}

// Adds the clauses of one sentence (text[start, end)) to out.
void AddSentence(std::string_view text, std::size_t start, std::size_t end, std::deque<Clause>& out) {
  const std::string_view sentence = text.substr(start, end - start);
  std::size_t last = sentence.find_last_not_of(" \n\t");
  const bool asks = last != std::string_view::npos && sentence[last] == '?';
  const std::vector<std::size_t> starts = ClauseStarts(sentence);
  const std::size_t first = out.size();
  bool correction = false;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::size_t to = k + 1 < starts.size() ? starts[k + 1] : sentence.size();
    Clause& c = out.emplace_back(sentence.substr(starts[k], to - starts[k]), start + starts[k]);
    const Tokens& t = c.tokens;
    c.begin = SkipOpeners(t);
    c.greeting = t.size() > 0 && (In(t.text(0), kGreetings) || t.text(0) == "good");
    const bool subject = IsSelfWord(t.text(c.begin)) || VoiceOf(t, c.begin) == Voice::kParty;
    const bool request = StartsRequest(t, c.begin) || (c.begin > 0 && t.text(c.begin - 1) == "please");
    c.question = StartsQuestion(t, c.begin) || (asks && k + 1 == starts.size() && !subject && !request);
    c.voice = VoiceOf(t, c.begin);
    correction = correction || SaysCorrection(t) || ExtractSlots(t).correction;
  }
  for (std::size_t k = first; k < out.size(); ++k) out[k].correction = correction;
}

}  // namespace

std::deque<Clause> SplitClauses(std::string_view message) {
  if (message.size() > Tokens::kMaxBytes) message = message.substr(0, Tokens::kMaxBytes);
  std::deque<Clause> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= message.size(); ++i) {
    if (i < message.size() && !SentenceEnd(message, i)) continue;
    const std::size_t end = std::min(i + 1, message.size());
    if (end > start) AddSentence(message, start, end, out);
    start = end;
  }
  // The message starts with its first clause that says more than a greeting ("Hi, I'm Dana").
  for (Clause& c : out) {
    c.message_start = true;
    if (c.begin < c.tokens.size() && !(c.greeting && c.begin + 1 >= c.tokens.size())) break;
  }
  return out;
}

bool At(const Tokens& tokens, std::size_t i, std::string_view phrase) {
  while (!phrase.empty()) {
    const std::size_t space = phrase.find(' ');
    if (tokens.text(i) != phrase.substr(0, space) || i >= tokens.size()) return false;
    if (space == std::string_view::npos) break;
    phrase.remove_prefix(space + 1);
    ++i;
  }
  return true;
}

std::size_t FindAny(const Tokens& tokens, std::span<const std::string_view> words, std::size_t from) {
  for (std::size_t i = from; i < tokens.size(); ++i) {
    if (In(tokens.text(i), words)) return i;
  }
  return tokens.size();
}

bool NegatedBefore(const Clause& clause, std::size_t i) {
  for (std::size_t k = clause.begin; k < i && k < clause.tokens.size(); ++k) {
    if (In(clause.tokens.text(k), kNegations)) return true;
  }
  return false;
}

bool OtherBefore(const Clause& clause, std::size_t i) {
  const Tokens& t = clause.tokens;
  for (std::size_t k = 0; k < i && k < t.size(); ++k) {
    // "my kids are 7 and 10 and they love snorkeling": the children said before.
    const bool children = clause.voice == Voice::kParty && (t.text(k) == "they" || t.text(k) == "their");
    if ((In(t.text(k), kOthers) && !children) || In(t.text(k), kRelations)) return true;
  }
  return false;
}

Voice SubjectOf(const Clause& clause, std::size_t i) {
  const Tokens& t = clause.tokens;
  for (std::size_t k = std::min(i, t.size()); k-- > clause.begin;) {
    const std::string_view w = t.text(k);
    if (IsSelfWord(w) && w != "my" && w != "our") return Voice::kSelf;
    if (In(w, kPartners)) return PartnerBefore(clause, k + 1) ? Voice::kOther : Voice::kSelf;
    if (clause.voice == Voice::kParty && (w == "they" || w == "their")) return Voice::kParty;
    if (In(w, kOthers) || In(w, kRelations)) return Voice::kOther;
    if (ChildWord(w)) return Voice::kParty;
  }
  return clause.voice;
}

bool PartnerBefore(const Clause& clause, std::size_t i) {
  const Tokens& t = clause.tokens;
  for (std::size_t k = 0; k < i && k < t.size(); ++k) {
    if (!In(t.text(k), kPartners)) continue;
    const bool couple = At(t, k + 1, "and i") || At(t, k + 1, "and me") || At(t, k + 1, "n i") ||
                        At(t, k - 2, "me and") || (t.text(k + 1) == "i" && t[k + 1].separator == '&');
    if (!couple) return true;
  }
  return false;
}

bool ChildWord(std::string_view word) { return word != "family" && word != "little" && In(word, kChildren); }
bool PartnerWord(std::string_view word) { return In(word, kPartners); }

bool NotAName(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "a", "an", "the", "not", "so", "just", "also", "still", "really", "very", "here", "there",
      "back", "in", "on", "at", "from", "with", "going", "looking", "planning", "flying", "traveling",
      "travelling", "thinking", "trying", "interested", "sure", "fine", "ok", "okay", "good", "great",
      "happy", "sorry", "excited", "currently", "now", "always", "usually", "never", "based",
      "originally", "only", "new", "free", "done", "ready", "gold", "silver", "platinum", "diamond",
      "vegan", "vegetarian", "celiac", "coeliac", "pescatarian", "halal", "kosher", "american",
      "canadian", "british", "english", "australian", "mexican", "german", "french", "italian",
      "spanish", "indian", "chinese", "japanese", "korean", "jewish", "muslim", "christian",
      "catholic", "hindu", "married", "single", "retired", "me", "us", "it", "its", "that", "this",
      "afraid", "allergic", "lactose", "member", "hoping", "wondering", "curious", "home", "off",
      "out", "away", "about", "around", "flexible", "open", "tired", "stuck", "late", "early",
      "your", "you", "my", "our", "their", "his", "her", "nervous", "scared", "pregnant",
      "diabetic", "elite", "premier", "executive", "and", "but", "or", "if", "glad", "sick",
      "urgent", "important", "raining", "time", "about", "regarding", "re", "working", "broken",
      "been", "i", "we", "im", "to", "for", "by", "bringing", "taking", "coming", "leaving",
      "headed", "heading", "moving", "considering", "trying", "wanting", "hungry", "available"};
  return In(w, kWords);
}

}  // namespace contrail::flightly::memory_rules
