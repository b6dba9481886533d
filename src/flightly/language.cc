#include "flightly/language.h"

#include <array>
#include <cstddef>
#include <span>
#include <unordered_map>
#include <vector>

#include "flightly/text.h"

namespace contrail::flightly {
namespace {

using enum Language;

constexpr std::size_t kLanguages = 5;
using Scores = std::array<int, kLanguages>;

// A word of one language (accents folded): how strongly it says "this language" (0: not at all,
// "a" is English too), and its English gloss ("" for a function word the gloss drops). Travel
// words map to the word the English rules know ("perro" → "dog"); kept small on purpose: the
// gloss only needs to find the topic.
struct Entry {
  Language language;
  std::string_view word;
  std::string_view english;
  int weight;
};

constexpr Entry kWords[] = {
    // Spanish
    {kSpanish, "el", "", 1},
    {kSpanish, "los", "", 1},
    {kSpanish, "las", "", 1},
    {kSpanish, "del", "", 1},
    {kSpanish, "una", "", 1},
    {kSpanish, "por", "", 1},
    {kSpanish, "para", "for", 1},
    {kSpanish, "con", "with", 1},
    {kSpanish, "mi", "my", 1},
    {kSpanish, "mis", "my", 1},
    {kSpanish, "puedo", "can i", 2},
    {kSpanish, "quiero", "i want", 2},
    {kSpanish, "necesito", "i need", 2},
    {kSpanish, "hay", "is there", 1},
    {kSpanish, "que", "", 1},
    {kSpanish, "cuanto", "how much", 2},
    {kSpanish, "cuesta", "cost", 2},
    {kSpanish, "donde", "where", 1},
    {kSpanish, "hola", "hello", 2},
    {kSpanish, "gracias", "thanks", 2},
    {kSpanish, "llevar", "bring", 2},
    {kSpanish, "viajar", "travel", 2},
    {kSpanish, "vuelo", "flight", 2},
    {kSpanish, "vuelos", "flights", 2},
    {kSpanish, "maleta", "baggage", 2},
    {kSpanish, "maletas", "baggage", 2},
    {kSpanish, "equipaje", "baggage", 2},
    {kSpanish, "perro", "dog", 2},
    {kSpanish, "gato", "cat", 1},
    {kSpanish, "mascota", "pet", 2},
    {kSpanish, "avion", "plane", 1},
    {kSpanish, "cancelar", "cancel", 2},
    {kSpanish, "reembolso", "refund", 2},
    {kSpanish, "asiento", "seat", 2},
    {kSpanish, "ninos", "kids", 2},
    {kSpanish, "hijos", "kids", 2},
    {kSpanish, "precio", "price", 2},
    {kSpanish, "clima", "weather", 1},
    {kSpanish, "aeropuerto", "airport", 2},
    {kSpanish, "pasaporte", "passport", 2},
    {kSpanish, "bordo", "board", 1},
    {kSpanish, "comida", "meal", 2},
    // French
    {kFrench, "le", "", 1},
    {kFrench, "les", "", 1},
    {kFrench, "des", "", 1},
    {kFrench, "du", "", 1},
    {kFrench, "une", "", 1},
    {kFrench, "je", "i", 2},
    {kFrench, "peux", "can", 2},
    {kFrench, "veux", "want", 2},
    {kFrench, "voyager", "travel", 2},
    {kFrench, "ce", "", 1},
    {kFrench, "est", "is", 1},
    {kFrench, "pour", "for", 1},
    {kFrench, "avec", "with", 2},
    {kFrench, "dans", "in", 1},
    {kFrench, "mon", "my", 1},
    {kFrench, "ma", "my", 1},
    {kFrench, "mes", "my", 1},
    {kFrench, "combien", "how much", 2},
    {kFrench, "bonjour", "hello", 2},
    {kFrench, "merci", "thanks", 2},
    {kFrench, "nous", "we", 2},
    {kFrench, "vous", "you", 2},
    {kFrench, "emmener", "bring", 2},
    {kFrench, "apporter", "bring", 2},
    {kFrench, "vol", "flight", 1},
    {kFrench, "vols", "flights", 1},
    {kFrench, "bagage", "baggage", 2},
    {kFrench, "bagages", "baggage", 2},
    {kFrench, "valise", "baggage", 2},
    {kFrench, "chien", "dog", 2},
    {kFrench, "chat", "cat", 1},
    {kFrench, "avion", "plane", 1},
    {kFrench, "annuler", "cancel", 2},
    {kFrench, "remboursement", "refund", 2},
    {kFrench, "siege", "seat", 1},
    {kFrench, "enfants", "kids", 2},
    {kFrench, "prix", "price", 2},
    {kFrench, "meteo", "weather", 2},
    {kFrench, "aeroport", "airport", 2},
    {kFrench, "passeport", "passport", 2},
    {kFrench, "bord", "board", 1},
    {kFrench, "repas", "meal", 2},
    {kFrench, "que", "", 1},
    // German
    {kGerman, "der", "", 1},
    {kGerman, "die", "", 1},
    {kGerman, "das", "", 1},
    {kGerman, "und", "and", 2},
    {kGerman, "ist", "is", 2},
    {kGerman, "ich", "i", 2},
    {kGerman, "mein", "my", 2},
    {kGerman, "meine", "my", 2},
    {kGerman, "meinen", "my", 2},
    {kGerman, "mit", "with", 1},
    {kGerman, "nach", "to", 1},
    {kGerman, "fur", "for", 1},
    {kGerman, "kann", "can", 2},
    {kGerman, "darf", "can", 2},
    {kGerman, "wie", "how", 1},
    {kGerman, "viel", "much", 1},
    {kGerman, "kostet", "cost", 2},
    {kGerman, "hallo", "hello", 2},
    {kGerman, "danke", "thanks", 2},
    {kGerman, "bitte", "please", 2},
    {kGerman, "wir", "we", 2},
    {kGerman, "nicht", "not", 2},
    {kGerman, "einen", "", 1},
    {kGerman, "eine", "", 1},
    {kGerman, "den", "", 1},
    {kGerman, "dem", "", 1},
    {kGerman, "flug", "flight", 2},
    {kGerman, "fluge", "flights", 2},
    {kGerman, "gepack", "baggage", 2},
    {kGerman, "koffer", "baggage", 2},
    {kGerman, "hund", "dog", 2},
    {kGerman, "katze", "cat", 2},
    {kGerman, "mitnehmen", "bring", 2},
    {kGerman, "flugzeug", "plane", 2},
    {kGerman, "kabine", "cabin", 1},
    {kGerman, "stornieren", "cancel", 2},
    {kGerman, "erstattung", "refund", 2},
    {kGerman, "sitzplatz", "seat", 2},
    {kGerman, "kinder", "kids", 2},
    {kGerman, "preis", "price", 2},
    {kGerman, "wetter", "weather", 2},
    {kGerman, "wlan", "wifi", 2},
    {kGerman, "bord", "board", 1},
    {kGerman, "flughafen", "airport", 2},
    {kGerman, "reisepass", "passport", 2},
    {kGerman, "gewicht", "weight", 2},
    {kGerman, "essen", "meal", 1},
    // Portuguese
    {kPortuguese, "os", "", 1},
    {kPortuguese, "um", "", 1},
    {kPortuguese, "uma", "", 1},
    {kPortuguese, "para", "for", 1},
    {kPortuguese, "com", "with", 1},
    {kPortuguese, "meu", "my", 2},
    {kPortuguese, "minha", "my", 2},
    {kPortuguese, "posso", "can i", 2},
    {kPortuguese, "quero", "i want", 2},
    {kPortuguese, "preciso", "i need", 2},
    {kPortuguese, "quanto", "how much", 2},
    {kPortuguese, "custa", "cost", 2},
    {kPortuguese, "onde", "where", 2},
    {kPortuguese, "ola", "hello", 2},
    {kPortuguese, "obrigado", "thanks", 2},
    {kPortuguese, "obrigada", "thanks", 2},
    {kPortuguese, "levar", "bring", 2},
    {kPortuguese, "viajar", "travel", 1},
    {kPortuguese, "voo", "flight", 2},
    {kPortuguese, "voos", "flights", 2},
    {kPortuguese, "bagagem", "baggage", 2},
    {kPortuguese, "mala", "baggage", 1},
    {kPortuguese, "cachorro", "dog", 2},
    {kPortuguese, "cao", "dog", 2},
    {kPortuguese, "gato", "cat", 1},
    {kPortuguese, "aviao", "plane", 2},
    {kPortuguese, "cancelar", "cancel", 1},
    {kPortuguese, "reembolso", "refund", 1},
    {kPortuguese, "assento", "seat", 2},
    {kPortuguese, "criancas", "kids", 2},
    {kPortuguese, "filhos", "kids", 2},
    {kPortuguese, "preco", "price", 2},
    {kPortuguese, "aeroporto", "airport", 2},
    {kPortuguese, "passaporte", "passport", 2},
    {kPortuguese, "bordo", "board", 1},
    {kPortuguese, "refeicao", "meal", 2},
    {kPortuguese, "nao", "not", 2},
    {kPortuguese, "voce", "you", 2},
    {kPortuguese, "que", "", 1},
    {kPortuguese, "do", "", 0},
    {kPortuguese, "da", "", 1},
    {kPortuguese, "no", "", 0},
    {kPortuguese, "na", "", 1},
    {kPortuguese, "a", "", 0},
    {kPortuguese, "o", "", 0},
    {kSpanish, "a", "", 0},
    // Shared by several: a signal for each, dropped from the gloss.
    {kSpanish, "de", "", 1},
    {kFrench, "de", "", 1},
    {kPortuguese, "de", "", 1},
    {kSpanish, "la", "", 1},
    {kFrench, "la", "", 1},
    {kSpanish, "en", "", 1},
    {kFrench, "en", "", 1},
    {kSpanish, "un", "", 1},
    {kFrench, "un", "", 1},
};

// English words that outweigh a stray foreign-looking word ("die", "de") or an accented place.
constexpr std::string_view kEnglishWords[] = {
    "the",   "a",    "an",    "is",     "are", "i",   "my",   "can",     "to",     "and",
    "what",  "how",  "for",   "with",   "of",  "you", "do",   "does",    "we",     "it",
    "this",  "that", "there", "from",   "on",  "me",  "your", "be",      "have",   "will",
    "where", "when", "which", "please", "our", "us",  "in",   "flights", "hotels",
};

// kWords and kEnglishWords by word, built once: a turn detects its message's language, and
// comparing each word with every entry had cost ~9k instructions a message.
struct WordIndex {
  std::unordered_map<std::string_view, std::vector<const Entry*>> entries;  // in kWords' order
  std::unordered_map<std::string_view, int> english;                        // how often listed
  WordIndex() {
    for (const Entry& e : kWords) entries[e.word].push_back(&e);
    for (std::string_view w : kEnglishWords) ++english[w];
  }
  std::span<const Entry* const> Find(std::string_view word) const {
    const auto it = entries.find(word);
    return it == entries.end() ? std::span<const Entry* const>() : std::span<const Entry* const>(it->second);
  }
  int English(std::string_view word) const {
    const auto it = english.find(word);
    return it == english.end() ? 0 : it->second;
  }
};

const WordIndex& Index() {
  static const WordIndex index;
  return index;
}

// Folds one UTF-8 Latin-1 letter (0xC3 xx) to ASCII ("é" → "e", "ß" → "ss"); "" for the
// inverted marks "¿" and "¡" (0xC2 xx), which the tokenizer keeps inside a word.
std::string_view FoldLatin1(unsigned char lead, unsigned char c) {
  if (lead == 0xC2) return "";
  if (c >= 0xA0) c = static_cast<unsigned char>(c - 0x20);  // lowercase to uppercase's range
  if (c <= 0x85) return "a";
  if (c == 0x86) return "ae";
  if (c == 0x87) return "c";
  if (c <= 0x8B) return "e";
  if (c <= 0x8F) return "i";
  if (c == 0x91) return "n";
  if (c <= 0x98 && c != 0x97) return "o";
  if (c >= 0x99 && c <= 0x9C) return "u";
  if (c == 0x9F) return "ss";
  if (c == 0x9D) return "y";
  return "";
}

// The word with accents folded; other bytes kept as they are.
std::string Fold(std::string_view word) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if ((c == 0xC2 || c == 0xC3) && i + 1 < word.size()) {
      out.append(FoldLatin1(c, static_cast<unsigned char>(word[++i])));
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Accented letters (the second byte of 0xC3 xx, uppercase form) and the languages they point to:
// a set of bits 1 << Language.
constexpr std::uint8_t kEs = 1 << 1, kFr = 1 << 2, kDe = 1 << 3, kPt = 1 << 4;
struct Accent {
  unsigned char letter;
  std::uint8_t languages;
  int weight;
};
constexpr Accent kAccents[] = {
    {0x91, kEs, 2},              // ñ
    {0x83, kPt, 2},              // ã
    {0x95, kPt, 2},              // õ
    {0x9F, kDe, 2},              // ß
    {0x84, kDe, 1},              // ä
    {0x96, kDe, 1},              // ö
    {0x9C, kDe, 1},              // ü
    {0x87, kFr | kPt, 1},        // ç
    {0x8A, kFr | kPt, 1},        // ê
    {0x82, kFr | kPt, 1},        // â
    {0x94, kFr | kPt, 1},        // ô
    {0x80, kFr | kPt, 1},        // à
    {0x88, kFr, 1},              // è
    {0x8B, kFr, 1},              // ë
    {0x8E, kFr, 1},              // î
    {0x8F, kFr, 1},              // ï
    {0x9B, kFr, 1},              // û
    {0x99, kFr, 1},              // ù
    {0x81, kEs | kPt, 1},        // á
    {0x8D, kEs | kPt, 1},        // í
    {0x93, kEs | kPt, 1},        // ó
    {0x9A, kEs | kPt, 1},        // ú
    {0x89, kEs | kFr | kPt, 1},  // é
};

void AddAccents(std::string_view text, Scores& scores) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    unsigned char c = static_cast<unsigned char>(text[i + 1]);
    if (lead == 0xC2 && (c == 0xBF || c == 0xA1)) {  // ¿ ¡
      scores[static_cast<std::size_t>(kSpanish)] += 2;
    }
    if (lead != 0xC3) continue;
    if (c >= 0xA0) c = static_cast<unsigned char>(c - 0x20);
    for (const Accent& accent : kAccents) {
      if (accent.letter != c) continue;
      for (std::size_t l = 1; l < kLanguages; ++l) {
        if (accent.languages & (1u << l)) scores[l] += accent.weight;
      }
    }
  }
}

}  // namespace

