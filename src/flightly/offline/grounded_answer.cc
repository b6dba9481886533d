#include "flightly/offline/grounded_answer.h"

#include <algorithm>
#include <set>
#include <vector>

#include "flightly/text.h"

namespace contrail::flightly::offline {

namespace {

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

// "Sources: [1][2] Travelling with pets (policies/pets.md); [3] …": each cited document once.
void AppendSourceList(const std::vector<llm::Source>& sources, std::string& out) {
  out += "\nSources:";
  const std::size_t cited = std::min<std::size_t>(3, sources.size());
  std::vector<bool> done(cited, false);
  for (std::size_t k = 0; k < cited; ++k) {
    if (done[k]) continue;
    out += k ? "; " : " ";
    for (std::size_t j = k; j < cited; ++j) {
      if (sources[j].document_id != sources[k].document_id) continue;
      done[j] = true;
      out += "[" + std::to_string(sources[j].n) + "]";
    }
    const llm::Source& s = sources[k];
    out += " " + (s.title.empty() ? s.document_id : s.title) + " (" + s.document_id + ")";
  }
}

}  // namespace

bool HasGrounding(const llm::ChatRequest& request) {
  return !request.context.sources.empty() || !request.context.live_facts.empty();
}

void AppendGrounded(const llm::ChatRequest& request, std::string_view question, std::string& out) {
  if (!HasGrounding(request)) return;
  if (!out.empty()) out += "\n\n";
  if (!request.context.live_facts.empty()) {
    out += "Current fares and offers in Flightly's system:\n";
    for (const std::string& fact : request.context.live_facts) out += "- " + fact + "\n";
  }
  if (!request.context.sources.empty()) {
    if (!request.context.live_facts.empty()) out += '\n';
    out += "From Flightly's documents:\n";
    AppendPassages(request, question, out);
    AppendSourceList(request.context.sources, out);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
}

}  // namespace contrail::flightly::offline
