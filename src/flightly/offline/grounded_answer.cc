#include "flightly/offline/grounded_answer.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <vector>

#include "flightly/text.h"

namespace contrail::flightly::offline {

namespace {

// A supporting quote is within kSupportGap of the best one (kRelevanceFloor: grounded_answer.h).
constexpr double kSupportGap = 0.25;
constexpr std::size_t kSupporting = 3;

constexpr std::string_view kNothingFound =
    "I could not find that in Flightly's documents. I can help with flights and hotels (by place, dates, party and "
    "budget), baggage, check-in, seats, refunds, changes and other Flightly policies, weather, things to do and "
    "current offers: try \"how many bags can I check in Economy?\" or \"any deals to Cancun in March?\"";

// Sentences of a passage, split after '.', '!' or '?' followed by a space or the end.
std::vector<std::string_view> Sentences(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool end = (text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == '\n') &&
               (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n');
    if (!end) continue;
    std::string_view s = text.substr(start, i + 1 - start);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '-' || s.front() == '*')) s.remove_prefix(1);
    if (s.size() > 20) out.push_back(s);
    start = i + 1;
  }
  return out;
}

// Words of the question worth matching (longer than 3 letters, lowercase).
std::set<std::string> KeyWords(std::string_view question) {
  std::set<std::string> words;
  Tokens tokens(question);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].text.size() > 3) words.insert(std::string(tokens[i].text.substr(0, 6)));
  }
  return words;
}

int Overlap(std::string_view sentence, const std::set<std::string>& words) {
  Tokens tokens(sentence);
  int score = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].text.size() > 3 && words.count(std::string(tokens[i].text.substr(0, 6)))) ++score;
  }
  return score;
}

// The best-matching sentence of each of the top passages (the first sentence when none matches).
void AppendPassages(const llm::ChatRequest& request, std::string_view question, std::string& out) {
  const std::set<std::string> words = KeyWords(question);
  const auto& sources = request.context.sources;
  for (std::size_t k = 0; k < sources.size() && k < 3; ++k) {
    std::vector<std::string_view> sentences = Sentences(sources[k].text);
    if (sentences.empty()) continue;
    std::size_t best = 0;
    int best_score = -1;
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      int score = Overlap(sentences[i], words);
      if (score > best_score) best = i, best_score = score;
    }
    out += "- ";
    out += sentences[best];
    if (best + 1 < sentences.size() && sentences[best].size() < 120) {
      out += ' ';
      out += sentences[best + 1];
    }
    out += " [" + std::to_string(sources[k].n) + "]\n";
  }
}

// "Sources: [1][2] Travelling with pets (policies/pets.md); [3] …": each cited document once, for
// the sources whose `cited` flag is set.
void AppendSourceList(const std::vector<llm::Source>& sources, const std::vector<bool>& cited, std::string& out) {
  out += "\nSources:";
  std::vector<bool> done(sources.size(), false);
  bool first = true;
  for (std::size_t k = 0; k < sources.size(); ++k) {
    if (done[k] || !cited[k]) continue;
    out += first ? " " : "; ";
    first = false;
    for (std::size_t j = k; j < sources.size(); ++j) {
      if (!cited[j] || sources[j].document_id != sources[k].document_id) continue;
      done[j] = true;
      out += "[" + std::to_string(sources[j].n) + "]";
    }
    const llm::Source& s = sources[k];
    out += " " + (s.title.empty() ? s.document_id : s.title) + " (" + s.document_id + ")";
  }
}

// A quotable unit of one of the turn's sources (llm::SourceHighlight), with where it came from.
struct Quote {
  std::size_t source;
  const llm::SourceHighlight* highlight;
};

std::vector<Quote> RankedQuotes(const std::vector<llm::Source>& sources) {
  std::vector<Quote> quotes;
  for (std::size_t k = 0; k < sources.size(); ++k) {
    for (const llm::SourceHighlight& h : sources[k].highlights) quotes.push_back({k, &h});
  }
  std::stable_sort(quotes.begin(), quotes.end(),
                   [](const Quote& a, const Quote& b) { return a.highlight->score > b.highlight->score; });
  return quotes;
}

// The member `name` of the source's metadata (parsed: PostgreSQL writes it as `"doc_type":
// "policy"`, with a space), or nullptr.
const boost::json::value* MetadataMember(const boost::json::value& metadata, std::string_view name) {
  return metadata.is_object() ? metadata.get_object().if_contains(name) : nullptr;
}
boost::json::value ParseMetadata(const llm::Source& source) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(source.metadata_json, ec);
  return ec ? boost::json::value() : v;
}

// The source's doc_type ("policy", "faq", "promotion", "guide"), "" when its metadata has none.
std::string DocTypeOf(const llm::Source& source) {
  const boost::json::value metadata = ParseMetadata(source);
  const boost::json::value* type = MetadataMember(metadata, "doc_type");
  return type != nullptr && type->is_string() ? std::string(type->get_string()) : std::string();
}

// The codes the source's document gives (knowledge::Document::codes, in its metadata).
std::vector<std::string> CodesOf(const llm::Source& source) {
  std::vector<std::string> codes;
  const boost::json::value metadata = ParseMetadata(source);
  const boost::json::value* list = MetadataMember(metadata, "codes");
  if (list == nullptr || !list->is_array()) return codes;
  for (const boost::json::value& c : list->get_array()) {
    if (c.is_string()) codes.emplace_back(c.get_string());
  }
  return codes;
}

