#include "flightly/profile_questions.h"

#include <array>

namespace contrail::flightly {
namespace {

struct SlotWords {
  std::string_view phrase;  // one or two tokens
  std::string_view slot;
};

// Longer phrases first: "home airport" before "airport".
constexpr std::array kSlotWords = {
    SlotWords{"home airport", "home_airport"}, SlotWords{"seat preference", "seat"},
    SlotWords{"hotel budget", "hotel_budget_usd"},
    SlotWords{"travel with", "adults"},        SlotWords{"fly with", "adults"},
    SlotWords{"fly from", "home_airport"},     SlotWords{"fly out", "home_airport"},
    SlotWords{"flight status", ""},            SlotWords{"booking", ""},
    SlotWords{"airport", "home_airport"},      SlotWords{"hometown", "home_airport"},
    SlotWords{"live", "home_airport"},         SlotWords{"kids", "kids_ages"},
    SlotWords{"kid", "kids_ages"},             SlotWords{"children", "kids_ages"},
    SlotWords{"child", "kids_ages"},           SlotWords{"son", "kids_ages"},
    SlotWords{"daughter", "kids_ages"},        SlotWords{"sons", "kids_ages"},
    SlotWords{"daughters", "kids_ages"},       SlotWords{"family", "adults"},
    SlotWords{"party", "adults"},              SlotWords{"budget", "budget_usd"},
    SlotWords{"seat", "seat"},                 SlotWords{"seats", "seat"},
    SlotWords{"name", "name"},                 SlotWords{"airline", "avoid_airlines"},
    SlotWords{"airlines", "avoid_airlines"},   SlotWords{"carriers", "avoid_airlines"},
    SlotWords{"diet", "diet"},                 SlotWords{"dietary", "diet"},
    SlotWords{"allergy", "diet"},              SlotWords{"allergies", "diet"},
    SlotWords{"interests", "interests"},       SlotWords{"hobbies", "interests"},
    SlotWords{"status", "loyalty_tier"},       SlotWords{"tier", "loyalty_tier"},
    SlotWords{"membership", "loyalty_tier"},   SlotWords{"cabin", "cabin"},
    SlotWords{"class", "cabin"},               SlotWords{"email", "email"},
    SlotWords{"layovers", "stops"},            SlotWords{"connections", "stops"},
    SlotWords{"stops", "stops"},
};

// The slot the phrase at token i names, with its length in tokens; {"", 0} when none does. A
// phrase with an empty slot ("booking") is a thing of the traveller's that no profile holds.
std::pair<std::string_view, std::size_t> SlotAt(const Tokens& tokens, std::size_t i) {
  for (const SlotWords& w : kSlotWords) {
    const std::size_t space = w.phrase.find(' ');
    if (space == std::string_view::npos) {
      if (tokens.text(i) == w.phrase) return {w.slot, 1};
    } else if (tokens.text(i) == w.phrase.substr(0, space) && tokens.text(i + 1) == w.phrase.substr(space + 1)) {
      return {w.slot, 2};
    }
  }
  return {"", 0};
}

bool IsAny(std::string_view word, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (word == w) return true;
  }
  return false;
}

// The first slot named in tokens [from, from + span), and the index after its phrase.
std::pair<std::string_view, std::size_t> SlotIn(const Tokens& tokens, std::size_t from, std::size_t span) {
  for (std::size_t i = from; i < tokens.size() && i < from + span; ++i) {
    auto [slot, length] = SlotAt(tokens, i);
    if (length > 0) return {slot, i + length};
  }
  return {"", 0};
}

// "what's my budget again?", "… on file?", "… in my profile": nothing more is asked after it.
bool OnlyFillerFrom(const Tokens& tokens, std::size_t from) {
  for (std::size_t i = from; i < tokens.size(); ++i) {
    if (!IsAny(tokens.text(i), {"again", "now", "please", "pls", "then", "currently", "on", "file", "in", "your",
                                "my", "records", "record", "system", "profile", "you", "have", "saved", "set",
                                "as", "for", "me", "ages", "age", "preference", "preferences", "at", "the", "moment",
                                "tier", "level", "that", "i", "gave", "told", "said", "mentioned", "with", "us"})) {
      return false;
    }
  }
  return true;
}

constexpr std::size_t kNotAsked = static_cast<std::size_t>(-1);

// Where the traveller's own value is asked for: the index of the token after the asking words, or
// kNotAsked when the message is not put that way.
std::size_t AfterAskingWords(const Tokens& tokens) {
  std::size_t i = 0;
  // "hey, …", "ok so …", "and …": openers are skipped.
  while (IsAny(tokens.text(i), {"hey", "hi", "ok", "okay", "so", "and", "also", "quick", "question", "btw", "um"})) ++i;
  const std::string_view w = tokens.text(i), next = tokens.text(i + 1);
  // "what's my …", "what is my …", "what are my …", "which is my …", "whats my …"
  if (IsAny(w, {"whats", "whos", "wheres"}) && next == "my") return i + 2;
  if (IsAny(w, {"what", "which", "who", "where"}) && IsAny(next, {"is", "are", "was", "were", "s"}) &&
      tokens.text(i + 2) == "my") {
    return i + 3;
  }
  // "how old are my kids?", "how old is my son?"
  if (w == "how" && next == "old" && IsAny(tokens.text(i + 2), {"are", "is"}) && tokens.text(i + 3) == "my") {
    return i + 4;
  }
  // "do you know/remember/have my …", "do you remember which seat I like?", "can you remind me …",
  // "what do you remember about my diet?"
  std::size_t j = i;
  if (w == "what" && IsAny(next, {"do", "did"}) && tokens.text(i + 2) == "you") j += 1;
  if (IsAny(tokens.text(j), {"do", "did", "can", "could"}) && tokens.text(j + 1) == "you") j += 2;
  if (IsAny(tokens.text(j), {"know", "remember", "recall", "have", "remind"})) {
    std::size_t k = j + 1;
    if (tokens.text(j) == "remind" && tokens.text(k) == "me") ++k;
    if (IsAny(tokens.text(k), {"of", "about", "on"})) ++k;
    if (tokens.text(k) == "my") return k + 1;
    if (IsAny(tokens.text(k), {"what", "which", "who", "where", "how"})) return k;
    return kNotAsked;
  }
  // "what seat do I prefer?", "which airlines did I say to avoid?", "what budget did I give you?",
  // "who do I usually travel with?", "where do I live?"
  if (IsAny(w, {"what", "which", "who", "where"})) return i;
  return kNotAsked;
}

// After "what/which/who/where": "[SLOT] do/did I …" or "[SLOT] I …" — a verb of the traveller's
// own saying or liking ("which seat I like", "what budget I gave you") — or "[SLOT] do you have
// (for me / on file)".
bool AsksWhatISaid(const Tokens& tokens, std::size_t from) {
  for (std::size_t i = from; i < tokens.size() && i < from + 5; ++i) {
    if (tokens.text(i) == "do" && tokens.text(i + 1) == "you" && IsAny(tokens.text(i + 2), {"have", "know"})) {
      return IsAny(tokens.text(i + 3), {"for", "on", "of", ""});
    }
    if (tokens.text(i) != "i") continue;
    std::size_t v = i + 1;
    if (IsAny(tokens.text(v), {"usually", "normally", "always"})) ++v;
    // "what did I say about my budget?" quotes the conversation (a recall of what was said).
    if (tokens.text(v + 1) == "about" || (tokens.text(v + 1) == "you" && tokens.text(v + 2) == "about")) return false;
    return IsAny(tokens.text(v), {"prefer", "like", "say", "said", "tell", "told", "give", "gave", "mention",
                                  "mentioned", "travel", "fly", "live", "avoid", "eat", "hate"});
  }
  return false;
}

}  // namespace

std::string_view AskedProfileSlot(const Tokens& tokens) {
  if (tokens.size() < 2 || tokens.size() > 14) return "";
  const std::size_t after = AfterAskingWords(tokens);
  if (after == kNotAsked) return "";
  const bool own = after > 0 && tokens.text(after - 1) == "my";
  if (!own && !AsksWhatISaid(tokens, after)) return "";
  // The slot comes right after "my" ("my home airport", "my kids"), or among the next few words
  // ("which seat I like", "who do I usually travel with").
  const auto [slot, end] = SlotIn(tokens, after, own ? 2 : 7);
  if (own && !OnlyFillerFrom(tokens, end)) return "";  // "what are my kids allowed to bring?"
  return slot;
}

}  // namespace contrail::flightly
