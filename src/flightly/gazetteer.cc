#include "flightly/gazetteer.h"

#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/text.h"
#include "places/names.h"

namespace contrail::flightly {
namespace {

struct NameEntry {
  const Place* place = nullptr;
  std::string_view label;
  std::uint8_t flags = 0;  // places::kUpperOnly, places::kCapitalized
};


// The lookup structures, built once from the place table's destinations and the names that match.
class Gazetteer {
 public:
  Gazetteer() {
    for (const places::Airport& airport : places::Airports()) {
      if (airport.flags & places::kDestination) places_.push_back(airport);
    }
    for (const Place& place : places_) {
      codes_.emplace(Own(core::AsciiLower(place.code)), &place);
      std::string_view name = Own(Normalise(place.city));
      std::uint8_t flags = (place.flags & places::kCapitalizedCity) ? places::kCapitalized : 0;
      if (!names_.Find(name)) names_.Add(name, NameEntry{&place, {}, flags});
    }
    for (const places::PlaceName& name : places::PlaceNames()) AddName(name);
  }

  std::span<const Place> places() const { return places_; }
  const PhraseTable<NameEntry>& names() const { return names_; }
  const Place* FindCode(std::string_view lowercase_code) const {
    auto it = codes_.find(lowercase_code);
    return it == codes_.end() ? nullptr : it->second;
  }
  std::string_view Label(std::string_view label) const {
    auto it = labels_.find(label);
    return it == labels_.end() ? std::string_view() : *it;
  }

 private:
  void AddName(const places::PlaceName& name) {
    if (name.flags & places::kMentionOnly) return;
    const places::Airport* airport = places::DestinationOf(name.place);
    if (airport == nullptr) return;
    const Place* place = FindCode(core::AsciiLower(airport->code));
    // A name refines its own city's entry ("nice" needs a capital N) but never takes a name from
    // another place.
    NameEntry& entry = names_.Upsert(Own(Normalise(name.name)));
    if (entry.place != nullptr && entry.place != place) return;
    entry = NameEntry{
        place, name.label,
        static_cast<std::uint8_t>(name.flags & (places::kUpperOnly | places::kCapitalized))};
    if (!name.label.empty()) labels_.insert(name.label);
  }
  // Names are written for display ("St. Louis", "NYC"); match them as their tokens ("st louis").
  static std::string Normalise(std::string_view name) {
    Tokens tokens(name);
    char buf[96];
    return std::string(JoinTokens(tokens, 0, tokens.size(), buf, sizeof(buf)));
  }
  std::string_view Own(std::string s) { return owned_.emplace_back(std::move(s)); }

  std::vector<Place> places_;      // the destinations, in table order; never changes after this
  std::deque<std::string> owned_;  // deque: stable addresses for the views in the maps below
  PhraseTable<NameEntry> names_;
  std::unordered_map<std::string_view, const Place*> codes_;  // by lowercase code
  std::unordered_set<std::string_view> labels_;
};

const Gazetteer& TheGazetteer() {
  static const Gazetteer gazetteer;
  return gazetteer;
}

bool Accepts(std::uint8_t flags, const Token& token, std::size_t i) {
  if ((flags & places::kUpperOnly) && !token.upper) return false;
  if (flags & places::kCapitalized) {
    bool sentence_start =
        i == 0 || token.separator == '.' || token.separator == '!' || token.separator == '?';
    if (!token.capital || sentence_start) return false;
  }
  return true;
}

}  // namespace

PlaceMatch MatchPlace(const Tokens& tokens, std::size_t i) {
  if (i >= tokens.size()) return {};
  const Gazetteer& gazetteer = TheGazetteer();
  PlaceMatch match;
  gazetteer.names().ForEach(tokens, i, [&](const NameEntry& entry, std::size_t words) {
    if (match.place == nullptr && Accepts(entry.flags, tokens[i], i)) {
      match = {entry.place, entry.label, words};
    }
  });
  if (match.place != nullptr) return match;
  std::string_view word = tokens.text(i);
  if (word.size() != 3) return {};
  const Place* place = gazetteer.FindCode(word);
  if (place == nullptr) return {};
  // A code that is also a common word ("sea") is a place only when written in capitals, or
  // right before "airport" ("den airport to downtown").
  const bool word_like = (place->flags & places::kCodeIsWordWhenMatching) != 0;
  if (word_like && !tokens[i].upper && tokens.text(i + 1) != "airport") return {};
  return {place, {}, 1};
}

const Place* FindPlaceByCode(std::string_view code) {
  if (code.size() != 3) return nullptr;
  char lower[3];
  for (std::size_t k = 0; k < 3; ++k) {
    char c = code[k];
    lower[k] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return TheGazetteer().FindCode(std::string_view(lower, 3));
}

const Place* FindPlace(std::string_view name_or_code) {
  if (const Place* place = FindPlaceByCode(name_or_code)) return place;
  Tokens tokens(name_or_code);
  if (tokens.size() == 1 && tokens.text(0).size() == 3) {
    if (const Place* place = TheGazetteer().FindCode(tokens.text(0))) return place;
  }
  char buf[96];
  std::string_view name = JoinTokens(tokens, 0, tokens.size(), buf, sizeof(buf));
  if (name.empty()) return nullptr;
  const NameEntry* entry = TheGazetteer().names().Find(name);
  return entry ? entry->place : nullptr;
}

std::string_view CanonicalLabel(std::string_view label) { return TheGazetteer().Label(label); }

std::span<const Place> AllPlaces() { return TheGazetteer().places(); }

void AppendPlaceName(std::string& out, const Place& place, std::string_view label) {
  if (!label.empty() && label != place.city) {
    out.append(label).append(" (").append(place.city).append(", ");
  } else {
    out.append(place.city).append(" (");
  }
  out.append(place.code).append(")");
}

}  // namespace contrail::flightly