// "Checked baggage › Fees for extra bags": where a quote sits, so a fact stated only in a heading
// (a product's name, a fare family) is quoted too. With `codes`, the document's codes the quote
// does not hold follow its title: "Spring Break in Cancún (code CANCUNSB27) › Dates …", so an
// offer quoted by its dates still says how to get it.
void AppendPlace(const llm::Source& source, const llm::SourceHighlight& h, bool codes, std::string& out) {
  out += source.title.empty() ? source.document_id : source.title;
  if (codes) {
    std::string named;
    for (const std::string& code : CodesOf(source)) {
      if (h.text.find(code) == std::string::npos) named += (named.empty() ? "" : ", ") + code;
    }
    if (!named.empty()) out += " (code " + named + ")";
  }
  if (!h.path.empty()) out += " › " + h.path;
}

bool Overlaps(const std::string& a, const std::string& b) {
  return a.find(b) != std::string::npos || b.find(a) != std::string::npos;
}

// The quotes to write: the best unit, then at most kSupporting more above the relevance floor —
// from the lead's own document first (its next facts: an offer's dates after its code), then
// from other documents when close to the lead. A quote that repeats one already picked is skipped.
std::vector<Quote> PickQuotes(const std::vector<llm::Source>& sources) {
  const std::vector<Quote> quotes = RankedQuotes(sources);
  std::vector<Quote> picked;
  if (quotes.empty() || quotes.front().highlight->score < kRelevanceFloor) return picked;
  picked.push_back(quotes.front());
  const std::string& lead_doc = sources[quotes.front().source].document_id;
  const double lead = quotes.front().highlight->score;
  auto pick = [&](bool same_document) {
    for (const Quote& q : quotes) {
      if (picked.size() > kSupporting || q.highlight->score < kRelevanceFloor) return;
      if ((sources[q.source].document_id == lead_doc) != same_document) continue;
      if (!same_document && q.highlight->score < lead - kSupportGap) return;
      bool repeated = false;
      for (const Quote& p : picked) repeated = repeated || Overlaps(p.highlight->text, q.highlight->text);
      if (!repeated) picked.push_back(q);
    }
  };
  pick(true);
  pick(false);
  return picked;
}

// The answer from the second stage's highlights (PickQuotes), each with its heading and citation;
// only their documents are cited. Returns false, writing nothing, when even the best unit is below
// the floor.
bool AppendQuotes(const std::vector<llm::Source>& sources, std::string& out) {
  const std::vector<Quote> picked = PickQuotes(sources);
  if (picked.empty()) return false;
  std::vector<bool> cited(sources.size(), false);
  std::set<std::string> coded;  // documents whose codes the answer named
  for (std::size_t i = 0; i < picked.size(); ++i) {
    const Quote& q = picked[i];
    out += i == 0 ? "" : "- ";
    AppendPlace(sources[q.source], *q.highlight, coded.insert(sources[q.source].document_id).second, out);
    out += ": " + q.highlight->text + " [" + std::to_string(sources[q.source].n) + "]\n";
    if (i == 0 && picked.size() > 1) out += "\n";
    cited[q.source] = true;
  }
  AppendSourceList(sources, cited, out);
  return true;
}

}  // namespace

bool HasGrounding(const llm::ChatRequest& request) {
  return !request.context.sources.empty() || !request.context.live_facts.empty();
}

double StrongestQuote(const llm::ChatRequest& request, bool* from_policy, bool* from_offer) {
  double best = 0;
  const llm::Source* where = nullptr;
  for (const llm::Source& s : request.context.sources) {
    for (const llm::SourceHighlight& h : s.highlights) {
      if (where == nullptr || h.score > best) best = h.score, where = &s;
    }
  }
  const std::string type = where != nullptr ? DocTypeOf(*where) : std::string();
  if (from_policy != nullptr) *from_policy = type == "policy" || type == "faq";
  if (from_offer != nullptr) *from_offer = type == "promotion";
  return best;
}

void AppendLiveFacts(const llm::ChatRequest& request, std::string& out) {
  std::string list;
  for (const std::string& fact : request.context.live_facts) {
    if (out.find(fact) == std::string::npos) list += "\n- " + fact;  // not twice: a lead may say one
  }
  if (list.empty()) return;
  if (!out.empty()) out += "\n\n";
  out += "Current fares and offers in Flightly's system:" + list;
}

bool HasScoredUnits(const llm::ChatRequest& request) {
  const auto& sources = request.context.sources;
  return std::any_of(sources.begin(), sources.end(), [](const llm::Source& s) { return !s.highlights.empty(); });
}

bool QuotesHoldAnyOf(const llm::ChatRequest& request, const std::vector<knowledge::Term>& words) {
  const std::vector<Quote> quotes = RankedQuotes(request.context.sources);
  for (std::size_t i = 0; i < quotes.size() && i <= kSupporting; ++i) {
    const llm::Source& source = request.context.sources[quotes[i].source];
    const llm::SourceHighlight& unit = *quotes[i].highlight;
    for (const std::string* text : {&source.title, &unit.path, &unit.text}) {
      if (knowledge::HoldsAnyOf(*text, words)) return true;
    }
  }
  return false;
}

void AppendDocuments(const llm::ChatRequest& request, std::string_view question, bool say_when_nothing,
                     std::string& out, bool on_subject) {
  const auto& sources = request.context.sources;
  if (sources.empty()) return;
  const std::size_t before = out.size();
  if (!out.empty()) out += "\n\n";
  if (HasScoredUnits(request)) {
    std::string quotes;
    if (on_subject && AppendQuotes(sources, quotes)) {
      out += "From Flightly's documents: " + quotes;
    } else if (say_when_nothing) {
      out += kNothingFound;
    } else {
      out.resize(before);
    }
  } else {
    out += "From Flightly's documents:\n";
    AppendPassages(request, question, out);
    std::vector<bool> cited(std::min<std::size_t>(3, sources.size()), true);
    cited.resize(sources.size(), false);
    AppendSourceList(sources, cited, out);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
}

}  // namespace contrail::flightly::offline
