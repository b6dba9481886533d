#include "knowledge/rerank.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "knowledge/answer_type.h"
#include "knowledge/passage_units.h"
#include "knowledge/query_terms.h"

namespace contrail::knowledge {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// The weights of a unit's score. Lexical overlap is the strongest single signal on short
// documents; the embedding adds paraphrases and typos; the rest nudge.
constexpr double kLexical = 0.55;
constexpr double kSemantic = 0.6;
constexpr double kPhrase = 0.15;    // times the share of the question's word pairs found in order
constexpr double kTypeFit = 0.15;   // times TypeFit (-1, 0, +1)
constexpr double kPathShare = 0.5;  // a question word found only in the heading path or title
// Times the share of the question's word weight the heading path and title hold: a unit under a
// heading about what is asked ("Checked baggage › Included allowance") over one that names it in
// passing ("wheelchairs travel free, in addition to your baggage allowance").
constexpr double kTopic = 0.1;
constexpr std::size_t kLexicalWords = 5;
// A word of a chatty message's story rather than of its question ("We just landed in Orlando …
// Will Flightly pay for the clothes?") weighs this much of a question word.
constexpr double kStoryWord = 0.5;
// How much a word's commonness in the whole knowledge base takes off its weight (0..1).
constexpr double kCorpusWeight = 0.6;
// A chunk's score: its best unit, a little of its second, the first stage's rank and the hints.
constexpr double kSecondUnit = 0.15;
constexpr double kFirstStage = 0.3;
constexpr double kPlaceMatch = 0.05, kPlaceOther = -0.25;
constexpr int kPerDocument = 2;  // chunks of one document among the top k, at most
constexpr double kTypeMatch = 0.15;
constexpr double kOfferCode = 0.1;   // a unit with a code, when offers are asked about
constexpr double kDatedFit = 0.12;   // a unit with a date or month, when the question names days
constexpr double kWindowFit = 0.15;  // an offer's window of the kind a dated question asks about
constexpr double kOutOfWindow = -0.3;
constexpr double kAboutPage = -0.3;   // a sentence about the document itself (AboutThePage)
constexpr double kNamedTitle = 0.05;  // a document the question names (NamesTitle)
constexpr double kTopicHint = 0.15;   // a unit whose title or heading path names the hints' topic
constexpr double kOffTopic = -0.1;    // … and one that names it nowhere, neither there nor in its text
constexpr double kNamedVariant = 0.15;  // a unit that names the alternative the question names
constexpr double kOtherVariant = -0.15;  // … and one that names only others of its set
constexpr std::size_t kMaxEmbeddedUnits = 320;  // bounds the in-process embedding work per turn
constexpr std::size_t kShortUnit = 90;          // a highlight this short is quoted with the unit after it
// Chunks whose units (and, once embedded, their vectors: about 8 of 4 KB each with contrail-local's
// 1,024 dimensions) stay prepared in memory: at most ~64 MB.
constexpr std::size_t kPreparedChunks = 2'048;

using StemSet = std::unordered_set<std::uint64_t>;

struct DocFacts {
  std::vector<std::string> places;
  std::string doc_type, valid_from, valid_to;
};

DocFacts ReadDocFacts(const std::string& metadata_json) {
  DocFacts out;
  boost::system::error_code ec;
  json::value v = json::parse(metadata_json, ec);
  if (ec || !v.is_object()) return out;
  const json::object& o = v.get_object();
  auto text = [&](const char* key) {
    const json::value* f = o.if_contains(key);
    return f && f->is_string() ? std::string(f->get_string()) : std::string();
  };
  out.doc_type = text("doc_type");
  out.valid_from = text("valid_from");
  out.valid_to = text("valid_to");
  if (const json::value* d = o.if_contains("destination"); d && d->is_array()) {
    for (const json::value& code : d->get_array()) {
      if (code.is_string()) out.places.emplace_back(code.get_string());
    }
  }
  return out;
}

// Whether the question names the document: two or more of its title's content words ("is the
// Cancun spring break fare valid in June?" names "Spring Break in Cancún"). A question about a
// named offer asks whether it applies: its window must not push it down.
bool NamesTitle(const StemSet& question, const std::string& title) {
  int named = 0;
  for (const Term& t : ContentTerms(title)) named += question.count(t.stem) > 0;
  return named >= 2;
}

// What the hints, and whether the question names it, say about a document: added to each of its
// units' scores.
double HintAdjustment(const DocFacts& doc, const RerankHints& hints, bool named) {
  double adjust = named ? kNamedTitle : 0;
  if (!hints.places.empty() && !doc.places.empty()) {
    bool match = false;
    for (const std::string& p : hints.places) {
      match = match || std::find(doc.places.begin(), doc.places.end(), p) != doc.places.end();
    }
    adjust += match ? kPlaceMatch : kPlaceOther;
  }
  if (std::find(hints.doc_types.begin(), hints.doc_types.end(), doc.doc_type) != hints.doc_types.end()) {
    adjust += kTypeMatch;
  }
  if (!hints.valid_from.empty() || !hints.valid_to.empty()) {
    const bool ended = !doc.valid_to.empty() && !hints.valid_from.empty() && doc.valid_to < hints.valid_from;
    const bool not_started = !doc.valid_from.empty() && !hints.valid_to.empty() && doc.valid_from > hints.valid_to;
    if ((ended || not_started) && !named) adjust += kOutOfWindow;
  }
  return adjust;
}

// What the second stage reads from a unit's text alone.
struct PreparedUnit {
  PassageUnit unit;
  StemSet text_stems, path_stems;
  std::string path_words;  // " carry on baggage size and weight limit ": SpacedWords(title path),
                           // a FAQ answer's question instead
  std::string text_words;  // SpacedWords(text)
  std::vector<std::uint64_t> sequence;  // the text's content stems in order (for word pairs)
  std::uint32_t kinds = 0;              // FactKinds
  bool about_page = false;              // AboutThePage
};

// A chunk split and tokenized once: a chunk's row is never rewritten in place (a re-ingest inserts
// new ids), so this is cached by chunk id, and a turn over chunks seen before stems nothing.
struct PreparedChunk {
  std::vector<PreparedUnit> units;
  std::vector<std::string> words;  // the content words of its units, title and heading (for spelling)

