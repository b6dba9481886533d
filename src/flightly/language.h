#pragma once
// Which language a traveller's message is in, and an English gloss of it that the English-only
// rules (slots, intents, retrieval) can read. Deterministic and table-driven: function words and
// diacritics decide the language; a small table maps common travel words to English.
//
//   DetectLanguage("¿Puedo llevar mi perro en el avión?") == Language::kSpanish
//   EnglishGloss("¿Puedo llevar mi perro en el avión?", Language::kSpanish) == "can i bring my dog
//   plane"

#include <cstdint>
#include <string>
#include <string_view>

namespace contrail::flightly {

enum class Language : std::uint8_t { kEnglish, kSpanish, kFrench, kGerman, kPortuguese };

// The language of `message`: English unless its words and accents point clearly to Spanish,
// French, German or Portuguese (two signals at least, more than for English). Place names with
// accents ("flights to Zürich") stay English. Pure and thread-safe.
Language DetectLanguage(std::string_view message);

// "Spanish", "French", …
std::string_view LanguageName(Language language);

// `message` with its travel words in English ("perro" → "dog", "Gepäck" → "baggage"), the
// language's other function words dropped and accents folded ("París" → "paris"), so that place
// names and numbers still read. For kEnglish, the message as it is.
std::string EnglishGloss(std::string_view message, Language language);

}  // namespace contrail::flightly
