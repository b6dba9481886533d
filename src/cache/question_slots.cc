#include "cache/question_slots.h"

namespace contrail::cache {

namespace {

// A soft slot's name without its '~'; "" for a firm slot stated by one question only (soft ones
// are then no disagreement).
std::string OneSided(const std::string& name) { return name.starts_with('~') ? std::string() : name; }
std::string Shown(const std::string& name) { return name.starts_with('~') ? name.substr(1) : name; }

}  // namespace

std::string Disagreement(const QuestionSlots& a, const QuestionSlots& b) {
  auto ia = a.begin();
  auto ib = b.begin();
  while (ia != a.end() || ib != b.end()) {
    if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
      if (std::string name = OneSided(ia->first); !name.empty()) return name;
      ++ia;
    } else if (ia == a.end() || ib->first < ia->first) {
      if (std::string name = OneSided(ib->first); !name.empty()) return name;
      ++ib;
    } else {
      if (ia->second != ib->second) return Shown(ia->first);
      ++ia, ++ib;
    }
  }
  return std::string();
}

}  // namespace contrail::cache