  // Its units' embeddings (with title and heading path), one per unit, once a turn computed them
  // with the embedder `model`; null before. A later turn over this chunk embeds only its question.
  struct Vectors {
    std::string model;
    std::vector<embed::Vector> units;
  };
  std::shared_ptr<const Vectors> VectorsOf(const std::string& model) const {
    std::lock_guard lock(vectors_mutex);
    return vectors != nullptr && vectors->model == model ? vectors : nullptr;
  }
  void KeepVectors(std::shared_ptr<const Vectors> v) const {
    std::lock_guard lock(vectors_mutex);
    vectors = std::move(v);
  }

 private:
  mutable std::mutex vectors_mutex;
  mutable std::shared_ptr<const Vectors> vectors;
};

struct Unit {
  std::size_t hit;
  const PreparedUnit* p;
  double score = 0;
};

// A short sentence reads better, and often states its fact, with the unit after it in the same
// part of the document ("You need:" and the list item; "Yes." and the condition). A list item or
// table row stands alone. `units` are in document order, each hit's together.
std::string WithContext(const std::vector<Unit>& units, std::size_t i) {
  const PassageUnit& u = units[i].p->unit;
  if (u.kind != UnitKind::kSentence || u.text.size() >= kShortUnit || i + 1 >= units.size()) return u.text;
  const PassageUnit& next = units[i + 1].p->unit;
  if (units[i + 1].hit != units[i].hit || next.path != u.path) return u.text;
  return u.text + " " + next.text;
}

StemSet Stems(std::string_view text) {
  StemSet out;
  for (const Term& t : ContentTerms(text)) out.insert(t.stem);
  return out;
}

// `text` as " word word … ": lower case, each run of letters and digits one word, apostrophes
// dropped, a plural's "s" too ("Carry-on bags" is " carry on bag "), so a phrase spaced the same
// way is found as a substring.
std::string SpacedWords(std::string_view text) {
  std::string out = " ";
  std::size_t word = 1;  // where the current word began
  auto end_word = [&] {
    const std::size_t n = out.size() - word;
    if (n > 3 && out.back() == 's' && out[out.size() - 2] != 's') out.pop_back();
    if (out.back() != ' ') out += ' ';
    word = out.size();
  };
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '\'') continue;
    if (std::isalnum(b) || b >= 0x80) {
      out += static_cast<char>(std::tolower(b));
    } else {
      end_word();
    }
  }
  end_word();
  return out;
}

// Whether a unit's title and path (SpacedWords) say one of `topics` (each SpacedWords too).
bool NamesTopic(const std::string& path_words, const std::vector<std::string>& topics) {
  for (const std::string& t : topics) {
    if (t.size() > 2 && path_words.find(t) != std::string::npos) return true;  // " " is no topic
  }
  return false;
}

