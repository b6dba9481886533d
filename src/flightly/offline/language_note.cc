#include "flightly/offline/language_note.h"

#include "flightly/offline/answers.h"

namespace contrail::flightly::offline {
namespace {

std::string_view Note(Language language) {
  switch (language) {
    case Language::kSpanish:
      return "Nota: soy el modelo sin conexión de Flightly y solo respondo en inglés; un modelo "
             "configurado responde en cualquier idioma.";
    case Language::kFrench:
      return "Remarque : je suis le modèle hors ligne de Flightly et je ne réponds qu'en anglais ; "
             "un modèle configuré répond dans n'importe quelle langue.";
    case Language::kGerman:
      return "Hinweis: Ich bin das Offline-Modell von Flightly und antworte nur auf Englisch; ein "
             "konfiguriertes Modell antwortet in jeder Sprache.";
    case Language::kPortuguese:
      return "Nota: sou o modelo offline da Flightly e respondo apenas em inglês; um modelo "
             "configurado responde em qualquer idioma.";
    case Language::kEnglish: break;
  }
  return {};
}

}  // namespace

void AddLanguageNote(const Understanding& u, std::string& content) {
  if (u.language == Language::kEnglish) return;
  std::string note(Note(u.language));
  note.append("\n\n");
  if (u.intent == Intent::kUnknown || u.intent == Intent::kGibberish) {
    note.append("Please ask me in English: I can help with ");
    AppendCapabilities(note);
    note.append(".");
    content = std::move(note);
    return;
  }
  content.insert(0, note);
}

}  // namespace contrail::flightly::offline
