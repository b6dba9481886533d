// Feeds arbitrary messages to what the second stage of retrieval reads from a question
// (knowledge/query_terms.h, knowledge/answer_type.h): the asking part of a message that tells a
// story, the question without its answer cues, its full-text words, its content terms, its
// spelling corrected against a vocabulary the input also picks, and the kind of answer asked for
// and held. Checks: nothing crashes; WithoutAnswerCues keeps the message's length and changes only
// ASCII letters into spaces; the asking part is made of the message's sentences that end in '?'
// (each of them a piece of the message); for a UTF-8 message, the asking part and the full-text
// words are UTF-8 too (they reach PostgreSQL, which refuses anything else); AnswerTypeName names
// every type QuestionAnswerType returns.

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "knowledge/answer_type.h"
#include "knowledge/query_terms.h"

namespace {

namespace knowledge = contrail::knowledge;
using contrail::fuzz::IsUtf8;

void CheckAnswerCues(std::string_view message) {
  const std::string without = knowledge::WithoutAnswerCues(message);
  FUZZ_CHECK(without.size() == message.size());
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (without[i] == message[i]) continue;
    FUZZ_CHECK(without[i] == ' ' && std::isalpha(static_cast<unsigned char>(message[i])));
  }
}

void CheckAskingPart(std::string_view message, bool utf8) {
  const std::string asking = knowledge::AskingPart(message);
  if (asking.empty()) return;
  FUZZ_CHECK(asking.back() == '?');
  FUZZ_CHECK(!utf8 || IsUtf8(asking));
  // Each asked sentence, its '?' included, is a piece of the message.
  std::size_t start = 0;
  for (std::size_t i = 0; i < asking.size(); ++i) {
    if (asking[i] != '?' || (i + 1 < asking.size() && asking[i + 1] != ' ')) continue;
    const std::string_view sentence = std::string_view(asking).substr(start, i + 1 - start);
    FUZZ_CHECK(message.find(sentence) != std::string_view::npos);
    start = i + 2;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The input is "vocabulary\x00message": the words a correction may choose, then the message.
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find('\0');
  const std::string_view message = split == std::string_view::npos ? input : input.substr(split + 1);
  std::vector<std::string> vocabulary;
  if (split != std::string_view::npos) vocabulary = knowledge::ContentWords(input.substr(0, split));
  const bool utf8 = IsUtf8(message);
  CheckAnswerCues(message);
  CheckAskingPart(message, utf8);
  const std::string words = knowledge::TextSearchWords(message);
  FUZZ_CHECK(!utf8 || IsUtf8(words));
  // The corrected words are matched in process only (the local tokenizer may cut a punctuation
  // character such as "—" into a word of its continuation bytes), so they are not checked as UTF-8.
  (void)knowledge::ContentTerms(knowledge::CorrectSpelling(message, vocabulary));
  const knowledge::AnswerType type = knowledge::QuestionAnswerType(message);
  FUZZ_CHECK(std::string_view(knowledge::AnswerTypeName(type)).size() > 0);
  (void)knowledge::TypeFit(type, knowledge::FactKinds(message));
  return 0;
}