// How a unit's naming of alternatives (RerankHints::variants, spaced as SpacedWords) fits the
// question's: kNamedVariant when its path or text names an asked one, kOtherVariant when it names
// only others, 0 when it names none.
double VariantFit(const PreparedUnit& u, const RerankHints& hints) {
  auto names = [&u](const std::vector<std::string>& words) {
    for (const std::string& w : words) {
      if (u.text_words.find(w) != std::string::npos || u.path_words.find(w) != std::string::npos) return true;
    }
    return false;
  };
  if (names(hints.variants)) return kNamedVariant;
  return names(hints.other_variants) ? kOtherVariant : 0.0;
}

// Whether `text` starts with `prefix` (lower case), in any case.
bool StartsWithAnyCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char p, char t) {
           return std::tolower(static_cast<unsigned char>(t)) == p;
         });
}

// "This page sets out how many bags you can check …, what they may weigh …, what extra bags cost":
// a sentence about the document, which names every topic and answers none.
bool AboutThePage(std::string_view text) {
  return StartsWithAnyCase(text, "this page ") || StartsWithAnyCase(text, "everything below ");
}

std::shared_ptr<const PreparedChunk> PrepareChunk(const SearchHit& hit) {
  auto chunk = std::make_shared<PreparedChunk>();
  std::vector<PassageUnit> split = SplitPassage(hit.heading, hit.text);
  if (split.empty()) split.push_back({hit.heading, hit.text, UnitKind::kSentence});
  for (PassageUnit& unit : split) {
    PreparedUnit& u = chunk->units.emplace_back();
    u.unit = std::move(unit);
    for (const Term& t : ContentTerms(u.unit.text)) {
      u.text_stems.insert(t.stem);
      u.sequence.push_back(t.stem);
    }
    u.path_stems = Stems(hit.title + " " + u.unit.path);
    // A FAQ's section gathers several topics ("Families, pets and assistance"): its question
    // says what one of its answers is about.
    const bool asked = u.unit.kind == UnitKind::kQuestionAnswer;
    u.path_words = SpacedWords(asked ? u.unit.text.substr(0, u.unit.text.find("? ")) : hit.title + " " + u.unit.path);
    u.text_words = SpacedWords(u.unit.text);
    u.kinds = FactKinds(u.unit.text);
    u.about_page = AboutThePage(u.unit.text);
    for (std::string& w : ContentWords(u.unit.text)) chunk->words.push_back(std::move(w));
  }
  for (std::string& w : ContentWords(hit.title + " " + hit.heading)) chunk->words.push_back(std::move(w));
  return chunk;
}

// The prepared chunks of `hits`, from the process-wide cache (bounded: emptied when full).
std::vector<std::shared_ptr<const PreparedChunk>> Prepared(const std::vector<SearchHit>& hits) {
  static std::mutex mutex;
  static std::unordered_map<std::int64_t, std::shared_ptr<const PreparedChunk>> cache;
  std::vector<std::shared_ptr<const PreparedChunk>> out(hits.size());
  std::vector<std::size_t> missing;
  {
    std::lock_guard lock(mutex);
    for (std::size_t h = 0; h < hits.size(); ++h) {
      if (auto it = cache.find(hits[h].chunk_id); it != cache.end()) out[h] = it->second;
      else missing.push_back(h);
    }
  }
  for (std::size_t h : missing) out[h] = PrepareChunk(hits[h]);
  if (!missing.empty()) {
    std::lock_guard lock(mutex);
    if (cache.size() + missing.size() > kPreparedChunks) cache.clear();
    for (std::size_t h : missing) cache.emplace(hits[h].chunk_id, out[h]);
  }
  return out;
}

std::vector<Unit> UnitsOf(const std::vector<std::shared_ptr<const PreparedChunk>>& chunks) {
  std::vector<Unit> units;
  for (std::size_t h = 0; h < chunks.size(); ++h) {
    for (const PreparedUnit& p : chunks[h]->units) units.push_back({h, &p, 0});
  }
  return units;
}

// How many of the question's word pairs a unit holds in order.
int PairsInOrder(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& pairs, const Unit& u) {
  int in_order = 0;
  for (const auto& [a, b] : pairs) {
    for (std::size_t i = 0; i + 1 < u.p->sequence.size(); ++i) {
      if (u.p->sequence[i] == a && u.p->sequence[i + 1] == b) {
        ++in_order;
        break;
      }
    }
  }
  return in_order;
}