Language DetectLanguage(std::string_view message) {
  Scores scores{};
  std::array<bool, kLanguages> has_word{};
  int english = 0;
  const WordIndex& index = Index();
  Tokens tokens(message);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string word = Fold(tokens.text(i));
    english += index.English(word);
    for (const Entry* e : index.Find(word)) {
      if (e->weight == 0) continue;
      scores[static_cast<std::size_t>(e->language)] += e->weight;
      has_word[static_cast<std::size_t>(e->language)] = true;
    }
  }
  AddAccents(message.substr(0, Tokens::kMaxBytes), scores);
  std::size_t best = 1;
  for (std::size_t k = 2; k < kLanguages; ++k) {
    if (scores[k] > scores[best]) best = k;
  }
  // Accents alone never decide: "São Paulo" and "Zürich" are place names in English questions.
  if (!has_word[best] || scores[best] < 2 || scores[best] <= english) return kEnglish;
  return static_cast<Language>(best);
}

std::string_view LanguageName(Language language) {
  switch (language) {
    case kSpanish: return "Spanish";
    case kFrench: return "French";
    case kGerman: return "German";
    case kPortuguese: return "Portuguese";
    case kEnglish: break;
  }
  return "English";
}

std::string EnglishGloss(std::string_view message, Language language) {
  if (language == kEnglish) return std::string(message);
  std::string out;
  Tokens tokens(message);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string word = Fold(tokens.text(i));
    const Entry* entry = nullptr;  // the last entry of the language, as kWords lists them
    for (const Entry* e : Index().Find(word)) {
      if (e->language == language) entry = e;
    }
    std::string_view english = entry != nullptr ? entry->english : std::string_view(word);
    if (english.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(english);
  }
  return out;
}

}  // namespace contrail::flightly
