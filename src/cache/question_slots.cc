#include "cache/question_slots.h"

namespace contrail::cache {

std::string Disagreement(const QuestionSlots& a, const QuestionSlots& b) {
  auto ia = a.begin();
  auto ib = b.begin();
  while (ia != a.end() || ib != b.end()) {
    if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) return ia->first;
    if (ia == a.end() || ib->first < ia->first) return ib->first;
    if (ia->second != ib->second) return ia->first;
    ++ia, ++ib;
  }
  return std::string();
}

}  // namespace contrail::cache