// The stems of a message's asking part (AskingPart, "" when every word of it asks), without its
// answer cues, spelled as `vocabulary` does; empty when every word is part of the question.
StemSet AskingStems(const std::string& asking, const std::vector<std::string>& vocabulary) {
  StemSet stems;
  if (asking.empty()) return stems;
  for (const Term& t : ContentTerms(CorrectSpelling(WithoutAnswerCues(asking), vocabulary))) stems.insert(t.stem);
  return stems;
}

// The share of the question's word weight a unit holds, words weighted by rarity among the units
// (and by whether they ask: AskingStems), of its word pairs, and of the weight its heading path and
// title hold (kTopic).
void ScoreLexical(const std::vector<Term>& question, const StemSet& asking, const CorpusStats* corpus,
                  std::vector<Unit>& units) {
  StemSet asked;
  for (const Term& t : question) asked.insert(t.stem);
  std::unordered_map<std::uint64_t, int> df;
  for (const Unit& u : units) {
    for (std::uint64_t s : asked) df[s] += u.p->text_stems.count(s) || u.p->path_stems.count(s);
  }
  const double n = static_cast<double>(units.size());
  std::unordered_map<std::uint64_t, double> idf;
  // The weight to hold: the question's kLexicalWords rarest words. A chatty question says much
  // that no passage repeats; the passage that holds what it asks still scores near 1.
  std::vector<double> weights;
  for (std::uint64_t s : asked) {
    const double common = corpus != nullptr ? corpus->Commonness(s) : 0;
    const double told = asking.empty() || asking.count(s) ? 1.0 : kStoryWord;
    weights.push_back(idf[s] = told * std::log(1 + n / (1 + df[s])) * (1 - kCorpusWeight * common));
  }
  std::sort(weights.begin(), weights.end(), std::greater<>());
  double total = 0;
  for (std::size_t i = 0; i < weights.size() && i < kLexicalWords; ++i) total += weights[i];
  std::vector<std::pair<std::uint64_t, std::uint64_t>> pairs;
  for (std::size_t i = 0; i + 1 < question.size(); ++i) pairs.emplace_back(question[i].stem, question[i + 1].stem);
  for (Unit& u : units) {
    double held = 0, about = 0;
    for (std::uint64_t s : asked) {
      const bool in_path = u.p->path_stems.count(s) > 0;
      held += u.p->text_stems.count(s) ? idf[s] : in_path ? kPathShare * idf[s] : 0;
      if (in_path) about += idf[s];
    }
    const double pair_share = pairs.empty() ? 0 : static_cast<double>(PairsInOrder(pairs, u)) / pairs.size();
    u.score = kLexical * (total > 0 ? std::min(1.0, held / total) : 0) + kPhrase * pair_share +
              kTopic * (total > 0 ? std::min(1.0, about / total) : 0);
  }
}

// Adds the embedding similarity of each unit (with its title and heading path) to the question.
// Units of chunks embedded by an earlier turn reuse their vectors; at most kMaxEmbeddedUnits new
// units are embedded per turn (the rest score without similarity until a later turn).
asio::awaitable<core::Status> ScoreSemantic(embed::Embedder& embedder, const std::string& question,
                                            const std::vector<SearchHit>& hits,
                                            const std::vector<std::shared_ptr<const PreparedChunk>>& chunks,
                                            std::vector<Unit>& units) {
  using Vectors = PreparedChunk::Vectors;
  std::vector<std::shared_ptr<const Vectors>> vectors(chunks.size());
  std::vector<std::string> texts{question};
  std::vector<std::size_t> missing;
  for (std::size_t h = 0; h < chunks.size(); ++h) {
    vectors[h] = chunks[h]->VectorsOf(embedder.model());
    if (vectors[h] != nullptr || texts.size() - 1 + chunks[h]->units.size() > kMaxEmbeddedUnits) continue;
    missing.push_back(h);
    for (const PreparedUnit& u : chunks[h]->units) {
      texts.push_back(hits[h].title + " — " + u.unit.path + ": " + u.unit.text);
    }
  }
  CONTRAIL_CO_TRY(std::vector<embed::Vector> embedded, co_await embedder.Embed(texts));
  if (embedded.size() != texts.size()) co_return core::Internal("the embedder returned too few vectors");
  std::size_t next = 1;
  for (std::size_t h : missing) {
    auto made = std::make_shared<Vectors>();
    made->model = embedder.model();
    for (std::size_t i = 0; i < chunks[h]->units.size(); ++i) made->units.push_back(std::move(embedded[next++]));
    chunks[h]->KeepVectors(made);
    vectors[h] = std::move(made);
  }
  for (Unit& u : units) {
    if (vectors[u.hit] == nullptr) continue;
    const std::size_t index = static_cast<std::size_t>(u.p - chunks[u.hit]->units.data());
    u.score += kSemantic * embed::Cosine(embedded[0], vectors[u.hit]->units[index]);
  }
  co_return core::Ok();
}

