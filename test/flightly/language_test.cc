// Issue 11: which language a message is in, and the English gloss the rules read.

#include "flightly/language.h"

#include <gtest/gtest.h>

namespace contrail::flightly {
namespace {

struct LanguageCase {
  const char* text;
  Language language;
};

TEST(LanguageTest, DetectsTheFourLanguagesByWordsAndAccents) {
  const LanguageCase cases[] = {
      {"¿Puedo llevar mi perro en el avión?", Language::kSpanish},
      {"hola", Language::kSpanish},
      {"Cuánto cuesta una maleta extra?", Language::kSpanish},
      {"Combien de bagages puis-je emporter ?", Language::kFrench},
      {"Est-ce que je peux voyager avec mon chien ?", Language::kFrench},
      {"Kann ich meinen Hund mitnehmen?", Language::kGerman},
      {"Wie viel kostet das Gepäck?", Language::kGerman},
      {"Posso levar o meu cachorro no avião?", Language::kPortuguese},
      {"Quanto custa a bagagem?", Language::kPortuguese},
  };
  for (const LanguageCase& c : cases) {
    EXPECT_EQ(LanguageName(DetectLanguage(c.text)), LanguageName(c.language)) << c.text;
  }
}

TEST(LanguageTest, EnglishWithForeignPlaceNamesStaysEnglish) {
  for (const char* text : {"can I bring my dog?", "flights to Zürich in May", "hotels in São Paulo",
                           "is Cancún nice in March?", "what is the best time to visit La Paz?", "",
                           "asdkjh qwe zzz", "Die Hard is my favourite film"}) {
    EXPECT_EQ(DetectLanguage(text), Language::kEnglish) << text;
  }
}

TEST(LanguageTest, GlossMapsTravelWordsAndFoldsAccents) {
  EXPECT_EQ(EnglishGloss("¿Puedo llevar mi perro en el avión?", Language::kSpanish),
            "can i bring my dog plane");
  EXPECT_EQ(EnglishGloss("Kann ich meinen Hund mitnehmen?", Language::kGerman),
            "can i my dog bring");
  EXPECT_EQ(EnglishGloss("Wie viel kostet das Gepäck?", Language::kGerman),
            "how much cost baggage");
  EXPECT_EQ(EnglishGloss("Vols pour Paris", Language::kFrench), "flights for paris");
  EXPECT_EQ(EnglishGloss("Quanto custa a bagagem?", Language::kPortuguese),
            "how much cost baggage");
  EXPECT_EQ(EnglishGloss("as it is", Language::kEnglish), "as it is");
}

}  // namespace
}  // namespace contrail::flightly
