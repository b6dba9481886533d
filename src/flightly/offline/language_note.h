#pragma once
// The offline model answers in English only. A question in another language (flightly/language.h)
// gets, in that language, one honest sentence saying so and that a configured model answers in
// any language, followed by the English answer when the question was understood.

#include <string>

#include "flightly/understanding.h"

namespace contrail::flightly::offline {

// Puts the note before `content` when u.language is not English. When the question was not
// understood (kUnknown, kGibberish), `content` becomes the note and an invitation to ask in
// English. Nothing changes for English.
void AddLanguageNote(const Understanding& u, std::string& content);

}  // namespace contrail::flightly::offline