// Which window of an offer a dated question asks about: when it may be booked, or when one may
// travel on it ("Book: 10 January to 15 March 2027", "Travel: …", "Blackout dates: …").
enum class Window { kNone, kBooking, kTravel };

// The window a question's words ask about; kNone when it says both or neither.
Window AskedWindow(std::string_view question) {
  bool booking = false, travel = false;
  for (const std::string& w : ContentWords(question)) {
    booking = booking || w == "book" || w == "booking" || w == "buy" || w == "purchase" || w == "reserve";
    travel = travel || w == "fly" || w == "flying" || w == "travel" || w == "travelling" || w == "traveling" ||
             w == "return" || w == "home" || w == "depart" || w == "stay" || w == "go";
  }
  return booking == travel ? Window::kNone : booking ? Window::kBooking : Window::kTravel;
}

// The window a unit states by its label, as offers write them.
Window WindowOf(std::string_view text) {
  auto starts = [text](std::string_view label) { return StartsWithAnyCase(text, label); };
  if (starts("book:") || starts("book by") || starts("booking:")) return Window::kBooking;
  if (starts("travel:") || starts("blackout") || starts("stay:")) return Window::kTravel;
  return Window::kNone;
}

// Adds the fit of each unit's facts to what is asked (by `asking`, the question's AskingPart, when
// it has one), the hints about its document, and whether its headings name the hints' topic.
void ScoreFit(const std::string& question, const std::string& asking, const RerankHints& hints,
              const std::vector<double>& adjust, std::vector<Unit>& units) {
  const std::string& asked = asking.empty() ? question : asking;  // the words that ask
  AnswerType type = QuestionAnswerType(asked);
  const bool offers = std::find(hints.doc_types.begin(), hints.doc_types.end(), "promotion") != hints.doc_types.end();
  // "Can I use the ski deal on December 27?": the windows that say so are the answer, not a
  // duration ("8-day package").
  const bool dated = !hints.valid_from.empty() || !hints.valid_to.empty();
  if (dated && type == AnswerType::kWhen) type = AnswerType::kDate;
  auto holds = [](std::uint32_t kinds, AnswerType t) { return (kinds & (1u << static_cast<unsigned>(t))) != 0; };
  // "Can I book the Cancun bundle on March 20?" asks when it may be booked, not what it costs.
  const Window window = dated && offers && type != AnswerType::kAmount ? AskedWindow(asked) : Window::kNone;
  const bool topic_asked = !hints.topics.empty() && NamesTopic(SpacedWords(asked), hints.topics);
  // "How much does it cost to send my dog in the hold?" is answered by "from $300", not by "service
  // dogs fly free".
  const bool figure = type == AnswerType::kAmount && AsksForFigure(asked);
  for (Unit& u : units) {
    const std::uint32_t kinds = u.p->kinds;
    int fit = TypeFit(type, kinds);
    if (figure && !holds(kinds, AnswerType::kFigure)) fit = std::min(0, fit);
    u.score += kTypeFit * fit + adjust[u.hit];
    // "What's the maximum weight for a pet in the cabin?" is not answered by a bag's maximum weight
    // (a topic the question's asking words name; not one read from an aside: "I always sit in the
    // exit row. What's the dry season in Bali?").
    if (!hints.topics.empty()) {
      if (NamesTopic(u.p->path_words, hints.topics)) {
        u.score += kTopicHint;
      } else if (topic_asked && !NamesTopic(u.p->text_words, hints.topics)) {
        u.score += kOffTopic;
      }
    }
    if (!hints.variants.empty()) u.score += VariantFit(*u.p, hints);
    if (offers && holds(kinds, AnswerType::kName)) u.score += kOfferCode;
    if (dated && holds(kinds, AnswerType::kDate)) u.score += kDatedFit;
    if (window != Window::kNone && WindowOf(u.p->unit.text) == window) u.score += kWindowFit;
    if (u.p->about_page) u.score += kAboutPage;
  }
}

