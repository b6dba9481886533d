#include "flightly/booking_ask.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "core/text.h"

namespace contrail::flightly {

namespace {

// The message's words, lower-cased, with their original spelling beside them.
struct Word {
  std::string lower;
  std::string_view original;
};

std::vector<Word> Words(std::string_view text) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i])) && text[i] != '\'') ++i;
    const std::size_t start = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '\'')) ++i;
    if (i > start) words.push_back({core::AsciiLower(text.substr(start, i - start)), text.substr(start, i - start)});
  }
  return words;
}

bool Has(const std::vector<Word>& w, std::string_view word) {
  return std::any_of(w.begin(), w.end(), [&](const Word& x) { return x.lower == word; });
}

// Whether `phrase` (lower case, words separated by one space) occurs in the message's words.
bool HasPhrase(const std::vector<Word>& w, std::string_view phrase) {
  std::vector<std::string_view> parts;
  for (std::size_t from = 0; from <= phrase.size();) {
    const std::size_t space = std::min(phrase.find(' ', from), phrase.size());
    parts.push_back(phrase.substr(from, space - from));
    from = space + 1;
  }
  for (std::size_t i = 0; i + parts.size() <= w.size(); ++i) {
    bool all = true;
    for (std::size_t j = 0; j < parts.size() && all; ++j) all = w[i + j].lower == parts[j];
    if (all) return true;
  }
  return false;
}

bool HasAny(const std::vector<Word>& w, std::initializer_list<std::string_view> phrases) {
  return std::any_of(phrases.begin(), phrases.end(), [&](std::string_view p) { return HasPhrase(w, p); });
}

// A question about the rules rather than a request: "how do I book", "can I cancel", "what
// happens if I cancel", "should we book now", "is it cheaper to book on Tuesdays".
bool AsksAboutIt(const std::vector<Word>& w) {
  return HasAny(w, {"how", "when", "why", "should", "can i", "could i", "can we", "could we", "do i", "do we",
                    "what happens", "is it", "are there", "if i", "if we", "policy", "rules", "best time",
                    "before booking", "after booking", "allowed", "fee", "fees", "cost to", "deadline"});
}

// The verb's request forms: "book", "please book", "go ahead and book", "i want to book", "can you
// book" — the verb as the message's first word (after a courtesy) or after a wish or an ask.
bool Requests(const std::vector<Word>& w, std::string_view verb) {
  static constexpr std::array<std::string_view, 20> kBefore = {
      "please", "pls", "ok", "okay", "yes", "great", "perfect", "now", "then", "so", "and", "just", "go", "ahead",
      "lets", "let's", "kindly", "alright", "right", "sure"};
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i].lower != verb) continue;
    if (i == 0) return true;
    const std::string& prev = w[i - 1].lower;
    if (std::find(kBefore.begin(), kBefore.end(), prev) != kBefore.end()) return true;
    if (prev == "to" && i >= 2) {
      const std::string& wish = w[i - 2].lower;
      if (wish == "want" || wish == "like" || wish == "need" || wish == "wanna" || wish == "ready") return true;
    }
    if (prev == "you" && i >= 2 && (w[i - 2].lower == "can" || w[i - 2].lower == "could" || w[i - 2].lower == "will")) {
      return true;
    }
    if (prev == "and" || prev == "please") return true;
  }
  return false;
}

std::string Insurance(const std::vector<Word>& w) {
  const bool mentioned = HasAny(w, {"insurance", "insured", "insure", "protection", "cover"});
  if (HasAny(w, {"no insurance", "without insurance", "no travel insurance", "without travel insurance",
                 "skip the insurance", "skip insurance", "don't need insurance", "no cover"})) {
    return "none";
  }
  if (Has(w, "premier") || Has(w, "premium")) return "premier";
  if (Has(w, "essential") || Has(w, "basic")) return mentioned ? "essential" : "";
  if ((Has(w, "plus") || Has(w, "standard")) && mentioned) return "plus";
  return mentioned ? "plus" : "";
}

}  // namespace

std::string AsBookingReference(std::string_view word, bool named) {
  if (word.size() != 6) return "";
  bool digit = false, letter = false;
  std::string out;
  for (char c : word) {
    const char up = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (up >= '2' && up <= '9') {
      digit = true;
    } else if (up >= 'A' && up <= 'Z' && up != 'I' && up != 'O' && (named || c == up)) {
      letter = true;
    } else {
      return "";
    }
    out += up;
  }
  // Named, any six of the alphabet (a reference may have no digit); unnamed, a word of both kinds.
  return letter && (digit || named) ? out : "";
}

BookingAsk ReadBookingAsk(std::string_view message) {
  const std::vector<Word> w = Words(message);
  BookingAsk ask;
  for (std::size_t i = 0; i < w.size() && ask.reference.empty(); ++i) {
    const bool named = i > 0 && (w[i - 1].lower == "booking" || w[i - 1].lower == "reference" ||
                                 w[i - 1].lower == "ref" || w[i - 1].lower == "pnr" || w[i - 1].lower == "reservation");
    ask.reference = AsBookingReference(w[i].original, named);
  }
  ask.insurance = Insurance(w);
  const bool about = AsksAboutIt(w);
  const bool booking_word = HasAny(w, {"booking", "bookings", "reservation", "reservations", "trip", "flight"}) ||
                            !ask.reference.empty();
  if (!about && Requests(w, "cancel") && booking_word) {
    ask.action = BookingAction::kCancel;
  } else if (!about && Requests(w, "pay") && !ask.reference.empty()) {
    ask.action = BookingAction::kPay;
  } else if (!about && (Requests(w, "book") || Requests(w, "reserve") || HasAny(w, {"book it", "book that",
                                                                                       "book this", "book us",
                                                                                       "book me"}))) {
    ask.action = BookingAction::kBook;
  } else if (!about && HasAny(w, {"my bookings", "my booking", "my reservations", "my reservation", "my trips",
                        "what have i booked", "what did i book", "booking status"}) &&
             !Requests(w, "change")) {
    ask.action = BookingAction::kList;
  }
  return ask;
}

}  // namespace contrail::flightly
