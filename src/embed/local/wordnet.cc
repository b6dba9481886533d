#include "embed/local/wordnet.h"

#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "embed/local/hash.h"

namespace contrail::embed {
namespace {

using local::Fnv;

core::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::NotFound("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Splits `line` at single spaces into at most `max` fields; returns how many it found.
std::size_t SplitFields(std::string_view line, std::string_view* fields, std::size_t max) {
  std::size_t n = 0;
  while (!line.empty() && n < max) {
    std::size_t space = line.find(' ');
    if (space != 0) fields[n++] = line.substr(0, space);
    if (space == std::string_view::npos) break;
    line.remove_prefix(space + 1);
  }
  return n;
}

std::uint32_t ParseOffset(std::string_view s) {
  std::uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return v;
}

bool IsSimpleLemma(std::string_view lemma) {
  for (char c : lemma) {
    if (!((c >= 'a' && c <= 'z') || c == '-')) return false;  // skips collocations ("a_cappella")
  }
  return !lemma.empty();
}

struct PendingLemma {
  std::uint64_t hash;
  WordNet::SynsetId ids[2];
  int size;
};

// One index file: "lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offset...",
// offsets ordered by frequency of the sense. The licence header lines start with spaces.
core::Status ParseIndex(std::string_view text, std::uint32_t pos, int senses_per_pos,
                        std::vector<PendingLemma>& pending,
                        std::unordered_map<WordNet::SynsetId, std::uint32_t>& lemmas_per_synset) {
  constexpr std::size_t kMaxFields = 128;
  std::string_view fields[kMaxFields];
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (line.empty() || line[0] == ' ') continue;
    std::size_t n = SplitFields(line, fields, kMaxFields);
    if (n < 6) return core::InvalidArgument("malformed WordNet index line");
    std::size_t synsets = ParseOffset(fields[2]);
    std::size_t first = 4 + ParseOffset(fields[3]) + 2;
    if (first + synsets > n) return core::InvalidArgument("malformed WordNet index line");
    for (std::size_t i = 0; i < synsets; ++i) {
      ++lemmas_per_synset[(pos << 24) | ParseOffset(fields[first + i])];
    }
    if (!IsSimpleLemma(fields[0])) continue;
    PendingLemma lemma{Fnv(fields[0]), {}, 0};
    for (std::size_t i = 0; i < synsets && lemma.size < senses_per_pos; ++i) {
      lemma.ids[lemma.size++] = (pos << 24) | ParseOffset(fields[first + i]);
    }
    pending.push_back(lemma);
  }
  return core::Ok();
}

}  // namespace

core::Result<WordNet> WordNet::Load(const std::string& dir, int senses_per_pos) {
  struct PosFiles {
    const char* name;
    std::uint32_t pos;
  };
  static constexpr PosFiles kParts[] = {{"noun", 1}, {"verb", 2}, {"adj", 3}};
  WordNet wn;
  std::vector<PendingLemma> pending;
  pending.reserve(160000);
  std::unordered_map<SynsetId, std::uint32_t> lemmas_per_synset;
  lemmas_per_synset.reserve(200000);
  for (const PosFiles& part : kParts) {
    CONTRAIL_TRY(std::string index, ReadFile(dir + "/index." + part.name));
    CONTRAIL_TRY_STATUS(ParseIndex(index, part.pos, senses_per_pos, pending, lemmas_per_synset));
    // Irregular forms: "form lemma [lemma...]"; the first lemma is enough for us.
    CONTRAIL_TRY(std::string exc, ReadFile(dir + "/" + part.name + ".exc"));
    std::string_view rest = exc;
    std::string_view fields[2];
    while (!rest.empty()) {
      std::size_t eol = rest.find('\n');
      std::string_view line = rest.substr(0, eol);
      rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
      if (SplitFields(line, fields, 2) == 2) {
        wn.irregular_.emplace(Fnv(fields[0]), Fnv(fields[1]));
      }
    }
  }
  wn.lemmas_.reserve(pending.size());
  for (const PendingLemma& lemma : pending) {
    SenseList& list = wn.lemmas_[lemma.hash];  // noun, verb and adjective senses
                                               // of one word merge
    for (int i = 0; i < lemma.size && list.size < kMaxSenses; ++i) {
      if (lemmas_per_synset[lemma.ids[i]] >= 2) list.ids[list.size++] = lemma.ids[i];
    }
  }
  std::erase_if(wn.lemmas_, [](const auto& entry) { return entry.second.size == 0; });
  return wn;
}

const WordNet::SenseList* WordNet::Find(std::string_view word) const {
  auto it = lemmas_.find(Fnv(word));
  return it == lemmas_.end() ? nullptr : &it->second;
}

std::span<const WordNet::SynsetId> WordNet::Senses(std::string_view word) const {
  const SenseList* list = Find(word);
  if (list == nullptr) {
    auto irregular = irregular_.find(Fnv(word));
    if (irregular != irregular_.end()) {
      auto it = lemmas_.find(irregular->second);
      if (it != lemmas_.end()) list = &it->second;
    }
  }
  // WordNet's "morphy" detachment rules, most specific first.
  struct Rule {
    std::string_view suffix, ending;
  };
  static constexpr Rule kRules[] = {{"ies", "y"}, {"ches", "ch"}, {"shes", "sh"}, {"ses", "s"},
                                    {"xes", "x"}, {"s", ""},      {"ing", ""},    {"ing", "e"},
                                    {"ied", "y"}, {"ed", ""},     {"ed", "e"},    {"er", ""},
                                    {"est", ""}};
  char buf[64];
  for (const Rule& rule : kRules) {
    if (list != nullptr) break;
    if (word.size() <= rule.suffix.size() + 2 || word.size() >= sizeof(buf)) continue;
    if (!word.ends_with(rule.suffix)) continue;
    std::size_t stem = word.size() - rule.suffix.size();
    std::memcpy(buf, word.data(), stem);
    std::memcpy(buf + stem, rule.ending.data(), rule.ending.size());
    list = Find(std::string_view(buf, stem + rule.ending.size()));
  }
  if (list == nullptr) return {};
  return {list->ids, list->size};
}

}  // namespace contrail::embed