// The top k of `order`, at most kPerDocument chunks of one document, so one long guide cannot
// crowd out the policy that answers; the rest fill in when there are too few documents. The hit
// `kept` (an index into `hits`; hits.size() for none) is among them, beyond its document's share
// if need be: in its place, or last.
std::vector<SearchHit> TakeTop(std::vector<SearchHit>& hits, const std::vector<std::size_t>& order, int k,
                               std::size_t kept) {
  std::vector<SearchHit> out;
  if (k <= 0) return out;
  std::unordered_map<std::string, int> taken;
  std::vector<std::size_t> overflow;
  const int room = kept < hits.size() ? k - 1 : k;  // a place held for `kept` until it is taken
  bool kept_taken = kept >= hits.size();
  for (std::size_t h : order) {
    if (static_cast<int>(out.size()) == (kept_taken ? k : room)) break;
    const bool over = ++taken[hits[h].document_id] > kPerDocument;
    kept_taken = kept_taken || h == kept;
    if (over && h != kept) {
      overflow.push_back(h);
      continue;
    }
    out.push_back(std::move(hits[h]));
  }
  if (!kept_taken) out.push_back(std::move(hits[kept]));
  for (std::size_t h : overflow) {
    if (static_cast<int>(out.size()) == k) break;
    out.push_back(std::move(hits[h]));
  }
  return out;
}

}  // namespace

asio::awaitable<core::Result<std::vector<SearchHit>>> Rerank(embed::Embedder& embedder, std::string question,
                                                            RerankHints hints, std::vector<SearchHit> hits, int k) {
  const std::vector<std::shared_ptr<const PreparedChunk>> chunks = Prepared(hits);
  std::vector<Unit> units = UnitsOf(chunks);
  if (units.empty()) co_return hits;
  // Words are matched as the candidates spell them: a typo finds its word among theirs.
  std::vector<std::string> vocabulary;
  for (const auto& c : chunks) vocabulary.insert(vocabulary.end(), c->words.begin(), c->words.end());
  const std::string asked_about = WithoutAnswerCues(question);
  const std::string corrected = CorrectSpelling(asked_about, vocabulary);
  const std::vector<Term> terms = ContentTerms(corrected);
  const std::string asking = AskingPart(question);  // "" when all of it asks
  ScoreLexical(terms, AskingStems(asking, vocabulary), hints.corpus.get(), units);
  if (embedder.computes_in_process()) {
    CONTRAIL_CO_TRY_STATUS(co_await ScoreSemantic(embedder, asked_about, hits, chunks, units));
  }
  StemSet asked;
  for (const Term& t : terms) asked.insert(t.stem);
  std::vector<double> adjust(hits.size());
  for (std::size_t h = 0; h < hits.size(); ++h) {
    adjust[h] = HintAdjustment(ReadDocFacts(hits[h].metadata_json), hints, NamesTitle(asked, hits[h].title));
  }
  for (std::string& topic : hints.topics) topic = SpacedWords(topic);
  for (std::string& w : hints.variants) w = SpacedWords(w);
  for (std::string& w : hints.other_variants) w = SpacedWords(w);
  ScoreFit(question, asking, hints, adjust, units);
  // Each hit's units, best first.
  std::vector<std::size_t> ranked(units.size());
  for (std::size_t i = 0; i < ranked.size(); ++i) ranked[i] = i;
  std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) { return units[a].score > units[b].score; });
  std::vector<std::vector<std::size_t>> best(hits.size());
  for (std::size_t i : ranked) best[units[i].hit].push_back(i);
  std::vector<std::size_t> order;
  for (std::size_t h = 0; h < hits.size(); ++h) {
    if (best[h].empty()) continue;
    const double second = best[h].size() > 1 ? units[best[h][1]].score - adjust[h] : 0;
    hits[h].score = units[best[h][0]].score + kSecondUnit * std::max(0.0, second) + kFirstStage / (1.0 + h / 3.0);
    for (std::size_t i = 0; i < best[h].size() && i < 3; ++i) {
      const Unit& u = units[best[h][i]];
      hits[h].highlights.push_back({u.p->unit.path, WithContext(units, best[h][i]), u.score});
    }
    order.push_back(h);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return hits[a].score > hits[b].score; });
  // The best unit of all is the answer's lead: its chunk stays in the top k, whatever the chunks
  // around the others weigh (two chunks of one document may otherwise crowd it out).
  co_return TakeTop(hits, order, k, ranked.empty() ? hits.size() : units[ranked[0]].hit);
}

}  // namespace contrail::knowledge
