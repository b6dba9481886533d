#pragma once
// Misspelt words of the phrases flightly reads a message's meaning from. A word of four letters
// or more that is neither English (WordNet, the stop words) nor a place, one edit from one word of
// the intent phrases (two edits for eight letters or more) or of the one-word place names that
// begins with the same letter, and from no other as close (or the one of them with the same
// letters: a swap), is read as that word: "how erly do i need to be at the airprot" asks "how
// early … airport" (check-in), "can i take my bunny rabit" is about pets, "best time to visit
// mauii" about Maui. A phrase word is preferred to a place ("cabn" is "cabin", not "Cabo"). A name
// (capitalised after the first word: "the Road to Hana") is only read as a place ("Reykavik").
// Only flightly's own vocabulary: a misspelt word of the documents is the knowledge search's to
// fix (knowledge::CorpusStats::CorrectSpelling).
//
//   FixTypos("whats the best tiem to visit maui") == "whats the best time to visit maui"

#include <string>
#include <string_view>

namespace contrail::flightly {

// `message` with its misspelt phrase words replaced, everything else as it was (case, spacing,
// punctuation). Unchanged when WordNet cannot be read: without it every word would look misspelt.
// Thread-safe.
std::string FixTypos(std::string_view message);

}  // namespace contrail::flightly
